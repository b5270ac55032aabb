import { customAlphabet } from "nanoid";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** Characters of the time part: 62^7 ms is about 111 years from 1970. */
const TIME_CHARS = 7;
const RANDOM_CHARS = 17;
// nanoid draws from a pool of random bytes and rejects out-of-range ones, so every character
// is uniform and most ids cost no system call.
const randomPart = customAlphabet(BASE62, RANDOM_CHARS);

/**
 * A request id, `req_` + 24 base62 characters: quoted to support, found in the log and audit.
 * The first 7 are the time it was issued (milliseconds, base62), the other 17 random (about
 * 101 bits). The time lets request lookup tell "not written yet" from "no such request": a
 * verification is written a moment after its answer, by the process that answered it.
 */
export function newRequestId(now = Date.now()): string {
  let time = "";
  let rest = now;
  for (let i = 0; i < TIME_CHARS; i++) {
    time = BASE62[rest % 62] + time;
    rest = Math.floor(rest / 62);
  }
  return `req_${time}${randomPart()}`;
}

/** When a request id of ours was issued (ms since 1970), or null when it is not one. */
export function requestIdTime(id: string): number | null {
  if (!/^req_[0-9A-Za-z]{24}$/.test(id)) return null;
  let time = 0;
  for (const char of id.slice(4, 4 + TIME_CHARS)) time = time * 62 + BASE62.indexOf(char);
  return time;
}

export const REQUEST_ID_HEADER = "request-id";
