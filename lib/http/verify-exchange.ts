import "server-only";
import { recordVerification, verifyApiKey, type VerifiedKey, type VerifyFailureReason } from "@/lib/data";
import { env } from "@/lib/env";
import { AppError, isAppError, type ErrorCode } from "@/lib/errors";
import {
  RedisBudget,
  UNKNOWN_CLIENT,
  failedVerificationLimiter,
  keyLimiter,
  rateLimitHeaders,
  rateLimitedError,
  type LimitState,
} from "@/lib/limits";
import { looksLikeJwt } from "@/lib/keys/token";
import { logRequest } from "@/lib/log";
import { parseVerifyKeyBody, verifyKeyResultSchema } from "@/lib/schemas/api-keys";
import { bearerToken } from "./bearer";
import { apiSecurityHeaders } from "./headers";
import { isRequestAborted, parseJsonBody, readBodyText, rejectKeysInQuery, type BodySource } from "./body";
import { API_CACHE_CONTROL, JSON_CONTENT_TYPE, toProblem, zodFieldErrors } from "./problem";
import { REQUEST_ID_HEADER, newRequestId } from "./request-id";

// POST /api/v1/keys/verify, the whole exchange, independent of any framework: reading the
// body, the request id, the decision, the problem, every header and the log line. The
// production server's fast path and Next's route handler each hand a request in and write
// what comes out, so they answer alike.

export type VerifyExchangeRequest = {
  /** The request target: path and query, as received. */
  target: string;
  authorization: string | null | undefined;
  contentType: string | null | undefined;
  contentLength: string | null | undefined;
  body: BodySource;
  /** The client's address as the server resolved it (lib/http/client-ip.ts); null when unknown. */
  clientIp: string | null;
  userAgent: string | null | undefined;
};

export type VerifyExchangeResponse = {
  status: number;
  headers: Record<string, string>;
  bodyText: string;
  /** The client hung up before its request was read: nobody reads this answer. */
  aborted?: boolean;
};

export const VERIFY_PATH = "/api/v1/keys/verify";

/** How each refusal is answered. Everything about an unusable key is one identical 401. */
const FAILURE_CODE: Record<VerifyFailureReason, Extract<ErrorCode, "invalid_api_key" | "forbidden">> = {
  malformed: "invalid_api_key",
  bad_checksum: "invalid_api_key",
  unknown: "invalid_api_key",
  revoked: "invalid_api_key",
  expired: "invalid_api_key",
  ip_not_allowed: "forbidden",
  wrong_project: "forbidden",
  wrong_environment: "forbidden",
  missing_scope: "forbidden",
};

const INVALID_KEY_DETAIL = "The API key is invalid, revoked or expired.";
const INVALID_TOKEN_CHALLENGE = 'Bearer realm="keyport", error="invalid_token"';

/**
 * A key's success body depends on the key alone, so it is parsed by the output schema and
 * serialized once per cached key rather than on every request.
 */
const successBodies = new WeakMap<VerifiedKey, string>();

function successBody(key: VerifiedKey): string {
  let text = successBodies.get(key);
  if (text === undefined) {
    text = JSON.stringify(
      verifyKeyResultSchema.parse({
        valid: true,
        key_id: key.id,
        tenant_id: key.workspaceId,
        project_id: key.projectId,
        environment: key.environment,
        scopes: key.scopes,
        expires_at: key.expiresAt ? key.expiresAt.toISOString() : null,
        name: key.name,
      }),
    );
    successBodies.set(key, text);
  }
  return text;
}

type Decision =
  | { ok: true; bodyText: string; keyId: string; key: VerifiedKey }
  | { ok: false; error: unknown; reason?: VerifyFailureReason; keyId?: string | null; key?: VerifiedKey | undefined };

async function decide(request: VerifyExchangeRequest): Promise<Decision> {
  const queryAt = request.target.indexOf("?");
  if (queryAt >= 0) rejectKeysInQuery(request.target.slice(queryAt));
  const bodyText = await readBodyText(request.body, request.contentLength);
  const token = bearerToken(request.authorization);
  if (!token) throw new AppError("unauthorized", "Send the SDK key as `Authorization: Bearer <key>`.");
  if (looksLikeJwt(token)) {
    const prefix = env().KEYPORT_KEY_PREFIX;
    throw new AppError(
      "unauthorized",
      `A dashboard session token is not an SDK key. Create an SDK key under Settings → API Keys; it starts with ${prefix}_live_ or ${prefix}_test_.`,
      { headers: { "www-authenticate": INVALID_TOKEN_CHALLENGE } },
    );
  }
  const raw = parseJsonBody(bodyText, request.contentType);
  // No body is an empty object; a JSON `null` is not an object, and is refused like any other.
  const parsed = parseVerifyKeyBody(raw === undefined ? {} : raw);
  if (!parsed.success) {
    throw new AppError("validation_failed", "The request body is not valid.", {
      errors: zodFieldErrors(parsed.error.issues, "body", raw),
    });
  }
  const outcome = await verifyApiKey(token, {
    appId: parsed.data.app_id,
    environment: parsed.data.environment,
    scopes: parsed.data.scopes,
    clientIp: request.clientIp,
  });
  if (outcome.valid) return { ok: true, bodyText: successBody(outcome.key), keyId: outcome.key.id, key: outcome.key };
  const code = FAILURE_CODE[outcome.reason];
  // One body for every unusable key: whether a key exists never leaks. The reason is logged.
  const error =
    code === "forbidden"
      ? new AppError("forbidden", outcome.detail)
      : new AppError("invalid_api_key", INVALID_KEY_DETAIL, { headers: { "www-authenticate": INVALID_TOKEN_CHALLENGE } });
  return { ok: false, error, reason: outcome.reason, keyId: outcome.keyId, key: outcome.key };
}

/** A refusal that counts against the client's failed-verification quota: the key did not authenticate. */
const isFailedVerification = (error: unknown) => isAppError(error) && error.status === 401;

/**
 * The decision under the rate limits. A client past its failed-verification quota is refused
 * before anything else; a 401 counts against that quota (a malformed key too, though it costs
 * no query); a key with its own limit counts every verification that reaches it.
 */
async function decideWithinLimits(request: VerifyExchangeRequest): Promise<{ decision: Decision; limits: LimitState[] }> {
  const client = request.clientIp ?? UNKNOWN_CLIENT;
  // KEYPORT_FAILED_VERIFY_LIMIT=0 switches the per-IP limit off (a firewall in front does it).
  const failed = env().KEYPORT_FAILED_VERIFY_LIMIT > 0 ? failedVerificationLimiter() : null;
  // One budget for every Redis command this verification makes, however many it takes.
  const budget = new RedisBudget();
  const standing = failed ? await failed.peek(client, budget) : null;
  if (standing?.exceeded) return { decision: { ok: false, error: rateLimitedError(standing, [standing]) }, limits: [standing] };
  let decision: Decision;
  try {
    decision = await decide(request);
  } catch (error) {
    decision = { ok: false, error };
  }
  const limits: LimitState[] = [];
  if (failed && standing) limits.push(!decision.ok && isFailedVerification(decision.error) ? await failed.consume(client, 1, budget) : standing);
  if (decision.key?.rateLimit) {
    const own = await keyLimiter(decision.key.rateLimit).consume(decision.key.id, 1, budget);
    limits.push(own);
    if (own.exceeded) {
      decision = { ok: false, error: rateLimitedError(own, limits), keyId: decision.key.id };
    }
  }
  return { decision, limits };
}

let successBase: Readonly<Record<string, string>> | null = null;

/** The headers every 200 carries, merged once per process. */
const successHeaders = () =>
  (successBase ??= Object.freeze({ ...apiSecurityHeaders(), "content-type": JSON_CONTENT_TYPE, "cache-control": API_CACHE_CONTROL }));

/** Answers one verify request. Never throws: every failure is a problem response. */
export async function answerVerify(request: VerifyExchangeRequest): Promise<VerifyExchangeResponse> {
  const startedAt = performance.now();
  const requestId = newRequestId();
  let decision: Decision;
  let limits: LimitState[] = [];
  try {
    ({ decision, limits } = await decideWithinLimits(request));
  } catch (error) {
    decision = { ok: false, error };
  }
  let status: number;
  let headers: Record<string, string>;
  let bodyText: string;
  let code: string | undefined;
  if (decision.ok) {
    status = 200;
    headers = { ...successHeaders(), [REQUEST_ID_HEADER]: requestId };
    bodyText = decision.bodyText;
  } else {
    const problem = toProblem(decision.error, requestId);
    status = problem.status;
    headers = problem.headers;
    bodyText = JSON.stringify(problem.body);
    code = problem.body.code;
  }
  const reason = decision.ok ? undefined : decision.reason;
  // A client that went away made no verification: nothing is recorded or counted for it.
  if (!decision.ok && isRequestAborted(decision.error)) return { status, headers, bodyText, aborted: true };
  logRequest({ method: "POST", path: VERIFY_PATH, status, requestId, startedAt, code, reason, keyId: decision.keyId });
  recordVerification({
    at: Date.now(),
    requestId,
    keyId: decision.keyId ?? null,
    status,
    code: code ?? null,
    reason: reason ?? null,
    ip: request.clientIp,
    userAgent: request.userAgent ?? null,
  });
  if (limits.length > 0) Object.assign(headers, rateLimitHeaders(limits));
  headers["content-length"] = String(Buffer.byteLength(bodyText));
  return { status, headers, bodyText };
}
