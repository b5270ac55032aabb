import { operations } from "@/lib/api/operations";
import { paginationLink } from "@/lib/http/params";
import { apiRoute, handle } from "@/lib/http/route";
import { getIdentityOrThrow, listLedger, toLedgerEntryDto } from "@/lib/data";

// GET /api/v1/identities/{id}/credits/ledger - refills, adds and sets, newest first, keyset-paged
const list = handle(operations.listIdentityLedger, async (ctx) => {
  const identity = await getIdentityOrThrow(ctx.session.workspaceId, ctx.params.id);
  const page = await listLedger(ctx.session.workspaceId, { kind: "identity", id: identity.id }, ctx.query());
  return { status: 200, body: page.items.map(toLedgerEntryDto), headers: paginationLink(ctx.url, { next: page.nextCursor, prev: null }) };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(list);
