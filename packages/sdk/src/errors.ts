// The errors the SDK throws: every failure the API reports is a KeyportError carrying the
// problem document (RFC 9457) and the request id, with a subclass per code that callers branch on.
import type { components } from "./schema.js";

/** The problem document every Keyport error answers with. */
export type Problem = components["schemas"]["ErrorModel"];

/** Any failure the API reported, with its problem document and request id. */
export class KeyportError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;
  readonly problem: Problem | null;
  constructor(status: number, problem: Problem | null, requestId: string | null, message?: string) {
    super(message ?? problem?.detail ?? `Keyport answered ${status}.`);
    this.name = new.target.name;
    this.status = status;
    this.code = problem?.code ?? "unknown";
    this.requestId = requestId ?? problem?.request_id ?? null;
    this.problem = problem;
  }
}
/** 401 `unauthorized`: no credential, or the wrong kind (a session token or management key on verify). */
export class UnauthorizedError extends KeyportError {}
/** 401 `invalid_api_key`: malformed, unknown, revoked or expired (deliberately not told apart). */
export class InvalidApiKeyError extends KeyportError {}
/** 403 `forbidden`: wrong app, wrong environment, a missing scope or permission. */
export class ForbiddenError extends KeyportError {}
/** 404 `not_found`: no such resource in the caller's workspace. */
export class NotFoundError extends KeyportError {}
/** 409: the request conflicts with the resource's state (a policy, a roll already made, …). */
export class ConflictError extends KeyportError {}
/** 400, 413 or 422: the request itself was not valid; `problem.errors` locates each issue. */
export class InvalidRequestError extends KeyportError {}
/**
 * 429 `rate_limited`, after the retries the client allows. `retryAfter` is the seconds the
 * server asked to wait (from `Retry-After`).
 */
export class RateLimitedError extends KeyportError {
  /** Seconds until a retry can succeed; null when the server did not say. */
  retryAfter: number | null = null;
}
/**
 * 429 `usage_exceeded`: the key's or its identity's credits cannot pay for this verification.
 * Never retried by the client; `retryAfter` is the seconds until the refill that makes it
 * possible (null when no refill will: add credits to continue).
 */
export class UsageExceededError extends KeyportError {
  retryAfter: number | null = null;
}
/** 503: Keyport cannot answer right now (after the retries the client allows). Never treat as valid. */
export class ServiceUnavailableError extends KeyportError {}
/** The network failed before Keyport answered. */
export class NetworkError extends KeyportError {}

const BY_CODE: Record<string, typeof KeyportError> = {
  unauthorized: UnauthorizedError,
  invalid_api_key: InvalidApiKeyError,
  forbidden: ForbiddenError,
  not_found: NotFoundError,
  validation_failed: InvalidRequestError,
  payload_too_large: InvalidRequestError,
  bad_request: InvalidRequestError,
  rate_limited: RateLimitedError,
  usage_exceeded: UsageExceededError,
  service_unavailable: ServiceUnavailableError,
};

const BY_STATUS: Record<number, typeof KeyportError> = {
  400: InvalidRequestError,
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  413: InvalidRequestError,
  422: InvalidRequestError,
  429: RateLimitedError,
  503: ServiceUnavailableError,
};

/** `Retry-After` as seconds: delay-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** The typed error for an answer that is not a success. */
export function errorFromResponse(response: Response, body: unknown): KeyportError {
  const problem = body && typeof body === "object" && typeof (body as Problem).code === "string" ? (body as Problem) : null;
  const ErrorClass = (problem && BY_CODE[problem.code]) || BY_STATUS[response.status] || KeyportError;
  const error = new ErrorClass(response.status, problem, response.headers.get("request-id"));
  if (error instanceof RateLimitedError || error instanceof UsageExceededError) error.retryAfter = parseRetryAfter(response.headers.get("retry-after"));
  return error;
}
