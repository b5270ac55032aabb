// Management keys (`kpm_…`): list, create (shown once), revoke.
import { type BodyOf, Resource, type ResultOf, unwrap } from "./resource.js";

export class ManagementKeys extends Resource {
  list(): Promise<ResultOf<"listManagementKeys">> {
    return unwrap(this.client.GET("/api/v1/management-keys"));
  }

  /** Creates a management key with a subset of the caller's permissions; `key` is shown once. */
  create(body: BodyOf<"createManagementKey">): Promise<ResultOf<"createManagementKey">> {
    return unwrap(this.client.POST("/api/v1/management-keys", { body }));
  }

  revoke(id: string): Promise<ResultOf<"revokeManagementKey">> {
    return unwrap(this.client.DELETE("/api/v1/management-keys/{id}", { params: { path: { id } } }));
  }
}
