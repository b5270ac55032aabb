// How every request leaves the SDK: the credential, an Idempotency-Key on each POST (the same one
// on every retry of it), a timeout per attempt, and retries of 429 and 503 that wait as long as
// `Retry-After` says, a bounded number of times. Nothing else is retried: a 401, 403 or 422
// would answer the same again, and so would a 429 `usage_exceeded` (credits that ran out come
// back at a refill or when credits are added, never within a retry).
import { NetworkError, parseRetryAfter } from "./errors.js";

export type TransportOptions = {
  /** A fetch implementation; the global one by default. */
  fetch?: typeof fetch;
  /** Timeout of each attempt, in milliseconds (default 10,000). */
  timeoutMs?: number;
  /** Retries after a 429 or 503 (default 2, so at most 3 attempts). */
  maxRetries?: number;
  /**
   * The longest `Retry-After` the client waits out, in milliseconds (default 10,000): an answer
   * that asks for longer is returned at once, so a caller never hangs on a long window.
   */
  maxRetryDelayMs?: number;
};

const RETRIED = new Set([429, 503]);

/** A fetch that behaves as described above, for openapi-fetch and the verify call. */
export function createTransport(options: TransportOptions): (request: Request) => Promise<Response> {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRetries = Math.max(0, options.maxRetries ?? 2);
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 10_000;

  return async (request) => {
    if (request.method === "POST" && !request.headers.has("idempotency-key")) {
      request.headers.set("idempotency-key", crypto.randomUUID());
    }
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetchImpl(request.clone(), { signal: AbortSignal.timeout(timeoutMs) } as RequestInit);
      } catch (error) {
        throw new NetworkError(0, null, null, `Could not reach Keyport: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!RETRIED.has(response.status) || attempt >= maxRetries) return response;
      if (response.status === 429 && (await problemCode(response)) === "usage_exceeded") return response;
      const delayMs = (parseRetryAfter(response.headers.get("retry-after")) ?? 2 ** attempt) * 1000;
      if (delayMs > maxRetryDelayMs) return response;
      await response.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  };
}

/** The problem document's code, read from a copy so the answer's body stays readable. */
async function problemCode(response: Response): Promise<string | null> {
  const body: unknown = await response.clone().json().catch(() => null);
  return body && typeof body === "object" && typeof (body as { code?: unknown }).code === "string" ? (body as { code: string }).code : null;
}
