import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { readOrCreateSecretFile } from "@/lib/secrets";
import { prisma } from "./client";

// `Idempotency-Key` on POST (IETF draft semantics), shared by the REST API and the
// dashboard's create actions:
//   same key + same request   -> the original response, replayed (secrets included)
//   same key + other request  -> 422
//   same key while in flight  -> 409
// Stored responses are encrypted (AES-256-GCM) and kept for 24 hours, then deleted.
// Keys are scoped to the caller: the same Idempotency-Key from two callers never collides.

export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** An in-flight record older than this belongs to a request that died; it may be retried. */
const ABANDONED_AFTER_MS = 60_000;

export type StoredResponse = { status: number; body: unknown };

let cachedKey: Buffer | null = null;

/** The AES key, derived once from KEYPORT_SECRET (or the data directory's secret file). */
function encryptionKey(): Buffer {
  if (cachedKey) return cachedKey;
  const secret =
    env().KEYPORT_SECRET ?? readOrCreateSecretFile("keyport-secret", () => randomBytes(32).toString("base64"));
  cachedKey = createHash("sha256").update(`keyport-idempotency:${secret}`).digest();
  return cachedKey;
}

function encrypt(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString("base64")).join(".");
}

function decrypt(stored: string): string {
  const [iv, tag, data] = stored.split(".").map((part) => Buffer.from(part, "base64")) as [Buffer, Buffer, Buffer];
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
}

export function validateIdempotencyKey(value: string | null): string | null {
  if (value === null) return null;
  if (!/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw new AppError("bad_request", "Idempotency-Key must be 1-255 visible ASCII characters.", {
      errors: [{ location: "header.Idempotency-Key", message: "Invalid idempotency key.", value }],
    });
  }
  return value;
}

export function fingerprintOf(parts: unknown[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

/**
 * Runs `fn` at most once per (scope, key) within the window. Returns the response and
 * whether it was replayed. A failure (an AppError or anything thrown) is not stored, so
 * the client may retry it.
 */
export async function withIdempotency(
  options: { scope: string; key: string | null; fingerprint: string },
  fn: () => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  if (!options.key) return { ...(await fn()), replayed: false };
  const where = { scope_key: { scope: options.scope, key: options.key } };
  const now = Date.now();
  await prisma.idempotencyRecord.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });

  let record;
  try {
    record = await prisma.idempotencyRecord.create({
      data: {
        scope: options.scope,
        key: options.key,
        fingerprint: options.fingerprint,
        expiresAt: new Date(now + IDEMPOTENCY_WINDOW_MS),
      },
    });
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    const existing = await prisma.idempotencyRecord.findUnique({ where });
    if (!existing) return withIdempotency(options, fn);
    if (existing.fingerprint !== options.fingerprint) {
      throw new AppError(
        "idempotency_key_reused",
        "This Idempotency-Key was already used with a different request. Use a new key for a new request.",
      );
    }
    if (existing.status === null || existing.body === null) {
      if (now - existing.createdAt.getTime() > ABANDONED_AFTER_MS) {
        await prisma.idempotencyRecord.deleteMany({ where: { id: existing.id, status: null } });
        return withIdempotency(options, fn);
      }
      throw new AppError(
        "idempotency_in_flight",
        "A request with this Idempotency-Key is still being processed. Retry after it completes.",
        { headers: { "Retry-After": "1" } },
      );
    }
    return { status: existing.status, body: JSON.parse(decrypt(existing.body)), replayed: true };
  }

  try {
    const response = await fn();
    await prisma.idempotencyRecord.update({
      where: { id: record.id },
      data: { status: response.status, body: encrypt(JSON.stringify(response.body)) },
    });
    return { ...response, replayed: false };
  } catch (error) {
    await prisma.idempotencyRecord.delete({ where: { id: record.id } }).catch(() => {});
    throw error;
  }
}
