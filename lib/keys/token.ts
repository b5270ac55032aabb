// The key format: `{prefix}_{env}_{secret}{checksum}`, e.g. `fp_live_` + 30 + 6 characters.
//
// - `secret` is 30 base62 characters drawn uniformly (nanoid's rejection sampler over
//   crypto-random bytes, ~178 bits).
// - `checksum` is CRC32 (zlib's) of everything before it, as 6 base62 characters (the scheme
//   GitHub's tokens use), so a typo or a truncated key is rejected before any database lookup.
// - Only the SHA-256 of the whole key and a short display start are ever stored.
//
// Pure: no I/O, no configuration reads. Safe to use anywhere on the server.
import { hash } from "node:crypto";
import { crc32 } from "node:zlib";
import { customAlphabet } from "nanoid";
import { KEY_ENVIRONMENTS, PREFIX_RE, TOKEN_PREFIXES, type KeyEnvironment } from "./shape";

export { KEY_ENVIRONMENTS, TOKEN_PREFIXES, SECRET_TEXT_MIN_CHARS, containsKey, looksLikeKey, redactKeys } from "./shape";
export type { KeyEnvironment } from "./shape";

export const SECRET_LENGTH = 30;
export const CHECKSUM_LENGTH = 6;
/** Characters of the secret shown in the display start: `fp_live_` + 8. */
export const START_SECRET_CHARS = 8;
/** Prefixes Clerk treats as its own machine tokens: a key must never look like one. */
export const RESERVED_PREFIXES = ["ak", "mt", "oat"] as const;
export const DEFAULT_KEY_PREFIX = "fp";
const MAX_KEY_LENGTH = 64;

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE62_RE = /^[0-9A-Za-z]+$/;

export type KeyParseFailure =
  | "empty"
  | "too_long"
  | "bad_shape"
  | "bad_prefix"
  | "bad_environment"
  | "bad_charset"
  | "bad_length"
  | "bad_checksum";

export type ParsedKey = {
  prefix: string;
  environment: KeyEnvironment;
  secret: string;
  checksum: string;
};

export type KeyParseResult = ({ ok: true } & ParsedKey) | { ok: false; reason: KeyParseFailure };

/** Why `prefix` cannot be a key prefix (lowercase, short, not Clerk's), or null when it can. */
export function keyPrefixError(prefix: string): string | null {
  if (!PREFIX_RE.test(prefix)) {
    return `Key prefix "${prefix}" must be 1-10 lowercase letters or digits, starting with a letter.`;
  }
  if ((RESERVED_PREFIXES as readonly string[]).includes(prefix)) {
    return `Key prefix "${prefix}" is reserved by Clerk for its machine tokens.`;
  }
  if ((TOKEN_PREFIXES as readonly string[]).includes(prefix)) {
    return `Key prefix "${prefix}" is reserved for Keyport's own tokens (management keys are kpm_…).`;
  }
  return null;
}

/** Throws unless `prefix` is a usable key prefix. */
export function assertValidPrefix(prefix: string): void {
  const problem = keyPrefixError(prefix);
  if (problem) throw new Error(problem);
}

/** `value` in base62, left-padded with zeros to `width` characters. */
export function toBase62(value: number, width: number): string {
  let out = "";
  let rest = value;
  do {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out.padStart(width, "0");
}

function checksumOf(body: string): string {
  return toBase62(crc32(body), CHECKSUM_LENGTH);
}

const randomSecret = customAlphabet(BASE62, SECRET_LENGTH);

export type GeneratedKey = {
  /** The plaintext key. Shown once to its creator; never stored or logged. */
  key: string;
  /** SHA-256 (hex) of the key: what the database stores and looks up. */
  hash: string;
  /** The display start, e.g. `fp_live_1a2b3c4d`. */
  start: string;
};

export function generateKey(options: { prefix?: string; environment: KeyEnvironment }): GeneratedKey {
  const prefix = options.prefix ?? DEFAULT_KEY_PREFIX;
  assertValidPrefix(prefix);
  const body = `${prefix}_${options.environment}_${randomSecret()}`;
  const key = body + checksumOf(body);
  return { key, hash: hashKey(key), start: keyStart(key) };
}

export function hashKey(key: string): string {
  return hash("sha256", key, "hex");
}

/** The display start of a well-formed key: `{prefix}_{env}_` plus 8 secret characters. */
export function keyStart(key: string): string {
  const envEnd = key.indexOf("_", key.indexOf("_") + 1) + 1;
  return key.slice(0, envEnd + START_SECRET_CHARS);
}

/**
 * Parses `input` as a key. Each malformed case has its own reason; the checksum is checked
 * last, so it is the only thing standing between a near-miss and a database lookup.
 * `prefixes`, when given, lists the prefixes this deployment accepts.
 */
export function parseKey(input: string, prefixes?: readonly string[]): KeyParseResult {
  if (input.length === 0) return { ok: false, reason: "empty" };
  if (input.length > MAX_KEY_LENGTH) return { ok: false, reason: "too_long" };
  const parts = input.split("_");
  if (parts.length !== 3) return { ok: false, reason: "bad_shape" };
  const [prefix, environment, rest] = parts as [string, string, string];
  if (!PREFIX_RE.test(prefix) || (prefixes && !prefixes.includes(prefix))) {
    return { ok: false, reason: "bad_prefix" };
  }
  if (!(KEY_ENVIRONMENTS as readonly string[]).includes(environment)) {
    return { ok: false, reason: "bad_environment" };
  }
  if (!BASE62_RE.test(rest)) return { ok: false, reason: "bad_charset" };
  if (rest.length !== SECRET_LENGTH + CHECKSUM_LENGTH) return { ok: false, reason: "bad_length" };
  const secret = rest.slice(0, SECRET_LENGTH);
  const checksum = rest.slice(SECRET_LENGTH);
  if (checksumOf(`${prefix}_${environment}_${secret}`) !== checksum) {
    return { ok: false, reason: "bad_checksum" };
  }
  return { ok: true, prefix, environment: environment as KeyEnvironment, secret, checksum };
}

/** True for values shaped like a JWT (a dashboard session token), which are not SDK keys. */
export function looksLikeJwt(value: string): boolean {
  return /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value);
}

// Keyport's own tokens: a fixed prefix, then the same secret and checksum scheme as SDK keys,
// under a prefix that no deployment setting changes (KEYPORT_KEY_PREFIX names SDK keys only), so
// scanners and people recognise one anywhere.
// - Management keys: `kpm_{secret}{checksum}` (scripts, CI and tools call the management API).
// - Portal tokens: `kpp_{secret}{checksum}` (one portal session: an identity manages its own keys).

export const MANAGEMENT_KEY_PREFIX = "kpm";
export const PORTAL_TOKEN_PREFIX = "kpp";
/** Characters of a management key shown as its start: `kpm_` + 4. */
export const MANAGEMENT_START_LENGTH = 8;

export type TokenParseFailure = "empty" | "too_long" | "bad_prefix" | "bad_charset" | "bad_length" | "bad_checksum";
export type ManagementKeyParseFailure = TokenParseFailure;

function generateToken(prefix: string): GeneratedKey {
  const body = `${prefix}_${randomSecret()}`;
  const key = body + checksumOf(body);
  return { key, hash: hashKey(key), start: key.slice(0, MANAGEMENT_START_LENGTH) };
}

/** Parses `input` as one of our fixed-prefix tokens; the checksum is checked last, before any lookup. */
function parseToken(prefix: string, input: string): { ok: true; secret: string } | { ok: false; reason: TokenParseFailure } {
  if (input.length === 0) return { ok: false, reason: "empty" };
  if (input.length > MAX_KEY_LENGTH) return { ok: false, reason: "too_long" };
  if (!input.startsWith(`${prefix}_`)) return { ok: false, reason: "bad_prefix" };
  const rest = input.slice(prefix.length + 1);
  if (!BASE62_RE.test(rest)) return { ok: false, reason: "bad_charset" };
  if (rest.length !== SECRET_LENGTH + CHECKSUM_LENGTH) return { ok: false, reason: "bad_length" };
  const secret = rest.slice(0, SECRET_LENGTH);
  if (checksumOf(`${prefix}_${secret}`) !== rest.slice(SECRET_LENGTH)) return { ok: false, reason: "bad_checksum" };
  return { ok: true, secret };
}

/** Whether `value` starts like a management key (well-formed or not). */
export function looksLikeManagementKey(value: string): boolean {
  return value.startsWith(`${MANAGEMENT_KEY_PREFIX}_`);
}

export function generateManagementKey(): GeneratedKey {
  return generateToken(MANAGEMENT_KEY_PREFIX);
}

/** Parses `input` as a management key; the checksum is checked last, before any lookup. */
export function parseManagementKey(input: string): { ok: true; secret: string } | { ok: false; reason: TokenParseFailure } {
  return parseToken(MANAGEMENT_KEY_PREFIX, input);
}

/** Whether `value` starts like a portal token (well-formed or not). */
export function looksLikePortalToken(value: string): boolean {
  return value.startsWith(`${PORTAL_TOKEN_PREFIX}_`);
}

/** A portal session's token: shown once, to the backend that opened the session. */
export function generatePortalToken(): GeneratedKey {
  return generateToken(PORTAL_TOKEN_PREFIX);
}

/** Parses `input` as a portal token; the checksum is checked last, before any lookup. */
export function parsePortalToken(input: string): { ok: true; secret: string } | { ok: false; reason: TokenParseFailure } {
  return parseToken(PORTAL_TOKEN_PREFIX, input);
}

/**
 * A portal link's one-time code: 32 base62 characters (~190 bits), no prefix (it travels in a
 * URL path and is worth nothing once used). Only its SHA-256 is stored.
 */
export function generatePortalCode(): { code: string; hash: string } {
  const code = randomCode();
  return { code, hash: hashKey(code) };
}

/** Whether `value` is shaped like a portal link's code (anything else is refused unread). */
export function isPortalCodeShaped(value: string): boolean {
  return value.length === PORTAL_CODE_LENGTH && BASE62_RE.test(value);
}

const PORTAL_CODE_LENGTH = 32;
const randomCode = customAlphabet(BASE62, PORTAL_CODE_LENGTH);
