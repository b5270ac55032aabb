// Projects: list them, create one (its answer holds the project's default key, once).
import { type BodyOf, Resource, type ResultOf, unwrap } from "./resource.js";

export class Projects extends Resource {
  /** The workspace's projects (`projects:read`). */
  list(): Promise<ResultOf<"listProjects">> {
    return unwrap(this.client.GET("/api/v1/projects"));
  }

  /** Creates a project (`projects:write`); the answer's `default_key.key` is shown once. */
  create(body: BodyOf<"createProject">): Promise<ResultOf<"createProject">> {
    return unwrap(this.client.POST("/api/v1/projects", { body }));
  }
}
