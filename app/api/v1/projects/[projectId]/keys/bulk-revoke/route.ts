import { operations } from "@/lib/api/operations";
import { apiRoute, handle } from "@/lib/http/route";
import { bulkRevokeApiKeys, getProjectOrThrow } from "@/lib/data";
import { redactKeys } from "@/lib/keys/token";
import { bulkRevokeResultDtoSchema } from "@/lib/schemas/keys/rest";

// POST /api/v1/projects/{projectId}/keys/bulk-revoke - revoke up to 1,000 keys, each on its
// own; the answer says what happened to every one
const bulkRevoke = handle(operations.bulkRevokeApiKeys, async (ctx) => {
  const { projectId } = ctx.params;
  const { key_ids } = await ctx.body();
  await getProjectOrThrow(ctx.session.workspaceId, projectId);
  const results = await bulkRevokeApiKeys(ctx.caller, { keyIds: key_ids, projectId });
  // Each result names the id as it was sent; a key sent as an id is never repeated back.
  return {
    status: 200,
    body: bulkRevokeResultDtoSchema.parse({ results: results.map((r) => ({ key_id: redactKeys(r.keyId), status: r.status, detail: r.detail })) }),
  };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(bulkRevoke);
