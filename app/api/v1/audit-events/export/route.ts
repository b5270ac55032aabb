import { auditCsvStream } from "@/lib/http/audit-export";
import { operations } from "@/lib/api/operations";
import { apiRoute, handle } from "@/lib/http/route";

// GET /api/v1/audit-events/export - every audit event matching the filters, as CSV (admin);
// an operation of its own, so the list's answer is always JSON
const exportCsv = handle(operations.exportAuditEvents, async (ctx) => {
  const q = ctx.query();
  return {
    status: 200,
    stream: auditCsvStream(ctx.session.workspaceId, { keyId: q.key_id, actor: q.actor, action: q.action, from: q.from, to: q.to, requestId: q.request_id }),
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-log-${new Date().toISOString().slice(0, 10)}.csv"`,
    },
  };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(exportCsv);
