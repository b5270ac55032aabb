// RFC 9457 problem documents in the ErrorModel shape, plus `code` and `request_id`.
// Shared by the Next route handlers and the fast verify server, so both answer identically.
import { databaseFailure } from "@/lib/data";
import { AppError, ERROR_TITLE, isAppError, type FieldError } from "@/lib/errors";
import { redactKeys } from "@/lib/keys/token";
import { logger, logUnexpected } from "@/lib/log";
import type { Problem } from "@/lib/schemas/problem";
import { isRequestAborted } from "./body";
import { apiSecurityHeaders } from "./headers";
import { REQUEST_ID_HEADER } from "./request-id";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";
export const JSON_CONTENT_TYPE = "application/json";
/**
 * Every API response: never stored, never transformed on the way (so no proxy, and not Next's
 * own compression, rewrites an answer about credentials).
 */
export const API_CACHE_CONTROL = "no-store, no-transform";

export type ProblemResponse = { status: number; headers: Record<string, string>; body: Problem };

/** An unexpected error as the client sees it: generic, with the request id to quote. */
export function internalError(requestId: string): AppError {
  return new AppError("internal", `Something went wrong on our side. Quote request id ${requestId} when you contact support.`);
}

/**
 * Any error as the AppError a client sees: its own, a 503 when the database is down or busy
 * (logged as a warning), or a generic 500 for a bug (logged with its stack). Logs once: call
 * once per request.
 */
export function toAppError(error: unknown, requestId: string): AppError {
  if (isAppError(error)) return error;
  if (isRequestAborted(error)) {
    // A client that hung up is not our outage: nobody reads this answer.
    logger().debug({ request_id: requestId }, "the client closed the request before its body was read");
    return new AppError("bad_request", error.message);
  }
  const unavailable = databaseFailure(error);
  if (unavailable) {
    logger().warn({ request_id: requestId, error: String(error) }, "database unavailable");
    return unavailable;
  }
  logUnexpected(error, requestId);
  return internalError(requestId);
}

/** Turns any error into a problem (see toAppError). */
export function toProblem(error: unknown, requestId: string): ProblemResponse {
  const appError = toAppError(error, requestId);
  const body: Problem = {
    $schema: "/api/v1/schemas/ErrorModel.json",
    type: `/docs/api#error-${appError.code}`,
    title: ERROR_TITLE[appError.code],
    status: appError.status,
    // Details and messages may quote what was sent (an unrecognized property's name, an
    // allowlist entry): a key in them is cut to its public part, like every echoed value.
    detail: redactKeys(appError.detail),
    instance: `urn:keyport:request:${requestId}`,
    code: appError.code,
    request_id: requestId,
    errors: appError.errors.map((e: FieldError) => ({
      location: echo(e.location, 0) as string,
      message: redactKeys(e.message),
      value: echo(e.value ?? null, 0),
    })),
  };
  const headers: Record<string, string> = {
    ...apiSecurityHeaders(),
    "content-type": PROBLEM_CONTENT_TYPE,
    [REQUEST_ID_HEADER]: requestId,
    "cache-control": API_CACHE_CONTROL,
    ...appError.headers,
  };
  if (appError.status === 401) headers["www-authenticate"] ??= 'Bearer realm="keyport"';
  return { status: appError.status, headers, body };
}

/** The longest string a problem echoes back; the rest is cut with an ellipsis. */
export const ECHO_MAX_CHARS = 200;

/**
 * A value sent by the client, as a problem may echo it: key-shaped strings redacted (a key is
 * never repeated back, not even a mistyped one), long strings cut, and nested values bounded
 * in depth and width, so that a hostile body cannot make a huge or deep answer.
 */
function echo(value: unknown, depth: number): unknown {
  if (typeof value === "string") {
    const redacted = redactKeys(value);
    return redacted.length > ECHO_MAX_CHARS ? `${redacted.slice(0, ECHO_MAX_CHARS)}…` : redacted;
  }
  if (value === null || typeof value !== "object") return typeof value === "bigint" ? String(value) : (value ?? null);
  if (depth >= 3) return Array.isArray(value) ? "[…]" : "{…}";
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => echo(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value)
      .slice(0, 20)
      .map(([k, v]) => [echo(k, depth + 1) as string, echo(v, depth + 1)]),
  );
}

/** A problem as a web Response. */
export function toResponse(problem: ProblemResponse): Response {
  return new Response(JSON.stringify(problem.body), { status: problem.status, headers: problem.headers });
}

/** zod issues as problem `errors[]`, located as `body.name`, `query.limit`, ... */
export function zodFieldErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string; input?: unknown }[],
  location: "body" | "query" | "path",
  source?: unknown,
): FieldError[] {
  return issues.map((issue) => {
    const path = issue.path.map(String);
    let value: unknown = source;
    for (const part of path) value = value && typeof value === "object" ? (value as Record<string, unknown>)[part] : undefined;
    return {
      location: [location, ...path].join("."),
      message: issue.message,
      value: value === undefined ? null : value,
    };
  });
}

/** `error` as a problem Response (logged once if unexpected). */
export function problemResponse(error: unknown, requestId: string): Response {
  return toResponse(toProblem(error, requestId));
}
