// The problems an operation can answer. Most follow from what it is: every request passes the
// same framing (lib/http/route.ts and the front server), a session is checked the same way
// everywhere, and so are bodies, management writes and Idempotency-Key. An operation states
// only its own (a 404, a 409) and what it says differently (lib/api/operation.ts: `errors`).
import type { Operation, ProblemSpec, ResponseHeader } from "./operation";

const problem = (description: string, headers?: readonly ResponseHeader[]): ProblemSpec => (headers ? { description, headers } : { description });

/** What any route can answer, whatever it does. */
export const FRAMING_ERRORS = {
  400: problem("`bad_request`: a key or token in the query string, a path that is not valid percent-encoding, or a body that is not JSON."),
  405: problem("`method_not_allowed`: this route does not answer this method; `Allow` lists those it does.", ["Allow"]),
  500: problem("`internal`: unexpected; quote the request id."),
  503: problem("`service_unavailable`: the database is unreachable or busy; retry after `Retry-After` seconds.", ["Retry-After"]),
};

/** A JSON body that is too large or not JSON. */
export const BODY_ERRORS = {
  413: problem("`payload_too_large`: the body is over 64 KiB."),
  415: problem("`unsupported_media_type`: send the body as `application/json`."),
};

/** A session token or management key that is missing or invalid, or a role or permission that does not suffice. */
export const SESSION_ERRORS = {
  401: problem(
    "`unauthorized`: no valid dashboard session token or management key (a malformed, unknown, revoked or expired management key gets one identical answer).",
    ["WWW-Authenticate"],
  ),
  403: problem("`forbidden`: the caller's role does not allow this, the management key lacks the permission (the detail names it), or the session has no organization."),
};

/** Management writes count against the caller's write limit (per user, shared with the dashboard; per management key). */
export const RATE_LIMIT_HEADERS = ["RateLimit-Policy", "RateLimit"] as const satisfies readonly ResponseHeader[];
export const WRITE_ERRORS = {
  429: problem("`rate_limited`: too many management writes by this user or management key (or too many failed management keys from this address); retry after `Retry-After` seconds.", ["Retry-After", ...RATE_LIMIT_HEADERS]),
};

/** A path parameter, the query or the body that does not fit its schema. */
export const INPUT_ERRORS = {
  422: problem("`validation_failed`: invalid path, query or body; `errors[]` locates every issue."),
};

/** What every operation that honours Idempotency-Key answers besides its own statuses. */
export const IDEMPOTENCY_ERRORS = {
  409: problem("`idempotency_in_flight`: a request with this Idempotency-Key is still running.", ["Retry-After"]),
  422: problem("`validation_failed`: invalid path, query or body (`errors[]` locates every issue); or `idempotency_key_reused`: this Idempotency-Key was used with another body."),
};

/** Problems several operations share word for word. */
export const PROJECT_OR_KEY_NOT_FOUND = problem("`not_found`: the project or key does not exist in this workspace.");
export const WEBHOOK_NOT_FOUND = problem("`not_found`: no such endpoint in this workspace.");
export const WEBHOOKS_FORBIDDEN = problem("`forbidden`: webhooks are managed by admins.");

/** Whether an operation is a management write: a session, and not a read. */
export function isManagementWrite(operation: Pick<Operation, "role" | "method">): boolean {
  return operation.role !== "public" && operation.method !== "GET";
}

/** Whether an operation reads input that can be refused: a checked path parameter, a query or a body. */
function readsInput(operation: Operation): boolean {
  return Boolean(operation.body || operation.query || Object.values(operation.params ?? {}).some((param) => param.invalid));
}

/** Every problem an operation can answer, by status: what follows from what it is, then its own. */
export function problemsOf(operation: Operation): Record<number, ProblemSpec> {
  const problems: Record<number, ProblemSpec | undefined> = {
    ...FRAMING_ERRORS,
    ...(operation.body ? BODY_ERRORS : {}),
    ...(operation.role !== "public" ? SESSION_ERRORS : {}),
    ...(isManagementWrite(operation) ? WRITE_ERRORS : {}),
    ...(readsInput(operation) ? INPUT_ERRORS : {}),
    ...(operation.idempotent ? IDEMPOTENCY_ERRORS : {}),
    ...operation.errors,
  };
  return problems as Record<number, ProblemSpec>;
}
