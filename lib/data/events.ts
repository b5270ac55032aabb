import "server-only";
import { EventEmitter } from "node:events";

// In-process signal that a key was revoked, raised by the data layer after the revoking
// transaction commits. The verifier's cache listens, so the revoking instance never accepts
// the key again; other instances hear it through PostgreSQL NOTIFY on the same channel.

export const REVOCATION_CHANNEL = "keyport_key_revoked";

const globalForEvents = globalThis as unknown as { keyportKeyEvents?: EventEmitter };
export const keyEvents: EventEmitter = (globalForEvents.keyportKeyEvents ??= new EventEmitter());
keyEvents.setMaxListeners(50);

export function announceRevocation(hash: string): void {
  keyEvents.emit("revoked", hash);
}
