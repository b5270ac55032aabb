// One error type for the whole app. Adapters turn it into a problem+json response
// (lib/http/problem.ts) or an action result (lib/actions.ts). Client-safe.

export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  invalid_api_key: 401,
  forbidden: 403,
  not_found: 404,
  not_recorded_yet: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  conflict: 409,
  idempotency_in_flight: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  request_header_fields_too_large: 431,
  validation_failed: 422,
  idempotency_key_reused: 422,
  rate_limited: 429,
  usage_exceeded: 429,
  internal: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_TITLE: Record<ErrorCode, string> = {
  bad_request: "Bad Request",
  unauthorized: "Unauthorized",
  invalid_api_key: "Unauthorized",
  forbidden: "Forbidden",
  not_found: "Not Found",
  not_recorded_yet: "Not Found",
  method_not_allowed: "Method Not Allowed",
  request_timeout: "Request Timeout",
  conflict: "Conflict",
  idempotency_in_flight: "Conflict",
  payload_too_large: "Content Too Large",
  unsupported_media_type: "Unsupported Media Type",
  request_header_fields_too_large: "Request Header Fields Too Large",
  validation_failed: "Unprocessable Entity",
  idempotency_key_reused: "Unprocessable Entity",
  rate_limited: "Too Many Requests",
  usage_exceeded: "Too Many Requests",
  internal: "Internal Server Error",
  service_unavailable: "Service Unavailable",
};

/** One invalid input: where it is (`body.name`, `query.limit`), what is wrong, what was sent. */
export type FieldError = { location: string; message: string; value?: unknown };

/**
 * The brand that marks an AppError. The production server runs two bundles of the same code
 * (esbuild's server.ts and Next's), each with its own AppError class, so `instanceof` cannot
 * tell one bundle's error from the other's; a registered symbol can.
 */
const APP_ERROR = Symbol.for("keyport.AppError");

export class AppError extends Error {
  readonly [APP_ERROR] = true;
  readonly code: ErrorCode;
  readonly detail: string;
  readonly errors: FieldError[];
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    detail: string,
    options: { errors?: FieldError[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(detail, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.detail = detail;
    this.errors = options.errors ?? [];
    this.headers = options.headers ?? {};
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return typeof error === "object" && error !== null && (error as { [APP_ERROR]?: unknown })[APP_ERROR] === true;
}
