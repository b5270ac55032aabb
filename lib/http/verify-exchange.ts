import "server-only";
import { env } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import { rateLimitHeaders } from "@/lib/limits";
import { looksLikeJwt } from "@/lib/keys/token";
import { logRequest } from "@/lib/log";
import { parseVerifyKeyBody } from "@/lib/http/verify-body";
import { verifyKeyResultSchema } from "@/lib/schemas/keys/rest";
import { INVALID_TOKEN_CHALLENGE, keyService, type VerifiedKey, type VerifyQuestion } from "@/lib/verify";
import { bearerToken } from "./bearer";
import { apiSecurityHeaders } from "./headers";
import { isRequestAborted, parseJsonBody, readBodyText, rejectKeysInQuery, type BodySource } from "./body";
import { API_CACHE_CONTROL, JSON_CONTENT_TYPE, toAppError, toProblem, zodFieldErrors } from "./problem";
import { REQUEST_ID_HEADER, newRequestId } from "./request-id";

// POST /api/v1/keys/verify, the whole exchange, independent of any framework: reading the
// request, the request id, the problem, every header and the log line. The decision is the
// key service's (lib/verify); this only parses and serialises. The production server's fast
// path and Next's route handler each hand a request in and write what comes out, so they
// answer alike.

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

/**
 * A key's success body depends on the key alone, so it is parsed by the output schema and
 * serialized once per cached key rather than on every request.
 */
const successBodies = new WeakMap<VerifiedKey, string>();

function successBody(key: VerifiedKey, credits: { remaining: number } | undefined): string {
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
        ...(key.identity ? { identity: { id: key.identity.id, external_id: key.identity.externalId, meta: key.identity.meta } } : {}),
      }),
    );
    successBodies.set(key, text);
  }
  if (!credits) return text;
  // The balance changes with every request: appended to the key's body, as the schema orders it
  // (`credits: { remaining: integer }`, checked here rather than by parsing it on every request).
  if (!Number.isSafeInteger(credits.remaining)) throw new Error(`a balance's remaining credits are not an integer: ${credits.remaining}`);
  return `${text.slice(0, -1)},"credits":{"remaining":${credits.remaining}}}`;
}

/**
 * The request as the key service's question: the bearer key and the body's options. What
 * cannot be read as one (no bearer, a session token, a bad body) is the AppError to answer.
 */
async function readQuestion(request: VerifyExchangeRequest): Promise<VerifyQuestion | AppError> {
  try {
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
    // No body (undefined) is an empty object; a JSON `null` is not an object, and is refused.
    const parsed = parseVerifyKeyBody(raw);
    if (!parsed.success) {
      throw new AppError("validation_failed", "The request body is not valid.", {
        errors: zodFieldErrors(parsed.error.issues, "body", raw),
      });
    }
    return { key: token, appId: parsed.data.app_id, environment: parsed.data.environment, scopes: parsed.data.scopes, cost: parsed.data.cost };
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
}

let successBase: Readonly<Record<string, string>> | null = null;

/** The headers every 200 carries, merged once per process. */
const successHeaders = () =>
  (successBase ??= Object.freeze({ ...apiSecurityHeaders(), "content-type": JSON_CONTENT_TYPE, "cache-control": API_CACHE_CONTROL }));

/** Answers one verify request. Never throws: every failure is a problem response. */
export async function answerVerify(request: VerifyExchangeRequest): Promise<VerifyExchangeResponse> {
  const startedAt = performance.now();
  const requestId = newRequestId();
  let question: VerifyQuestion | AppError;
  try {
    question = await readQuestion(request);
  } catch (error) {
    // A client that went away asked nothing: nothing is answered, counted or recorded for it.
    if (isRequestAborted(error)) return { status: 400, headers: {}, bodyText: "", aborted: true };
    question = toAppError(error, requestId);
  }
  const verdict = await keyService().verify({ requestId, clientIp: request.clientIp, userAgent: request.userAgent ?? null, question });
  let status: number;
  let headers: Record<string, string>;
  let bodyText: string;
  let code: string | undefined;
  if (verdict.ok) {
    status = 200;
    headers = { ...successHeaders(), [REQUEST_ID_HEADER]: requestId };
    bodyText = successBody(verdict.key, verdict.credits);
  } else {
    const problem = toProblem(verdict.error, requestId);
    status = problem.status;
    headers = problem.headers;
    bodyText = JSON.stringify(problem.body);
    code = problem.body.code;
  }
  const keyId = verdict.ok ? verdict.key.id : verdict.keyId;
  logRequest({ method: "POST", path: VERIFY_PATH, status, requestId, startedAt, code, reason: verdict.ok ? undefined : verdict.reason, keyId });
  if (verdict.limits.length > 0) Object.assign(headers, rateLimitHeaders(verdict.limits));
  headers["content-length"] = String(Buffer.byteLength(bodyText));
  return { status, headers, bodyText };
}
