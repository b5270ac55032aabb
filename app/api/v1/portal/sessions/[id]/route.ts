import { operations } from "@/lib/api/operations";
import { endPortalSession } from "@/lib/data";
import { apiRoute, handle } from "@/lib/http/route";

// DELETE /api/v1/portal/sessions/{id} - end a portal session at once (idempotent)
const end = handle(operations.endPortalSession, async (ctx) => {
  await endPortalSession(ctx.caller, { id: ctx.params.id });
  return { status: 200, body: { success: true } };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(end);
