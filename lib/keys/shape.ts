// How keys and tokens look, and finding them in text: the part of the key format that the
// browser needs too (forms refuse a key pasted into a name), so it imports nothing from Node.
// lib/keys/token.ts builds on these rules and re-exports them.

export const KEY_ENVIRONMENTS = ["live", "test"] as const;
export type KeyEnvironment = (typeof KEY_ENVIRONMENTS)[number];

/** A key prefix: 1-10 lowercase letters or digits, starting with a letter (`fp`, `sk`). */
export const PREFIX_RE = /^[a-z][a-z0-9]{0,9}$/;

/** How any deployment's key starts, `{prefix}_{env}_`: from the prefix and environment rules above. */
const KEY_START = `${PREFIX_RE.source.slice(1, -1)}_(?:${KEY_ENVIRONMENTS.join("|")})_`;
/**
 * The starts of the tokens that are not SDK keys but follow the same scheme (a fixed prefix,
 * then base62): `kpm_` management keys and `kpp_` portal tokens. They are secrets too.
 */
export const TOKEN_PREFIXES = ["kpm", "kpp"] as const;
const TOKEN_START = `(?:${TOKEN_PREFIXES.join("|")})_`;
const STARTS_LIKE_KEY = new RegExp(`^${KEY_START}`);
// No word boundary before the start: a key glued to a letter, digit or underscore (`x_fp_live_…`
// in a path id, a cursor or an app_id) is still a key.
const KEY_SHAPED = new RegExp(`(${KEY_START}|${TOKEN_START})[0-9A-Za-z]+`, "g");
/**
 * Base62 characters after a key's start that make text hold a secret, not a word: more than
 * the display start shows (8), and past any word a name would hold. A whole key has 36.
 */
export const SECRET_TEXT_MIN_CHARS = 16;
const HOLDS_KEY = new RegExp(`(?:${KEY_START}|${TOKEN_START})[0-9A-Za-z]{${SECRET_TEXT_MIN_CHARS},}`);

/**
 * True for values that start like a key of any deployment (`{prefix}_{env}_`), well-formed
 * or not: used to refuse keys where they do not belong (URLs, the management API).
 */
export function looksLikeKey(value: string): boolean {
  return STARTS_LIKE_KEY.test(value);
}

/**
 * True when `text` holds a key or a token of ours anywhere (its start followed by enough of a
 * secret): free text (names, descriptions) must not, or the key would sit in plaintext in the
 * table, the audit log and its CSV.
 */
export function containsKey(text: string): boolean {
  return HOLDS_KEY.test(text);
}

/**
 * `text` with every key-shaped value cut to its public part, `fp_live_[redacted]`: for logs
 * and for values a problem echoes back.
 */
export function redactKeys(text: string): string {
  return text.includes("_") ? text.replace(KEY_SHAPED, "$1[redacted]") : text;
}

