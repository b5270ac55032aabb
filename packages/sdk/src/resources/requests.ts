// Which key made a verification request.
import { Resource, type ResultOf, unwrap } from "./resource.js";

export class Requests extends Resource {
  /** The verification behind a request id (`requests:read`); 404 `not_recorded_yet` while it is seconds old. */
  get(requestId: string): Promise<ResultOf<"getRequest">> {
    return unwrap(this.client.GET("/api/v1/requests/{requestId}", { params: { path: { requestId } } }));
  }
}
