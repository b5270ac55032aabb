// The audit log: a page of events as JSON, or every matching event as CSV.
import { type QueryOf, Resource, type ResultOf, unwrap } from "./resource.js";

export class AuditEvents extends Resource {
  /** A page of audit events, newest first (`audit:read`). */
  list(query?: QueryOf<"listAuditEvents">): Promise<ResultOf<"listAuditEvents">> {
    return unwrap(this.client.GET("/api/v1/audit-events", { params: { query } }));
  }

  /** Every matching event as CSV text. */
  export(query?: QueryOf<"exportAuditEvents">): Promise<string> {
    return unwrap(this.client.GET("/api/v1/audit-events/export", { params: { query }, parseAs: "text" })) as Promise<string>;
  }
}
