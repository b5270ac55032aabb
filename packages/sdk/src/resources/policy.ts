// The workspace's key policy.
import { type BodyOf, Resource, type ResultOf, unwrap } from "./resource.js";

export class Policy extends Resource {
  /** The policy and the active keys that break it (`policy:read`). */
  get(): Promise<ResultOf<"getWorkspacePolicy">> {
    return unwrap(this.client.GET("/api/v1/workspace/policy"));
  }

  /** Replaces the policy (`policy:write`); takes back the body `get` answered. */
  set(body: BodyOf<"setWorkspacePolicy">): Promise<ResultOf<"setWorkspacePolicy">> {
    return unwrap(this.client.PUT("/api/v1/workspace/policy", { body }));
  }
}
