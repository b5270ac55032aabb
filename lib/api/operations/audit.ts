// Who did what, and when.
import { z } from "zod";
import { auditEventDtoSchema, auditExportQuerySchema, auditQuerySchema } from "@/lib/schemas/audit";
import { defineOperations } from "../operation";

export const auditOperations = defineOperations({
  listAuditEvents: {
    method: "GET",
    path: "/api/v1/audit-events",
    tags: ["Audit log"],
    summary: "The workspace's audit log (admin)",
    description:
      "Who did what and when, newest first: creates, rolls, edits, revokes (bulk ones too), leak reports, policy changes and refused admin attempts, each with its request id and IP. Filter by `key_id`, `actor` (a user id), `action`, `from`/`to` and `request_id`; page with `cursor` from `Link: <…>; rel=\"next\"`. Every matching event as CSV: `GET /api/v1/audit-events/export`.",
    role: "admin",
    permission: "audit:read",
    query: auditQuerySchema,
    queryDocs: {
      format: {
        deprecated: true,
        description: "`csv` is redirected (308) to `/api/v1/audit-events/export` with the same filters; use that operation instead.",
      },
    },
    responses: {
      200: { description: "A page of events.", body: z.array(auditEventDtoSchema), headers: ["Link"] },
      308: { description: "`format=csv`: the same filters at `/api/v1/audit-events/export`, in `Location`.", headers: ["Location"] },
    },
  },
  exportAuditEvents: {
    method: "GET",
    path: "/api/v1/audit-events/export",
    tags: ["Audit log"],
    summary: "Download the audit log as CSV (admin)",
    description:
      "Every event matching the filters (the list's, without paging), newest first, streamed as CSV with a header row. Cells that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) are prefixed with an apostrophe.",
    role: "admin",
    permission: "audit:read",
    query: auditExportQuerySchema,
    responses: { 200: { description: "The matching events, as an attachment.", body: z.string(), mediaType: "text/csv" } },
  },
});
