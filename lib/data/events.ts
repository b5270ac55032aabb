import "server-only";
import { EventEmitter } from "node:events";
import type { Tx } from "./client";

// Every change to a key that verification must see at once (a revocation, a roll, an edit of
// its scopes, expiry, limit or allowlist) is announced by the key's hash on one channel:
// - to other instances through PostgreSQL NOTIFY, sent inside the changing transaction, so it
//   is delivered only if the change committed;
// - to this instance in process, after the commit.
// The verifier's cache drops the key on either, and reads it afresh on its next verification.

export const KEY_CHANGE_CHANNEL = "keyport_key_changed";

const globalForEvents = globalThis as unknown as { keyportKeyEvents?: EventEmitter };
export const keyEvents: EventEmitter = (globalForEvents.keyportKeyEvents ??= new EventEmitter());
keyEvents.setMaxListeners(50);

/** Tells every other instance, when `tx` commits, that the key with `hash` changed. */
export async function notifyKeyChange(tx: Tx, hash: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${KEY_CHANGE_CHANNEL}, ${hash})`;
}

/** Tells this instance that the key with `hash` changed (after the commit). */
export function announceKeyChange(hash: string): void {
  keyEvents.emit("changed", hash);
}

/**
 * Calls `listener` with the hash of every key change this process announces, in order. The
 * production server's dashboard process relays them to its verify process, which must know
 * before the answer to the change leaves (server.ts).
 */
export function onKeyChange(listener: (hash: string) => void): () => void {
  keyEvents.on("changed", listener);
  return () => keyEvents.off("changed", listener);
}
