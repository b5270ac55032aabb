import { listAuditEventsPage } from "@/lib/data";
import { auditCsvStream, toAuditEventDto } from "@/lib/http/audit-export";
import { methodNotAllowed } from "@/lib/http/fallback";
import { paginationLink } from "@/lib/http/params";
import { apiRoute } from "@/lib/http/route";
import { auditQuerySchema } from "@/lib/schemas/audit";

// GET /api/v1/audit-events - the workspace's audit log, newest first, filtered and paged
// (admin); `format=csv` downloads every matching event
export const GET = apiRoute({ role: "admin" }, async (ctx) => {
  const query = ctx.query(auditQuerySchema);
  const filter = { keyId: query.key_id, actor: query.actor, action: query.action, from: query.from, to: query.to, requestId: query.request_id };
  if (query.format === "csv") {
    return {
      status: 200,
      stream: auditCsvStream(ctx.session.workspaceId, filter),
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="audit-log-${new Date().toISOString().slice(0, 10)}.csv"`,
      },
    };
  }
  const page = await listAuditEventsPage(ctx.session.workspaceId, { ...filter, cursor: query.cursor, limit: query.limit });
  return { status: 200, body: page.items.map(toAuditEventDto), headers: paginationLink(ctx.url, { next: page.nextCursor, prev: null }) };
});

// Every other method: 405 problem+json.
const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
