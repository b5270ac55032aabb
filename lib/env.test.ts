import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, envSchema, parseEnv } from "./env";
import { ENV_DOCS, renderEnvTable } from "./env-docs";

describe("configuration", () => {
  it("documents every variable in the README, exactly as the schema declares it", () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, "..", "README.md"), "utf8");
    expect(Object.keys(ENV_DOCS).sort()).toEqual(Object.keys(envSchema.shape).sort());
    expect(readme, "run `npm run docs:env`").toContain(renderEnvTable());
  });

  it("gives every variable its default when nothing is set", () => {
    const config = parseEnv({});
    expect(config).toMatchObject({
      PORT: 3000,
      KEYPORT_KEY_PREFIX: "fp",
      KEYPORT_ACCEPTED_KEY_PREFIXES: [],
      KEYPORT_VERIFY_CACHE: true,
      KEYPORT_FAST_VERIFY: true,
      KEYPORT_USAGE_FLUSH_MS: 1000,
      KEYPORT_DATA_DIR: ".data",
    });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it("reads switches, numbers, URLs and escaped PEM keys", () => {
    const config = parseEnv({
      KEYPORT_VERIFY_CACHE: "off",
      KEYPORT_FAST_VERIFY: "0",
      KEYPORT_VERIFY_CACHE_SIZE: "1234",
      KEYPORT_PUBLIC_URL: "https://keys.example.com/",
      CLERK_JWT_KEY: "-----BEGIN PUBLIC KEY-----\\nabc\\n-----END PUBLIC KEY-----",
      KEYPORT_KEY_PREFIX: "sk",
      KEYPORT_ACCEPTED_KEY_PREFIXES: "fp, old",
    });
    expect(config.KEYPORT_VERIFY_CACHE).toBe(false);
    expect(config.KEYPORT_FAST_VERIFY).toBe(false);
    expect(config.KEYPORT_VERIFY_CACHE_SIZE).toBe(1234);
    expect(config.KEYPORT_PUBLIC_URL).toBe("https://keys.example.com");
    expect(config.CLERK_JWT_KEY).toBe("-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----");
    expect(config.KEYPORT_ACCEPTED_KEY_PREFIXES).toEqual(["fp", "old"]);
  });

  it("names every bad variable in one clear error", () => {
    let error: unknown;
    try {
      parseEnv({ PORT: "eighty", KEYPORT_KEY_PREFIX: "mt", KEYPORT_VERIFY_CACHE: "maybe", DATABASE_URL: "mysql://x" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as EnvError).message;
    expect(message).toMatch(/PORT: use a whole number from 1 to 65535/);
    expect(message).toMatch(/KEYPORT_KEY_PREFIX: .*reserved by Clerk/);
    expect(message).toMatch(/KEYPORT_VERIFY_CACHE: use 1\/on or 0\/off/);
    expect(message).toMatch(/DATABASE_URL: use a postgresql:\/\/ URL/);
    expect((error as EnvError).problems).toHaveLength(4);
  });
});
