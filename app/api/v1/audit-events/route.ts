import { listAuditEventsPage } from "@/lib/data";
import { toAuditEventDto } from "@/lib/http/audit-export";
import { methodNotAllowed } from "@/lib/http/fallback";
import { paginationLink } from "@/lib/http/params";
import { apiRoute } from "@/lib/http/route";
import { auditQuerySchema } from "@/lib/schemas/audit";

// GET /api/v1/audit-events - the workspace's audit log, newest first, filtered and paged
// (admin). `format=csv`, the export's older spelling, is redirected to the export with the same
// filters, so this answer is always JSON.
export const GET = apiRoute({ role: "admin" }, async (ctx) => {
  const query = ctx.query(auditQuerySchema);
  if (query.format === "csv") {
    const target = new URL(ctx.url);
    target.pathname = "/api/v1/audit-events/export";
    for (const name of ["format", "cursor", "limit"]) target.searchParams.delete(name);
    return { status: 308, headers: { location: `${target.pathname}${target.search}` } };
  }
  const filter = { keyId: query.key_id, actor: query.actor, action: query.action, from: query.from, to: query.to, requestId: query.request_id };
  const page = await listAuditEventsPage(ctx.session.workspaceId, { ...filter, cursor: query.cursor, limit: query.limit });
  return { status: 200, body: page.items.map(toAuditEventDto), headers: paginationLink(ctx.url, { next: page.nextCursor, prev: null }) };
});

// Every other method: 405 problem+json.
const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as OPTIONS };
