import { operations } from "@/lib/api/operations";
import { apiRoute, handle } from "@/lib/http/route";
import { deleteWebhookEndpoint, toWebhookEndpointDto, updateWebhookEndpoint } from "@/lib/data";

// PATCH /api/v1/webhooks/{webhookId} - disable or enable an endpoint, or change its events
const update = handle(operations.updateWebhook, async (ctx) => {
  const id = ctx.params.webhookId;
  const changes = await ctx.body();
  const endpoint = await updateWebhookEndpoint(ctx.caller, { endpointId: id, changes });
  return { status: 200, body: toWebhookEndpointDto(endpoint) };
});

// DELETE /api/v1/webhooks/{webhookId} - delete an endpoint and its delivery history (204)
const remove = handle(operations.deleteWebhook, async (ctx) => {
  const id = ctx.params.webhookId;
  await deleteWebhookEndpoint(ctx.caller, { endpointId: id });
  return { status: 204 };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(update, remove);
