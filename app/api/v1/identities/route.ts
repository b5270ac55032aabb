import { operations } from "@/lib/api/operations";
import { paginationLink } from "@/lib/http/params";
import { apiRoute, handle } from "@/lib/http/route";
import { createIdentity, listIdentities, toIdentityDto } from "@/lib/data";

// GET /api/v1/identities - the workspace's identities, newest first, keyset-paged with Link
const list = handle(operations.listIdentities, async (ctx) => {
  const page = await listIdentities(ctx.session.workspaceId, ctx.query());
  return {
    status: 200,
    body: page.items.map((identity) => toIdentityDto(identity)),
    headers: paginationLink(ctx.url, { next: page.nextCursor, prev: null }),
  };
});

// POST /api/v1/identities - create one: {"external_id", "name"?, "meta"?, "credits"?, "rate_limit"?}
const create = handle(operations.createIdentity, async (ctx) => {
  const input = await ctx.body();
  const answer = await ctx.idempotent(async (tx) => {
    const identity = await createIdentity(ctx.caller, { input, tx });
    return { status: 201, body: toIdentityDto(identity) };
  });
  const id = (answer.body as { id?: string } | undefined)?.id;
  return id ? { ...answer, headers: { ...answer.headers, location: `/api/v1/identities/${id}` } } : answer;
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(list, create);
