import { listAuditEventsPage } from "@/lib/data";
import { toAuditEventDto } from "@/lib/http/audit-export";
import { operations } from "@/lib/api/operations";
import { paginationLink } from "@/lib/http/params";
import { apiRoute, handle } from "@/lib/http/route";

// GET /api/v1/audit-events - the workspace's audit log, newest first, filtered and paged
// (admin). `format=csv`, the export's older spelling, is redirected to the export with the same
// filters, so this answer is always JSON.
const list = handle(operations.listAuditEvents, async (ctx) => {
  const query = ctx.query();
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

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(list);
