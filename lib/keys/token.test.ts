import fc from "fast-check";
import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  CHECKSUM_LENGTH,
  SECRET_LENGTH,
  assertValidPrefix,
  toBase62,
  generateKey,
  hashKey,
  keyStart,
  looksLikeJwt,
  containsKey,
  looksLikeKey,
  redactKeys,
  parseKey,
  generateManagementKey,
  generatePortalCode,
  generatePortalToken,
  isPortalCodeShaped,
  looksLikePortalToken,
  parsePortalToken,
  keyPrefixError,
  looksLikeManagementKey,
  parseManagementKey,
} from "./token";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const environments = fc.constantFrom("live" as const, "test" as const);
const prefixes = fc.constantFrom("fp", "sk", "kp1");

describe("generateKey / parseKey", () => {
  it("round-trips: parse(generate()) gives back the parts", () => {
    fc.assert(
      fc.property(prefixes, environments, (prefix, environment) => {
        const { key, hash, start } = generateKey({ prefix, environment });
        const parsed = parseKey(key, [prefix]);
        expect(parsed).toMatchObject({ ok: true, prefix, environment });
        expect(key).toBe(`${prefix}_${environment}_${(parsed as { secret: string }).secret}${(parsed as { checksum: string }).checksum}`);
        expect(hash).toBe(hashKey(key));
        expect(start).toBe(key.slice(0, prefix.length + environment.length + 2 + 8));
        expect(keyStart(key)).toBe(start);
      }),
      { numRuns: 500 },
    );
  });

  it("has the documented shape: fp_live_ / fp_test_ and base62", () => {
    const live = generateKey({ environment: "live" }).key;
    const test = generateKey({ environment: "test" }).key;
    expect(live).toMatch(new RegExp(`^fp_live_[0-9A-Za-z]{${SECRET_LENGTH + CHECKSUM_LENGTH}}$`));
    expect(test).toMatch(/^fp_test_/);
  });

  it("rejects every single-character substitution", () => {
    fc.assert(
      fc.property(environments, fc.nat(), fc.nat(), (environment, at, pick) => {
        const { key } = generateKey({ environment });
        const index = at % key.length;
        const alphabet = BASE62 + "_-.";
        let replacement = alphabet[pick % alphabet.length]!;
        if (replacement === key[index]) replacement = alphabet[(pick + 1) % alphabet.length]!;
        const mutated = key.slice(0, index) + replacement + key.slice(index + 1);
        const result = parseKey(mutated, ["fp"]);
        expect(result.ok).toBe(false);
        // Within the secret and checksum, only the checksum can tell: it must.
        if (index >= "fp_live_".length && BASE62.includes(replacement)) {
          expect(result).toEqual({ ok: false, reason: "bad_checksum" });
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("rejects every substitution exhaustively for one key", () => {
    const { key } = generateKey({ environment: "live" });
    for (let index = "fp_live_".length; index < key.length; index++) {
      for (const c of BASE62) {
        if (c === key[index]) continue;
        const result = parseKey(key.slice(0, index) + c + key.slice(index + 1));
        expect(result, `substitution at ${index}`).toEqual({ ok: false, reason: "bad_checksum" });
      }
    }
  });

  it("rejects every single-character deletion and every truncation", () => {
    fc.assert(
      fc.property(environments, (environment) => {
        const { key } = generateKey({ environment });
        for (let index = 0; index < key.length; index++) {
          expect(parseKey(key.slice(0, index) + key.slice(index + 1)).ok).toBe(false);
          expect(parseKey(key.slice(0, index)).ok).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("rejects a checksum that is valid for another key", () => {
    const a = generateKey({ environment: "live" }).key;
    const b = generateKey({ environment: "live" }).key;
    const swapped = a.slice(0, -CHECKSUM_LENGTH) + b.slice(-CHECKSUM_LENGTH);
    expect(parseKey(swapped)).toEqual({ ok: false, reason: "bad_checksum" });
  });

  it("gives a typed reason for each malformed case", () => {
    const { key } = generateKey({ environment: "test" });
    const body = key.slice("fp_test_".length);
    expect(parseKey("")).toEqual({ ok: false, reason: "empty" });
    expect(parseKey("x".repeat(65))).toEqual({ ok: false, reason: "too_long" });
    expect(parseKey("fp_live")).toEqual({ ok: false, reason: "bad_shape" });
    expect(parseKey(`sk_test_${body}`, ["fp"])).toEqual({ ok: false, reason: "bad_prefix" });
    expect(parseKey(`fp_prod_${body}`)).toEqual({ ok: false, reason: "bad_environment" });
    expect(parseKey(`fp_test_${body.slice(1)}!`)).toEqual({ ok: false, reason: "bad_charset" });
    expect(parseKey(`fp_test_${body}0`)).toEqual({ ok: false, reason: "bad_length" });
  });

  it("generates 100,000 keys with no duplicates", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) seen.add(generateKey({ environment: "live" }).key);
    expect(seen.size).toBe(100_000);
  });

  it("draws secret characters without bias", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      for (const c of generateKey({ environment: "live" }).key.slice(8, 8 + SECRET_LENGTH)) {
        counts.set(c, (counts.get(c) ?? 0) + 1);
      }
    }
    expect(counts.size).toBe(62);
    const expected = (2000 * SECRET_LENGTH) / 62;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.2);
  });
});

describe("helpers", () => {
  it("ends every key with the CRC-32 of its body in base62", () => {
    const { key } = generateKey({ environment: "live" });
    const body = key.slice(0, -CHECKSUM_LENGTH);
    expect(key.slice(-CHECKSUM_LENGTH)).toBe(toBase62(crc32(body), CHECKSUM_LENGTH));
  });

  it("refuses Clerk's machine-token prefixes and malformed prefixes", () => {
    for (const prefix of ["ak", "mt", "oat"]) expect(() => assertValidPrefix(prefix)).toThrow(/reserved/);
    for (const prefix of ["", "FP", "1fp", "fp_x", "abcdefghijk"]) expect(() => assertValidPrefix(prefix)).toThrow();
    expect(() => generateKey({ prefix: "mt", environment: "live" })).toThrow();
    expect(() => assertValidPrefix("sk")).not.toThrow();
  });

  it("redacts every key-shaped value to its public part, and nothing else", () => {
    const { key } = generateKey({ prefix: "sk", environment: "test" });
    expect(redactKeys(`path /api/v1/projects/${key}/keys and fp_live_abc`)).toBe(
      "path /api/v1/projects/sk_test_[redacted]/keys and fp_live_[redacted]",
    );
    expect(redactKeys("no keys here: a_live_ is only a start, req_live_x is not one")).toBe(
      "no keys here: a_live_ is only a start, req_live_[redacted] is not one",
    );
    expect(redactKeys("plain text")).toBe("plain text");
  });

  it("redacts a key glued to a letter, digit or underscore, and management and portal tokens", () => {
    const { key } = generateKey({ environment: "live" });
    for (const glue of ["x", "X", "7", "_", "app_", "A1_"]) {
      const redacted = redactKeys(`${glue}${key}`);
      expect(redacted, glue).not.toContain(key.slice(8));
      expect(redacted, glue).toContain("[redacted]");
    }
    const secret = key.slice(8);
    for (const token of [`kpm_${secret}`, `kpp_${secret}`, `_kpm_${secret}`, `9kpp_${secret}`]) {
      expect(redactKeys(`the token ${token}.`)).not.toContain(secret);
    }
  });

  it("finds keys and tokens inside free text, but not words that merely look like a start", () => {
    const { key } = generateKey({ prefix: "sk", environment: "test" });
    for (const text of [key, `old key: ${key} (rotated)`, `x${key}`, `kpm_${key.slice(8)}`, `kpp_${key.slice(8)}`, key.slice(0, 8 + 16)]) {
      expect(containsKey(text), text).toBe(true);
    }
    for (const text of ["server_prod", "ci_test_runner", "stripe_live_mirror", keyStart(key), "kpm_short", "plain text"]) {
      expect(containsKey(text), text).toBe(false);
    }
  });

  it("tells a JWT from a key", () => {
    expect(looksLikeJwt("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln")).toBe(true);
    expect(looksLikeJwt(generateKey({ environment: "live" }).key)).toBe(false);
    expect(looksLikeKey(generateKey({ prefix: "sk", environment: "test" }).key)).toBe(true);
    expect(looksLikeKey("fp_live_")).toBe(true);
    expect(looksLikeKey("eyJhbGciOiJSUzI1NiJ9.e30.c2ln")).toBe(false);
    expect(looksLikeKey("fp_prod_abc")).toBe(false);
  });
});

describe("management keys", () => {
  it("are kpm_ + 30 base62 + a 6-character CRC32, whatever the SDK key prefix", () => {
    const { key, hash, start } = generateManagementKey();
    expect(key).toMatch(/^kpm_[0-9A-Za-z]{36}$/);
    expect(start).toBe(key.slice(0, 8));
    expect(hash).toBe(hashKey(key));
    expect(parseManagementKey(key)).toMatchObject({ ok: true, secret: key.slice(4, 34) });
    expect(generateManagementKey().key).not.toBe(key);
  });

  it("refuse a mistyped, truncated or foreign token before any lookup, each for its reason", () => {
    const { key } = generateManagementKey();
    const typo = key.slice(0, 10) + (key[10] === "a" ? "b" : "a") + key.slice(11);
    expect(parseManagementKey(typo)).toEqual({ ok: false, reason: "bad_checksum" });
    expect(parseManagementKey(key.slice(0, -1))).toEqual({ ok: false, reason: "bad_length" });
    expect(parseManagementKey(`${key.slice(0, 10)}-${key.slice(11)}`)).toEqual({ ok: false, reason: "bad_charset" });
    expect(parseManagementKey(generateKey({ environment: "live" }).key)).toEqual({ ok: false, reason: "bad_prefix" });
    expect(parseManagementKey("")).toEqual({ ok: false, reason: "empty" });
    expect(parseManagementKey(`${key}${"A".repeat(40)}`)).toEqual({ ok: false, reason: "too_long" });
  });

  it("are not SDK keys, and their prefix cannot be an SDK key prefix", () => {
    const { key } = generateManagementKey();
    expect(looksLikeManagementKey(key)).toBe(true);
    expect(looksLikeKey(key)).toBe(false);
    expect(parseKey(key).ok).toBe(false);
    expect(keyPrefixError("kpm")).toMatch(/reserved/);
    expect(containsKey(`deploy with ${key}`)).toBe(true);
  });
});

describe("portal tokens", () => {
  it("are kpp_ + 30 base62 + a 6-character CRC32, and never parse as a management key", () => {
    const { key, hash } = generatePortalToken();
    expect(key).toMatch(/^kpp_[0-9A-Za-z]{36}$/);
    expect(hash).toBe(hashKey(key));
    expect(parsePortalToken(key)).toMatchObject({ ok: true, secret: key.slice(4, 34) });
    expect(looksLikePortalToken(key)).toBe(true);
    expect(looksLikeManagementKey(key)).toBe(false);
    expect(parseManagementKey(key)).toEqual({ ok: false, reason: "bad_prefix" });
    expect(parsePortalToken(generateManagementKey().key)).toEqual({ ok: false, reason: "bad_prefix" });
    expect(containsKey(`session ${key}`)).toBe(true);
    expect(keyPrefixError("kpp")).toMatch(/reserved/);
  });

  it("refuse a mistyped or truncated token before any lookup", () => {
    const { key } = generatePortalToken();
    const typo = key.slice(0, 10) + (key[10] === "a" ? "b" : "a") + key.slice(11);
    expect(parsePortalToken(typo)).toEqual({ ok: false, reason: "bad_checksum" });
    expect(parsePortalToken(key.slice(0, -1))).toEqual({ ok: false, reason: "bad_length" });
  });
});

describe("portal link codes", () => {
  it("are 32 base62 characters, stored as their SHA-256, each different", () => {
    const { code, hash } = generatePortalCode();
    expect(isPortalCodeShaped(code)).toBe(true);
    expect(hash).toBe(hashKey(code));
    expect(generatePortalCode().code).not.toBe(code);
    expect(isPortalCodeShaped(code.slice(1))).toBe(false);
    expect(isPortalCodeShaped(`${code.slice(1)}-`)).toBe(false);
  });
});
