import { findAuditKeyIds } from "@/lib/data";
import { auditCsvStream } from "@/lib/http/audit-export";
import { apiRoute, handle } from "@/lib/http/route";
import { auditPageExportQuerySchema } from "@/lib/schemas/audit";

// GET /settings/audit-log/export - the Audit log page's "Download CSV": the API's CSV export
// with the page's filters (a key by its name or start, times as the page reads them), for the
// signed-in admin's dashboard session. Not an API operation (its session is the dashboard's
// cookie), but answered by the same wrapper.
const download = handle(
  {
    method: "GET",
    path: "/settings/audit-log/export",
    role: "admin",
    session: "dashboard",
    attempt: "dashboard: download the audit log",
    query: auditPageExportQuerySchema,
  },
  async (ctx) => {
    const q = ctx.query();
    const workspaceId = ctx.session.workspaceId;
    const keyIds = q.for_key ? await findAuditKeyIds(workspaceId, q.for_key) : q.key_ids;
    const stream = auditCsvStream(workspaceId, { keyId: q.key_id, keyIds, actor: q.actor, action: q.action, from: q.from, to: q.to, requestId: q.request_id });
    return {
      status: 200,
      stream,
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="audit-log-${new Date().toISOString().slice(0, 10)}.csv"`,
      },
    };
  },
);

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(download);
