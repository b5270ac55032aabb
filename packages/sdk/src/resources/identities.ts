// Identities (your customers, each owning keys): list (a page, or every page), create, read,
// update, delete (revoking their keys with `revokeKeys`), and their credits and ledger.
import { type BodyOf, nextCursor, type QueryOf, Resource, type ResultOf, unwrap } from "./resource.js";

export class Identities extends Resource {
  /** One page of identities, newest first (`identities:read`); `q` searches, `external_id` matches exactly. */
  list(query?: QueryOf<"listIdentities">): Promise<ResultOf<"listIdentities">> {
    return unwrap(this.client.GET("/api/v1/identities", { params: { query } }));
  }

  /** One page of identities with the cursor of the next page (null on the last). */
  async page(query?: QueryOf<"listIdentities">): Promise<{ data: ResultOf<"listIdentities">; nextCursor: string | null }> {
    const call = this.client.GET("/api/v1/identities", { params: { query } });
    const { response } = await call;
    return { data: await unwrap(call), nextCursor: nextCursor(response) };
  }

  /** Every identity that matches, page after page. */
  async *all(query: Omit<QueryOf<"listIdentities">, "cursor"> = {}): AsyncGenerator<ResultOf<"listIdentities">[number]> {
    let cursor: string | undefined;
    do {
      const page = await this.page({ ...query, cursor });
      yield* page.data;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** Creates an identity (`identities:write`); a duplicate `external_id` is a ConflictError. */
  create(body: BodyOf<"createIdentity">): Promise<ResultOf<"createIdentity">> {
    return unwrap(this.client.POST("/api/v1/identities", { body }));
  }

  /** An identity, with its credits (a refill that is due is applied first) and its active key count. */
  get(id: string): Promise<ResultOf<"getIdentity">> {
    return unwrap(this.client.GET("/api/v1/identities/{id}", { params: { path: { id } } }));
  }

  /** Changes `external_id`, `name`, `meta`, `credits` or `rate_limit` (null clears). */
  update(id: string, body: BodyOf<"updateIdentity">): Promise<ResultOf<"updateIdentity">> {
    return unwrap(this.client.PATCH("/api/v1/identities/{id}", { params: { path: { id } }, body }));
  }

  /**
   * Deletes an identity. One that owns active keys is a ConflictError unless `revokeKeys` is
   * true, which revokes them with it; `revoked_keys` says how many.
   */
  delete(id: string, options: { revokeKeys?: boolean } = {}): Promise<ResultOf<"deleteIdentity">> {
    const query = options.revokeKeys === undefined ? undefined : { revoke_keys: options.revokeKeys ? ("true" as const) : ("false" as const) };
    return unwrap(this.client.DELETE("/api/v1/identities/{id}", { params: { path: { id }, query } }));
  }

  /** Adds to the identity's credits (an unlimited balance is a ConflictError: set it first). */
  addCredits(id: string, amount: number, reason?: string): Promise<ResultOf<"changeIdentityCredits">> {
    return this.changeCredits(id, { op: "add", amount, reason });
  }

  /** Sets the identity's credits (and makes an unlimited balance limited). */
  setCredits(id: string, amount: number, reason?: string): Promise<ResultOf<"changeIdentityCredits">> {
    return this.changeCredits(id, { op: "set", amount, reason });
  }

  private changeCredits(id: string, body: BodyOf<"changeIdentityCredits">): Promise<ResultOf<"changeIdentityCredits">> {
    return unwrap(this.client.POST("/api/v1/identities/{id}/credits", { params: { path: { id } }, body }));
  }

  /** Refills, adds and sets of the identity's credits, newest first (one page). */
  ledger(id: string, query?: QueryOf<"listIdentityLedger">): Promise<ResultOf<"listIdentityLedger">> {
    return unwrap(this.client.GET("/api/v1/identities/{id}/credits/ledger", { params: { path: { id }, query } }));
  }
}
