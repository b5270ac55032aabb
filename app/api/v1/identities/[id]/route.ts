import { operations } from "@/lib/api/operations";
import { apiRoute, handle } from "@/lib/http/route";
import { deleteIdentity, getIdentityOrThrow, toIdentityDto, updateIdentity } from "@/lib/data";

// GET /api/v1/identities/{id} - one identity, with its credits and key count
const read = handle(operations.getIdentity, async (ctx) => {
  const identity = await getIdentityOrThrow(ctx.session.workspaceId, ctx.params.id);
  return { status: 200, body: toIdentityDto(identity) };
});

// PATCH /api/v1/identities/{id} - edit its external id, name, meta, credits or rate limit
const update = handle(operations.updateIdentity, async (ctx) => {
  const changes = await ctx.body();
  const identity = await updateIdentity(ctx.caller, { id: ctx.params.id, changes });
  return { status: 200, body: toIdentityDto(identity) };
});

// DELETE /api/v1/identities/{id} - delete it; 409 while it owns active keys, unless ?revoke_keys=true
const remove = handle(operations.deleteIdentity, async (ctx) => {
  const { revoke_keys } = ctx.query();
  const { revokedKeys } = await deleteIdentity(ctx.caller, { id: ctx.params.id, revokeKeys: revoke_keys });
  return { status: 200, body: { success: true, revoked_keys: revokedKeys } };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(read, update, remove);
