import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

// Recoverable keys, sealed: AES-256-GCM under a key derived with HKDF-SHA-256 from the
// deployment's secret. A sealed value names its format (`v1.`), so a later format can sit
// beside it. After the secret is rotated, values sealed under the previous one still open
// while that secret is given as `previous`; new values are always sealed under the current one.
// Pure: the secrets are handed in (lib/data/recoverable.ts reads them from the environment).

const FORMAT = "v1";
const SALT = "keyport-recoverable-keys";
const INFO = "keyport api key v1";
/** GCM's full tag: a decipher told the length refuses a shortened tag instead of checking fewer bytes. */
const TAG_LENGTH = 16;

/** The AES-256 key for `secret`. */
function deriveKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, SALT, INFO, 32));
}

export type KeySealer = {
  /** `plaintext`, sealed under the current secret. */
  seal(plaintext: string): string;
  /** The plaintext, opened with the current secret or else the previous one; null when neither opens it. */
  open(sealed: string): string | null;
};

export function createKeySealer(secrets: { current: string; previous?: string | null | undefined }): KeySealer {
  const current = deriveKey(secrets.current);
  const previous = secrets.previous ? deriveKey(secrets.previous) : null;
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", current, iv, { authTagLength: TAG_LENGTH });
      const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return [FORMAT, ...[iv, cipher.getAuthTag(), data].map((b) => b.toString("base64url"))].join(".");
    },
    open(sealed) {
      const parts = sealed.split(".");
      if (parts.length !== 4 || parts[0] !== FORMAT) return null;
      const [iv, tag, data] = parts.slice(1).map((part) => Buffer.from(part, "base64url")) as [Buffer, Buffer, Buffer];
      for (const key of previous ? [current, previous] : [current]) {
        try {
          const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_LENGTH });
          decipher.setAuthTag(tag);
          return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
        } catch {
          // Not this secret's: try the next one.
        }
      }
      return null;
    },
  };
}
