import "server-only";
import { AppError } from "@/lib/errors";
import { verifyApiKey, type VerifiedKey } from "@/lib/keys/verify";
import { looksLikeJwt } from "@/lib/keys/token";
import { verifyKeyBodySchema, verifyKeyResultSchema, type VerifyKeyResult } from "@/lib/schemas/api-keys";
import { parseJsonBody, rejectKeysInQuery } from "./body";
import { JSON_CONTENT_TYPE, toProblem, zodFieldErrors } from "./problem";
import { REQUEST_ID_HEADER } from "./request-id";

// POST /api/v1/keys/verify, independent of any framework: the Next route handler and the
// fast Node server both call this, so they answer byte-for-byte alike.

export type VerifyRequest = {
  url: URL;
  authorization: string | null;
  contentType: string | null;
  bodyText: string;
  requestId: string;
};

export type VerifyResponse = {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** The body, serialized: what both servers send. */
  bodyText: string;
  /** For the server log only: why a key was refused. */
  reason?: string;
  code?: string;
};

const INVALID_KEY_DETAIL = "The API key is invalid, revoked or expired.";

/**
 * A key's success body depends on the key alone, so it is parsed by the output schema and
 * serialized once per cached key rather than on every request.
 */
const successBodies = new WeakMap<VerifiedKey, { body: VerifyKeyResult; text: string }>();

function successBody(key: VerifiedKey): { body: VerifyKeyResult; text: string } {
  let cached = successBodies.get(key);
  if (!cached) {
    const body = verifyKeyResultSchema.parse({
      valid: true,
      key_id: key.id,
      tenant_id: key.workspaceId,
      project_id: key.projectId,
      environment: key.environment,
      scopes: key.scopes,
      expires_at: key.expiresAt ? key.expiresAt.toISOString() : null,
      name: key.name,
    });
    cached = { body, text: JSON.stringify(body) };
    successBodies.set(key, cached);
  }
  return cached;
}

export async function handleVerify(input: VerifyRequest): Promise<VerifyResponse> {
  try {
    rejectKeysInQuery(input.url);
    const match = /^Bearer\s+(\S+)\s*$/i.exec(input.authorization ?? "");
    if (!match) {
      throw new AppError("unauthorized", "Send the SDK key as `Authorization: Bearer <key>`.", {
        headers: { "www-authenticate": 'Bearer realm="keyport"' },
      });
    }
    const token = match[1]!;
    if (looksLikeJwt(token)) {
      throw new AppError(
        "unauthorized",
        "A dashboard session token is not an SDK key. Create an SDK key under Settings → API Keys; it starts with fp_live_ or fp_test_.",
        { headers: { "www-authenticate": 'Bearer realm="keyport", error="invalid_token"' } },
      );
    }
    const raw = parseJsonBody(input.bodyText, input.contentType);
    const parsed = verifyKeyBodySchema.safeParse(raw ?? {});
    if (!parsed.success) {
      throw new AppError("validation_failed", "The request body is not valid.", {
        errors: zodFieldErrors(parsed.error.issues, "body", raw),
      });
    }
    const outcome = await verifyApiKey(token, {
      appId: parsed.data.app_id,
      environment: parsed.data.environment,
      scopes: parsed.data.scopes,
    });
    if (!outcome.valid) {
      const forbidden = ["wrong_project", "wrong_environment", "missing_scope"].includes(outcome.reason);
      // One body for malformed, bad checksum, unknown, revoked and expired: existence never leaks.
      const error = forbidden
        ? new AppError("forbidden", outcome.detail)
        : new AppError("invalid_api_key", INVALID_KEY_DETAIL, {
            headers: { "www-authenticate": 'Bearer realm="keyport", error="invalid_token"' },
          });
      const problem = toProblem(error, input.requestId);
      return { ...problem, bodyText: JSON.stringify(problem.body), reason: outcome.reason, code: error.code };
    }
    const { body, text } = successBody(outcome.key);
    return {
      status: 200,
      headers: { "content-type": JSON_CONTENT_TYPE, [REQUEST_ID_HEADER]: input.requestId, "cache-control": "no-store" },
      body,
      bodyText: text,
    };
  } catch (error) {
    const problem = toProblem(error, input.requestId);
    return { ...problem, bodyText: JSON.stringify(problem.body), code: problem.body.code };
  }
}
