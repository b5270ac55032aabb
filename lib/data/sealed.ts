import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { readOrCreateSecretFile } from "@/lib/secrets";

// Values kept in the database that must not be readable from it alone (idempotency replays,
// which hold a new key; webhook signing secrets): AES-256-GCM under a key derived from
// KEYPORT_SECRET (or the data directory's secret file) and the value's purpose, so a value
// sealed for one purpose cannot be opened as another.

export type SealPurpose = "idempotency" | "webhook-secret";

const keys = new Map<SealPurpose, Buffer>();

function keyFor(purpose: SealPurpose): Buffer {
  let key = keys.get(purpose);
  if (!key) {
    const secret =
      env().KEYPORT_SECRET ?? readOrCreateSecretFile("keyport-secret", () => randomBytes(32).toString("base64"));
    key = createHash("sha256").update(`keyport-${purpose}:${secret}`).digest();
    keys.set(purpose, key);
  }
  return key;
}

export function seal(purpose: SealPurpose, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(purpose), iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString("base64")).join(".");
}

export function unseal(purpose: SealPurpose, sealed: string): string {
  const [iv, tag, data] = sealed.split(".").map((part) => Buffer.from(part, "base64")) as [Buffer, Buffer, Buffer];
  const decipher = createDecipheriv("aes-256-gcm", keyFor(purpose), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
}
