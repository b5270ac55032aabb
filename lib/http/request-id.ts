import { customAlphabet } from "nanoid";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
// nanoid draws from a pool of random bytes and rejects out-of-range ones, so every character
// is uniform and most ids cost no system call.
const randomId = customAlphabet(BASE62, 24);

/** A request id, `req_` + 24 base62 characters: quoted to support, found in the log and audit. */
export function newRequestId(): string {
  return `req_${randomId()}`;
}

export const REQUEST_ID_HEADER = "request-id";
