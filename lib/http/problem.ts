// RFC 9457 problem documents in seed 003's ErrorModel shape, plus `code` and `request_id`.
// Shared by the Next route handlers and the fast verify server, so both answer identically.
import { AppError, ERROR_TITLE, isAppError, type FieldError } from "@/lib/errors";
import type { Problem } from "@/lib/schemas/problem";
import { REQUEST_ID_HEADER } from "./request-id";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";
export const JSON_CONTENT_TYPE = "application/json";

export type ProblemResponse = { status: number; headers: Record<string, string>; body: Problem };

/** Turns any error into a problem. Unexpected errors become a generic 500 (and are logged). */
export function toProblem(error: unknown, requestId: string): ProblemResponse {
  const appError: AppError = isAppError(error)
    ? error
    : new AppError("internal", `Something went wrong on our side. Quote request id ${requestId} when you contact support.`);
  if (!isAppError(error)) logUnexpected(error, requestId);
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
    "cache-control": "no-store",
    ...appError.headers,
  };
  if (appError.status === 401) headers["www-authenticate"] ??= 'Bearer realm="keyport"';
  return { status: appError.status, headers, body };
}

export function logUnexpected(error: unknown, requestId: string): void {
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(JSON.stringify({ level: "error", msg: "unexpected error", request_id: requestId, stack }));
}

export function problemResponse(error: unknown, requestId: string): Response {
  const problem = toProblem(error, requestId);
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
