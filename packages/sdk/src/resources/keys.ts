// SDK keys of a project: list (a page, or every page), create, update, roll, deactivate,
// reactivate, reveal, revoke, bulk revoke, usage over time, and the key's own credits and ledger.
import { type BodyOf, nextCursor, type QueryOf, Resource, type ResultOf, unwrap } from "./resource.js";

export class Keys extends Resource {
  /** One page of the project's keys (`keys:read`); `query.cursor` asks for a later page. */
  list(projectId: string, query?: QueryOf<"listApiKeys">): Promise<ResultOf<"listApiKeys">> {
    return unwrap(this.client.GET("/api/v1/projects/{projectId}/keys", { params: { path: { projectId }, query } }));
  }

  /** One page of keys with the cursor of the next page (null on the last). */
  async page(projectId: string, query?: QueryOf<"listApiKeys">): Promise<{ data: ResultOf<"listApiKeys">; nextCursor: string | null }> {
    const call = this.client.GET("/api/v1/projects/{projectId}/keys", { params: { path: { projectId }, query } });
    const { response } = await call;
    return { data: await unwrap(call), nextCursor: nextCursor(response) };
  }

  /** Every key that matches, page after page. */
  async *all(projectId: string, query: Omit<QueryOf<"listApiKeys">, "cursor"> = {}): AsyncGenerator<ResultOf<"listApiKeys">[number]> {
    let cursor: string | undefined;
    do {
      const page = await this.page(projectId, { ...query, cursor });
      yield* page.data;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** Creates a key (`keys:write`); the answer's `key` is the only time it is shown. */
  create(projectId: string, body: BodyOf<"createApiKey">): Promise<ResultOf<"createApiKey">> {
    return unwrap(this.client.POST("/api/v1/projects/{projectId}/keys", { params: { path: { projectId } }, body }));
  }

  /** Edits a key's name, description, scopes, limits, or moves its expiry earlier. */
  update(projectId: string, keyId: string, body: BodyOf<"updateApiKey">): Promise<ResultOf<"updateApiKey">> {
    return unwrap(this.client.PATCH("/api/v1/projects/{projectId}/keys/{keyId}", { params: { path: { projectId, keyId } }, body }));
  }

  /** A new key with everything of the old one, shown once; the old one stops after the grace period. */
  roll(projectId: string, keyId: string, body: BodyOf<"rollApiKey">): Promise<ResultOf<"rollApiKey">> {
    return unwrap(this.client.POST("/api/v1/projects/{projectId}/keys/{keyId}/roll", { params: { path: { projectId, keyId } }, body }));
  }

  /** Refuses the key (401 `invalid_api_key`, like a revoked key) until it is reactivated; idempotent. */
  deactivate(projectId: string, keyId: string): Promise<ResultOf<"deactivateApiKey">> {
    return unwrap(this.client.POST("/api/v1/projects/{projectId}/keys/{keyId}/deactivate", { params: { path: { projectId, keyId } } }));
  }

  /** A deactivated key verifies again, with everything it had (a revoked key is a ConflictError). */
  reactivate(projectId: string, keyId: string): Promise<ResultOf<"reactivateApiKey">> {
    return unwrap(this.client.POST("/api/v1/projects/{projectId}/keys/{keyId}/reactivate", { params: { path: { projectId, keyId } } }));
  }

  /** A recoverable key, again (`keys:reveal`; every reveal is audited). */
  reveal(projectId: string, keyId: string): Promise<ResultOf<"revealApiKey">> {
    return unwrap(this.client.POST("/api/v1/projects/{projectId}/keys/{keyId}/reveal", { params: { path: { projectId, keyId } } }));
  }

  /** Revokes a key (idempotent). */
  revoke(projectId: string, keyId: string): Promise<ResultOf<"revokeApiKey">> {
    return unwrap(this.client.DELETE("/api/v1/projects/{projectId}/keys/{keyId}", { params: { path: { projectId, keyId } } }));
  }

  /** Revokes each key on its own; `results[]` says what happened to each. */
  bulkRevoke(projectId: string, keyIds: string[]): Promise<ResultOf<"bulkRevokeApiKeys">> {
    return unwrap(
      this.client.POST("/api/v1/projects/{projectId}/keys/bulk-revoke", { params: { path: { projectId } }, body: { key_ids: keyIds } }),
    );
  }

  /** The key's verifications over time, one point per hour or day (`usage:read`). */
  usage(projectId: string, keyId: string, query?: QueryOf<"getApiKeyUsage">): Promise<ResultOf<"getApiKeyUsage">> {
    return unwrap(this.client.GET("/api/v1/projects/{projectId}/keys/{keyId}/usage", { params: { path: { projectId, keyId }, query } }));
  }

  /** Adds to the key's own credits (an unlimited balance is a ConflictError: set it first). */
  addCredits(projectId: string, keyId: string, amount: number, reason?: string): Promise<ResultOf<"changeApiKeyCredits">> {
    return this.changeCredits(projectId, keyId, { op: "add", amount, reason });
  }

  /** Sets the key's own credits (and makes an unlimited balance limited). */
  setCredits(projectId: string, keyId: string, amount: number, reason?: string): Promise<ResultOf<"changeApiKeyCredits">> {
    return this.changeCredits(projectId, keyId, { op: "set", amount, reason });
  }

  private changeCredits(projectId: string, keyId: string, body: BodyOf<"changeApiKeyCredits">): Promise<ResultOf<"changeApiKeyCredits">> {
    return unwrap(this.client.POST("/api/v1/projects/{projectId}/keys/{keyId}/credits", { params: { path: { projectId, keyId } }, body }));
  }

  /** Refills, adds and sets of the key's own credits, newest first (one page). */
  ledger(projectId: string, keyId: string, query?: QueryOf<"listApiKeyLedger">): Promise<ResultOf<"listApiKeyLedger">> {
    return unwrap(this.client.GET("/api/v1/projects/{projectId}/keys/{keyId}/credits/ledger", { params: { path: { projectId, keyId }, query } }));
  }
}
