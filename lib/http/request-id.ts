import { randomBytes } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A request id, `req_` + 24 base62 characters (seed 002's `request-id: req_...`). */
export function newRequestId(): string {
  let id = "req_";
  for (const byte of randomBytes(24)) id += BASE62[byte % 62];
  return id;
}

export const REQUEST_ID_HEADER = "request-id";
