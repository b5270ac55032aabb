import "server-only";
import { AppError } from "@/lib/errors";

// What a database failure means to a caller. Only this folder knows how Prisma and its pg
// adapter report them.

type Shaped = {
  code?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } };
  cause?: unknown;
};

/** The PostgreSQL SQLSTATE behind an error (`23505`, `55P03`, …), wherever the driver put it. */
export function postgresCode(error: unknown): string | undefined {
  const e = error as Shaped | null;
  const code = e?.meta?.driverAdapterError?.cause?.originalCode ?? (e?.cause as Shaped | undefined)?.code ?? e?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export function isUniqueViolation(error: unknown): boolean {
  return (error as Shaped | null)?.code === "P2002" || postgresCode(error) === "23505";
}

export function isLockNotAvailable(error: unknown): boolean {
  return postgresCode(error) === "55P03";
}

/** Prisma's codes for "could not reach or wait for the database". */
const PRISMA_UNAVAILABLE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028"]);
/** Driver-adapter kinds and network errors that mean the same. */
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "DatabaseAccessDenied", "SocketTimeout", "ConnectionClosed"]);
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENOTFOUND"]);
const UNAVAILABLE_MESSAGE =
  /connection queue is full|Connection terminated|timeout exceeded when trying to connect|Query read timeout|Unable to start a transaction|Transaction already closed|Connection ended|Client has encountered a connection error|pool is draining|Can't reach database/i;

/**
 * True when the database could not be reached or did not answer in time: the request may
 * succeed if retried. SQLSTATE classes 08 (connection), 40 (transaction rollback: a deadlock
 * victim, a serialization failure), 53 (insufficient resources) and 57 (operator
 * intervention: shutdown, statement timeout) count too.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 4 || error === null || typeof error !== "object") return false;
  const e = error as Shaped;
  if (typeof e.code === "string" && (PRISMA_UNAVAILABLE.has(e.code) || NETWORK_CODES.has(e.code))) return true;
  const kind = e.meta?.driverAdapterError?.cause?.kind;
  if (typeof kind === "string" && UNAVAILABLE_KINDS.has(kind)) return true;
  const sqlstate = postgresCode(error);
  if (sqlstate && /^(08|40|53|57)/.test(sqlstate)) return true;
  if (typeof e.message === "string" && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}

/** The 503 a caller gets when the database is down or busy, with when to retry. */
export function serviceUnavailable(cause: unknown, detail = "The service is temporarily unavailable. Retry shortly."): AppError {
  return new AppError("service_unavailable", detail, { cause, headers: { "Retry-After": "1" } });
}

/** A database failure as the AppError its caller should see, or null when it is a real bug. */
export function databaseFailure(error: unknown): AppError | null {
  return isDatabaseUnavailable(error) ? serviceUnavailable(error) : null;
}
