import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseP256PublicKey } from "./pem";

describe("parseP256PublicKey", () => {
  it("reads a P-256 public key, also with its newlines written as \\n", () => {
    const { publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
    expect(parseP256PublicKey(pem).asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    expect(parseP256PublicKey(pem.replace(/\n/g, "\\n")).equals(publicKey)).toBe(true);
  });

  it("refuses another curve, another algorithm, and what is not PEM", () => {
    const p384 = generateKeyPairSync("ec", { namedCurve: "secp384r1" }).publicKey.export({ type: "spki", format: "pem" }).toString();
    const ed = generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" }).toString();
    expect(() => parseP256PublicKey(p384)).toThrow();
    expect(() => parseP256PublicKey(ed)).toThrow();
    expect(() => parseP256PublicKey("not a key")).toThrow();
  });
});
