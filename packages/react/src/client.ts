// The portal API, as the component calls it: with the session's token as a bearer (from another
// origin), or with the hosted portal's cookie (same origin, no token). Never sends cookies
// across sites.

export type Environment = "live" | "test";
export type GracePeriod = "none" | "1h" | "24h" | "7d";

/** A key as the portal API answers it. */
export type PortalKey = {
  key_id: string;
  name: string;
  key_prefix: string;
  environment: Environment;
  scopes: string[];
  is_active: boolean;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  rolled_from: string | null;
  rolled_to: string | null;
};

/** A create or roll answer: the only time the key itself is seen. */
export type CreatedPortalKey = PortalKey & { key: string };

/** A refusal, with the API's own words (problem+json `detail`). */
export class PortalApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly errors: { location?: string; message: string }[] = [],
  ) {
    super(detail);
    this.name = "PortalApiError";
  }
}

export type PortalClientOptions = { baseUrl: string; token?: string | undefined };

export function portalClient({ baseUrl, token }: PortalClientOptions) {
  const root = baseUrl.replace(/\/+$/, "");
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${root}${path}`, {
      method,
      headers,
      // A token travels as a bearer; only the hosted portal (same origin, no token) uses its cookie.
      credentials: token ? "omit" : "same-origin",
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const problem = (json ?? {}) as { code?: string; detail?: string; errors?: { location?: string; message: string }[] };
      throw new PortalApiError(response.status, problem.code ?? "error", problem.detail ?? `The request failed (${response.status}).`, problem.errors ?? []);
    }
    return json as T;
  }
  return {
    listKeys: () => call<PortalKey[]>("GET", "/keys"),
    createKey: (input: { name: string; environment?: Environment; scopes?: string[] }) => call<CreatedPortalKey>("POST", "/keys", input),
    rollKey: (keyId: string, gracePeriod: GracePeriod) => call<CreatedPortalKey>("POST", `/keys/${encodeURIComponent(keyId)}/roll`, { grace_period: gracePeriod }),
    revokeKey: (keyId: string) => call<{ success: true }>("DELETE", `/keys/${encodeURIComponent(keyId)}`),
    usage: (keyId: string) => call<{ at: string; valid: number; invalid: number }[]>("GET", `/keys/${encodeURIComponent(keyId)}/usage`),
  };
}

export type PortalClient = ReturnType<typeof portalClient>;
