import { operations } from "@/lib/api/operations";
import { apiRoute, handle } from "@/lib/http/route";
import { changeBalance, getIdentityOrThrow } from "@/lib/data";

// POST /api/v1/identities/{id}/credits - {"op": "add" | "set", "amount", "reason"?}; honours Idempotency-Key
const change = handle(operations.changeIdentityCredits, async (ctx) => {
  const input = await ctx.body();
  return ctx.idempotent(async (tx) => {
    const identity = await getIdentityOrThrow(ctx.session.workspaceId, ctx.params.id, tx);
    const body = await changeBalance(ctx.caller, {
      owner: { kind: "identity", id: identity.id },
      change: input,
      subject: { externalId: identity.externalId },
      tx,
    });
    return { status: 200, body };
  });
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(change);
