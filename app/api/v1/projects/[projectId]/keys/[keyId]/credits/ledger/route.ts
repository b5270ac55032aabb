import { operations } from "@/lib/api/operations";
import { paginationLink } from "@/lib/http/params";
import { apiRoute, handle } from "@/lib/http/route";
import { getApiKeyOrThrow, getProjectOrThrow, listLedger, toLedgerEntryDto } from "@/lib/data";

// GET /api/v1/projects/{projectId}/keys/{keyId}/credits/ledger - the key's own refills, adds and sets, newest first
const list = handle(operations.listApiKeyLedger, async (ctx) => {
  const { projectId, keyId } = ctx.params;
  await getProjectOrThrow(ctx.session.workspaceId, projectId);
  const key = await getApiKeyOrThrow(ctx.session.workspaceId, keyId, { projectId });
  const page = await listLedger(ctx.session.workspaceId, { kind: "key", id: key.id }, ctx.query());
  return { status: 200, body: page.items.map(toLedgerEntryDto), headers: paginationLink(ctx.url, { next: page.nextCursor, prev: null }) };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(list);
