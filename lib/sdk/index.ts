// Keyport's TypeScript SDK client. Dependency-free: it needs only `fetch` (Node 18+,
// browsers, edge runtimes). Copy this folder into an app, or import it from here.
//
//   const keyport = new Keyport({ baseUrl: "https://keys.example.com" });
//   const key = await keyport.verifyKey(process.env.KEYPORT_API_KEY!, { appId, environment: "live" });

export type Environment = "live" | "test";

export type VerifiedKey = {
  valid: true;
  keyId: string;
  tenantId: string;
  projectId: string | null;
  environment: Environment;
  scopes: string[];
  expiresAt: Date | null;
  name: string;
  requestId: string | null;
};

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  request_id?: string;
  errors?: { location: string; message: string; value?: unknown }[];
};

/** Any failure the API reported, with its problem document. */
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
    this.requestId = requestId;
    this.problem = problem;
  }
}
/** 401 `unauthorized`: no bearer key was sent, or a session token was sent instead of a key. */
export class UnauthorizedError extends KeyportError {}
/** 401 `invalid_api_key`: malformed, unknown, revoked or expired (deliberately not told apart). */
export class InvalidApiKeyError extends KeyportError {}
/** 403 `forbidden`: wrong app, wrong environment, or a missing scope. */
export class ForbiddenError extends KeyportError {}
/** 413 or 422: the request itself was not valid. */
export class InvalidRequestError extends KeyportError {}
/**
 * 429 `rate_limited`: too many failed verifications from this address, or this key's own rate
 * limit is used up. Wait `retryAfter` seconds (from `Retry-After`) before trying again.
 */
export class RateLimitedError extends KeyportError {
  /** Seconds until a retry can succeed; null when the server did not say. */
  retryAfter: number | null = null;
}

/** `Retry-After` as seconds: delay-seconds or an HTTP date. */
function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
/** 503: Keyport cannot vouch for the key right now; retry. Never treat as valid. */
export class ServiceUnavailableError extends KeyportError {}
/** The network failed before Keyport answered. */
export class NetworkError extends KeyportError {}

const ERROR_CLASSES: Record<string, typeof KeyportError> = {
  unauthorized: UnauthorizedError,
  invalid_api_key: InvalidApiKeyError,
  forbidden: ForbiddenError,
  validation_failed: InvalidRequestError,
  payload_too_large: InvalidRequestError,
  bad_request: InvalidRequestError,
  rate_limited: RateLimitedError,
  service_unavailable: ServiceUnavailableError,
};

export type KeyportOptions = {
  baseUrl: string;
  /** A fetch implementation; defaults to the global one. */
  fetch?: typeof fetch;
  /** Per-request timeout in milliseconds (default 5000). */
  timeoutMs?: number;
};

export class Keyport {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(options: KeyportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  /** Verifies an SDK key. Resolves with the key's details, or rejects with a typed error. */
  async verifyKey(
    key: string,
    options: { appId?: string; environment?: Environment; scopes?: string[] } = {},
  ): Promise<VerifiedKey> {
    const body: Record<string, unknown> = {};
    if (options.appId) body.app_id = options.appId;
    if (options.environment) body.environment = options.environment;
    if (options.scopes) body.scopes = options.scopes;
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}/api/v1/keys/verify`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new NetworkError(0, null, null, `Could not reach Keyport: ${error instanceof Error ? error.message : String(error)}`);
    }
    const requestId = response.headers.get("request-id");
    const payload = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    if (!response.ok) {
      const problem = payload && typeof payload.code === "string" ? (payload as unknown as Problem) : null;
      const ErrorClass = (problem && ERROR_CLASSES[problem.code]) || KeyportError;
      const error = new ErrorClass(response.status, problem, requestId);
      if (error instanceof RateLimitedError) error.retryAfter = parseRetryAfter(response.headers.get("retry-after"));
      throw error;
    }
    if (!payload || payload.valid !== true) throw new KeyportError(response.status, null, requestId, "Unexpected response from Keyport.");
    return {
      valid: true,
      keyId: String(payload.key_id),
      tenantId: String(payload.tenant_id),
      projectId: (payload.project_id as string | null) ?? null,
      environment: payload.environment as Environment,
      scopes: (payload.scopes as string[]) ?? [],
      expiresAt: payload.expires_at ? new Date(String(payload.expires_at)) : null,
      name: String(payload.name),
      requestId,
    };
  }
}
