import "server-only";
import type { LimitStoreStatus } from "@/lib/limits";

// What the production server's two processes tell each other over their IPC channel. The
// verify process (server.ts) starts the dashboard process (app-server.ts) and forwards it every
// request but verify's.

/**
 * On each answer the dashboard process writes: the number of the last key change it had
 * announced by then. The verify process holds the answer until it has heard that change, then
 * drops the header: it never reaches a client.
 */
export const KEY_SYNC_HEADER = "x-keyport-key-sync";

export type ProcessMessage =
  /** Dashboard -> verify: it listens and can be forwarded requests. */
  | "ready"
  /** Dashboard -> verify: a key changed (revoked, rolled, edited); `seq` numbers the changes from 1. */
  | { type: "key-changed"; seq: number; hash: string }
  /** Verify -> dashboard: the verify process's rate-limit store, for /api/health. */
  | { type: "limits"; status: LimitStoreStatus };
