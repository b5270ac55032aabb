import { operations } from "@/lib/api/operations";
import { apiRoute, handle } from "@/lib/http/route";
import { revokeManagementKey } from "@/lib/data";

// DELETE /api/v1/management-keys/{id} - revoke a management key (idempotent)
const revoke = handle(operations.revokeManagementKey, async (ctx) => {
  await revokeManagementKey(ctx.caller, { id: ctx.params.id });
  return { status: 200, body: { success: true } };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(revoke);
