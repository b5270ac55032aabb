import { operations } from "@/lib/api/operations";
import { apiRoute, handle } from "@/lib/http/route";
import { changeBalance, getApiKeyOrThrow, getProjectOrThrow } from "@/lib/data";

// POST /api/v1/projects/{projectId}/keys/{keyId}/credits - {"op": "add" | "set", "amount", "reason"?}; honours Idempotency-Key
const change = handle(operations.changeApiKeyCredits, async (ctx) => {
  const { projectId, keyId } = ctx.params;
  const input = await ctx.body();
  return ctx.idempotent(async (tx) => {
    await getProjectOrThrow(ctx.session.workspaceId, projectId, tx);
    const key = await getApiKeyOrThrow(ctx.session.workspaceId, keyId, { projectId }, tx);
    const body = await changeBalance(ctx.caller, {
      owner: { kind: "key", id: key.id },
      change: input,
      subject: { name: key.name, start: key.start, projectId: key.projectId },
      tx,
    });
    return { status: 200, body };
  });
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(change);
