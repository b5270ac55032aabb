import { operations } from "@/lib/api/operations";
import { apiRoute, handle } from "@/lib/http/route";
import { createManagementKey, listManagementKeys, toManagementKeyDto } from "@/lib/data";

// GET /api/v1/management-keys - the workspace's management keys (admin); never a secret
const list = handle(operations.listManagementKeys, async (ctx) => {
  const keys = await listManagementKeys(ctx.session.workspaceId);
  return { status: 200, body: keys.map(toManagementKeyDto) };
});

// POST /api/v1/management-keys - create one: {"name", "permissions", "expires_at"?}. 201 with
// the key, once. A management key grants only permissions it holds itself.
const create = handle(operations.createManagementKey, async (ctx) => {
  const input = await ctx.body();
  return ctx.idempotent(async (tx) => {
    const created = await createManagementKey(ctx.caller, { input, grantable: ctx.session.permissions, tx });
    return { status: 201, body: created };
  });
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(list, create);
