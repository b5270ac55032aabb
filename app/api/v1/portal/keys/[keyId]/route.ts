import { operations } from "@/lib/api/operations";
import { revokePortalKey } from "@/lib/data";
import { apiRoute, handle } from "@/lib/http/route";

// DELETE /api/v1/portal/keys/{keyId} - revoke one of the identity's keys (idempotent)
const revoke = handle(operations.revokePortalKey, async (ctx) => {
  await revokePortalKey(ctx.caller, { session: ctx.portal, keyId: ctx.params.keyId });
  return { status: 200, body: { success: true } };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(revoke);
