// What each error code of the API means and what to do about it: the reference lists every code
// once, with this, and each operation links to the codes it can answer.
import type { ErrorCode } from "@/lib/errors";

export const ERROR_MEANING: Record<ErrorCode, string> = {
  bad_request:
    "The request cannot be read: a key or token in the query string, a path that is not valid percent-encoding, or a body that is not JSON. Fix the request; retrying it as it is will not help.",
  unauthorized:
    "No valid credential: the `Authorization` header is missing, or its token is expired or not one this deployment issued. `WWW-Authenticate` says which scheme is expected.",
  invalid_api_key:
    "The SDK key is unknown, revoked or expired, or is not an SDK key at all (a dashboard session token, say). The problem's `detail` says which.",
  forbidden:
    "The caller is known but may not do this: their role does not allow it, the session has no organization, or the key lacks the environment, scope, project or address this needs.",
  not_found: "Nothing with this id exists in the caller's workspace. Ids of other workspaces are answered the same way, so they cannot be probed.",
  not_recorded_yet: "The request id is well-formed but no verification with it has been recorded yet; verifications are recorded a moment after they are answered. Retry shortly.",
  method_not_allowed: "This path does not answer this method. `Allow` lists the methods it does.",
  request_timeout: "The client took too long to send the request. Send it again.",
  conflict:
    "The request clashes with the current state: a limit is reached (20 webhook endpoints), the target is disabled or already changed, or a policy forbids the change. The `detail` says which; change the state first.",
  idempotency_in_flight: "A request with the same `Idempotency-Key` is still running. Wait `Retry-After` seconds and send it again to get its answer.",
  payload_too_large: "The body is over 64 KiB. Send a smaller body (fewer items per request).",
  unsupported_media_type: "The body is not `application/json`. Send it with `Content-Type: application/json`.",
  request_header_fields_too_large: "The request's headers are too large. Send fewer or shorter headers.",
  validation_failed:
    "The path, query or body does not fit the operation's schema. `errors[]` lists every issue with its `location` (`body.name`, `query.limit`), a message and the value sent.",
  idempotency_key_reused: "This `Idempotency-Key` was already used with a different body. Use a new key for a new request.",
  rate_limited: "Too many requests in the window: failed verifications per address, a key's own limit, or management writes per user. Wait `Retry-After` seconds; `RateLimit` says where you stand.",
  usage_exceeded:
    "A balance the verification is charged to (the key's own credits, or its identity's) has fewer credits than the request's `cost`; nothing was charged. `Retry-After` says when the next refill comes, when there is one; otherwise add credits to the balance.",
  internal: "Something unexpected went wrong on the server. Nothing about it is shown; quote the `request_id` when you report it.",
  service_unavailable: "The database is unreachable or busy. Retry after `Retry-After` seconds.",
};
