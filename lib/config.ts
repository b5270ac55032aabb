import "server-only";
import { DEFAULT_KEY_PREFIX, assertValidPrefix } from "@/lib/keys/token";

/** The prefix new keys get (`fp` by default, e.g. `sk` for seed 002's style). */
export function keyPrefix(): string {
  const prefix = process.env.KEYPORT_KEY_PREFIX || DEFAULT_KEY_PREFIX;
  assertValidPrefix(prefix);
  return prefix;
}

/**
 * Prefixes the verifier accepts: the current one plus any listed in
 * KEYPORT_ACCEPTED_KEY_PREFIXES, so that changing the prefix does not break issued keys.
 */
export function acceptedKeyPrefixes(): string[] {
  const extra = (process.env.KEYPORT_ACCEPTED_KEY_PREFIXES ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  extra.forEach(assertValidPrefix);
  return [...new Set([keyPrefix(), ...extra])];
}
