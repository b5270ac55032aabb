// RFC 9457 problem documents in the ErrorModel shape, plus `code` and `request_id`.
// Shared by the Next route handlers and the fast verify server, so both answer identically.
import { AppError, ERROR_TITLE, isAppError, type FieldError } from "@/lib/errors";
import { logUnexpected } from "@/lib/log";
import type { Problem } from "@/lib/schemas/problem";
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
 * Turns any error into a problem. An unexpected error becomes a generic 500 and is logged,
 * once, here: call this once per request.
 */
export function toProblem(error: unknown, requestId: string): ProblemResponse {
  let appError: AppError;
  if (isAppError(error)) appError = error;
  else {
    logUnexpected(error, requestId);
    appError = internalError(requestId);
  }
  const body: Problem = {
    $schema: "/api/v1/schemas/ErrorModel.json",
    type: `/docs/api#error-${appError.code}`,
    title: ERROR_TITLE[appError.code],
    status: appError.status,
    detail: appError.detail,
    instance: `urn:keyport:request:${requestId}`,
    code: appError.code,
    request_id: requestId,
    errors: appError.errors.map((e: FieldError) => ({ location: e.location, message: e.message, value: e.value ?? null })),
  };
  const headers: Record<string, string> = {
    "content-type": PROBLEM_CONTENT_TYPE,
    [REQUEST_ID_HEADER]: requestId,
    "cache-control": API_CACHE_CONTROL,
    ...appError.headers,
  };
  if (appError.status === 401) headers["www-authenticate"] ??= 'Bearer realm="keyport"';
  return { status: appError.status, headers, body };
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
