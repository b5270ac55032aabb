import { methodNotAllowed } from "@/lib/http/fallback";
import { uuidParam } from "@/lib/http/params";
import { apiRoute } from "@/lib/http/route";
import { bulkRevokeApiKeys, getProjectOrThrow } from "@/lib/data";
import { redactKeys } from "@/lib/keys/token";
import { bulkRevokeBodySchema, bulkRevokeResultDtoSchema } from "@/lib/schemas/keys/rest";

type Params = { projectId: string };

// POST /api/v1/projects/{projectId}/keys/bulk-revoke - revoke up to 1,000 keys, each on its
// own; the answer says what happened to every one
export const POST = apiRoute<Params>({ role: "admin" }, async (ctx) => {
  const projectId = uuidParam("projectId", ctx.params.projectId);
  const { key_ids } = await ctx.body(bulkRevokeBodySchema);
  await getProjectOrThrow(ctx.session.workspaceId, projectId);
  const results = await bulkRevokeApiKeys(ctx.caller, { keyIds: key_ids, projectId });
  // Each result names the id as it was sent; a key sent as an id is never repeated back.
  return {
    status: 200,
    body: bulkRevokeResultDtoSchema.parse({ results: results.map((r) => ({ key_id: redactKeys(r.keyId), status: r.status, detail: r.detail })) }),
  };
});

// Every other method: 405 problem+json.
const notAllowed = methodNotAllowed(["POST"]);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as OPTIONS };
