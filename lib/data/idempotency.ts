import "server-only";
import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors";
import { prisma, type Tx } from "./client";
import { isLockNotAvailable } from "./errors";
import { seal, unseal } from "./sealed";
import type { Caller } from "./types";

// `Idempotency-Key` on POST (IETF draft semantics), shared by the REST API and the
// dashboard's create actions:
//   same key + same request   -> the original response, replayed (secrets included)
//   same key + other request  -> 422
//   same key while in flight  -> 409
// Stored responses are encrypted (AES-256-GCM) and kept for 24 hours, then deleted.
// The work and its stored response commit in one transaction (see withIdempotency).
// Keys are scoped to the caller: the same Idempotency-Key from two callers never collides.
// Adapters call runIdempotent, the one way in: the REST API with the request's header, the
// dashboard's dialogs with the submission id fixed when the dialog opened.

export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

export type StoredResponse = { status: number; body: unknown };

const encrypt = (plaintext: string) => seal("idempotency", plaintext);
/**
 * The stored first answer. One sealed under another KEYPORT_SECRET (the secret was changed, or
 * instances disagree on it) cannot be opened: the work is done, but its answer cannot be
 * replayed, which is a conflict for the client to resolve with a new key, never a 500.
 */
function storedBody(sealed: string): unknown {
  let plaintext: string;
  try {
    plaintext = unseal("idempotency", sealed);
  } catch {
    throw new AppError(
      "conflict",
      "A request with this Idempotency-Key already completed, but its answer cannot be replayed: it was stored under another KEYPORT_SECRET. Look the result up, or retry with a new key.",
    );
  }
  return JSON.parse(plaintext);
}

function validateIdempotencyKey(value: string | null): string | null {
  if (value === null) return null;
  if (!/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw new AppError("bad_request", "Idempotency-Key must be 1-255 visible ASCII characters.", {
      errors: [{ location: "header.Idempotency-Key", message: "Invalid idempotency key.", value }],
    });
  }
  return value;
}

function fingerprintOf(parts: unknown[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

/**
 * Runs `fn` at most once per caller, operation and idempotency key (see withIdempotency), and
 * answers with its response or the first one, replayed. `key` is the client's key (null: no
 * key, `fn` simply runs), refused with a 400 when it is not 1-255 visible ASCII characters.
 * `request` is everything that makes two requests the same request: a key reused with another
 * one is refused (422). `fn` gets the transaction to pass to the data layer.
 */
export async function runIdempotent(
  caller: Caller,
  options: { operation: string; key: string | null; request: unknown[] },
  fn: (tx: Tx) => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  const key = validateIdempotencyKey(options.key);
  return withIdempotency(
    { scope: idempotencyScope(caller, options.operation), key, fingerprint: fingerprintOf(options.request) },
    fn,
  );
}

/** Where a caller's keys live: the same key for two people, or two operations, never collides. */
function idempotencyScope(caller: Caller, operation: string): string {
  return `${caller.workspaceId}:${caller.actor.userId}:${operation}`;
}

/**
 * Runs `fn` at most once per (scope, key) within the window, and returns its response (or the
 * first response, replayed). Crash-safe: `fn` runs inside the transaction that completes the
 * record, so the work and the stored response commit together or not at all.
 *
 *   0. A duplicate of a request this process is still running is a 409 at once.
 *   1. The record is inserted on its own, so a concurrent duplicate can find it.
 *   2. One transaction locks it (NOWAIT: another instance's live lock means 409 in flight),
 *      replays it if it is complete, or runs `fn` with that transaction and completes it.
 *
 * A process that dies before committing leaves an incomplete, unlocked record: the retry takes
 * it over at once and does the work; nothing was created, so nothing is created twice. When
 * `fn` fails, the record is released so the client may retry, even with another body.
 */
async function withIdempotency(
  options: { scope: string; key: string | null; fingerprint: string },
  fn: (tx: Tx) => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  if (!options.key) return { ...(await prisma.$transaction((tx) => fn(tx))), replayed: false };
  // On a database that serves one session (the embedded one), a duplicate would wait for the
  // connection and never meet the owner's lock: the process knows its own requests in flight.
  const running = `${options.scope}\u0000${options.key}`;
  if (inFlight.has(running)) throw inFlightError();
  inFlight.add(running);
  try {
    return await runOnce(options as { scope: string; key: string; fingerprint: string }, fn);
  } finally {
    inFlight.delete(running);
  }
}

const globalForIdempotency = globalThis as unknown as { keyportIdempotencyInFlight?: Set<string> };
const inFlight: Set<string> = (globalForIdempotency.keyportIdempotencyInFlight ??= new Set());

async function runOnce(
  options: { scope: string; key: string; fingerprint: string },
  fn: (tx: Tx) => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  const where = { scope_key: { scope: options.scope, key: options.key } };
  await sweepExpired();
  await prisma.idempotencyRecord.createMany({
    data: {
      scope: options.scope,
      key: options.key,
      fingerprint: options.fingerprint,
      expiresAt: new Date(Date.now() + IDEMPOTENCY_WINDOW_MS),
    },
    skipDuplicates: true,
  });
  try {
    return await prisma.$transaction(async (tx) => {
      const [record] = await tx.$queryRaw<{ id: string; fingerprint: string; status: number | null; body: string | null }[]>`
        SELECT id, fingerprint, status, body FROM idempotency_records
        WHERE scope = ${options.scope} AND key = ${options.key} FOR UPDATE NOWAIT`;
      if (!record) throw inFlightError();
      if (record.fingerprint !== options.fingerprint) {
        throw new AppError(
          "idempotency_key_reused",
          "This Idempotency-Key was already used with a different request. Use a new key for a new request.",
        );
      }
      if (record.status !== null && record.body !== null) {
        return { status: record.status, body: storedBody(record.body), replayed: true };
      }
      const response = await fn(tx);
      await tx.idempotencyRecord.update({
        where: { id: record.id },
        data: { status: response.status, body: encrypt(JSON.stringify(response.body)) },
      });
      return { ...response, replayed: false };
    });
  } catch (error) {
    if (isLockNotAvailable(error)) {
      throw inFlightError();
    }
    // Release an incomplete record of ours, so that a corrected retry is not refused as reuse.
    await prisma.idempotencyRecord
      .deleteMany({ where: { ...where.scope_key, fingerprint: options.fingerprint, status: null } })
      .catch(() => {});
    throw error;
  }
}

/** A 409 for a duplicate of a request that is still running: retry after it completes. */
function inFlightError(): AppError {
  return new AppError(
    "idempotency_in_flight",
    "A request with this Idempotency-Key is still being processed. Retry after it completes.",
    { headers: { "Retry-After": "1" } },
  );
}

let lastSweep = 0;

/** Deletes expired records, at most once a minute per process. */
async function sweepExpired(): Promise<void> {
  const now = Date.now();
  if (now - lastSweep < 60_000) return;
  lastSweep = now;
  await prisma.idempotencyRecord.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
}
