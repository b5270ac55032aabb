import { operations } from "@/lib/api/operations";
import { paginationLink } from "@/lib/http/params";
import { apiRoute, handle } from "@/lib/http/route";
import { createApiKey, listApiKeys, toApiKeyDto, toCreatedApiKeyDto } from "@/lib/data";

// GET /api/v1/projects/{projectId}/keys - list keys, cursor-paged with Link headers
const list = handle(operations.listApiKeys, async (ctx) => {
  const { projectId } = ctx.params;
  const query = ctx.query();
  const page = await listApiKeys(ctx.session.workspaceId, { projectId, ...query });
  return {
    status: 200,
    body: page.items.map(toApiKeyDto),
    headers: {
      ...paginationLink(ctx.url, { next: page.nextCursor, prev: page.prevCursor }),
      // Exact counts only: past 1,000 keys the listing stops counting.
      ...(page.totalIsCapped ? {} : { "x-total-count": String(page.total) }),
    },
  };
});

// POST /api/v1/projects/{projectId}/keys - create a key; the only response that holds it
const create = handle(operations.createApiKey, async (ctx) => {
  const { projectId } = ctx.params;
  const input = await ctx.body();
  return ctx.idempotent(async (tx) => {
    const { key, apiKey } = await createApiKey(ctx.caller, { projectId, input, tx });
    return {
      status: 201,
      body: { $schema: "/api/v1/schemas/CreateAPIKeyOutputBody.json", ...toCreatedApiKeyDto(apiKey, key) },
    };
  });
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(list, create);
