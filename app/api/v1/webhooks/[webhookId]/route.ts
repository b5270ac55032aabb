import { methodNotAllowed } from "@/lib/http/fallback";
import { uuidParam } from "@/lib/http/params";
import { apiRoute } from "@/lib/http/route";
import { deleteWebhookEndpoint, toWebhookEndpointDto, updateWebhookEndpoint } from "@/lib/data";
import { updateWebhookBodySchema } from "@/lib/schemas/webhooks";

type Params = { webhookId: string };

// PATCH /api/v1/webhooks/{webhookId} - disable or enable an endpoint, or change its events
export const PATCH = apiRoute<Params>({ role: "admin" }, async (ctx) => {
  const id = uuidParam("webhookId", ctx.params.webhookId);
  const changes = await ctx.body(updateWebhookBodySchema);
  const endpoint = await updateWebhookEndpoint(ctx.caller, { endpointId: id, changes });
  return { status: 200, body: toWebhookEndpointDto(endpoint) };
});

// DELETE /api/v1/webhooks/{webhookId} - delete an endpoint and its delivery history (204)
export const DELETE = apiRoute<Params>({ role: "admin" }, async (ctx) => {
  const id = uuidParam("webhookId", ctx.params.webhookId);
  await deleteWebhookEndpoint(ctx.caller, { endpointId: id });
  return { status: 204 };
});

// Every other method: 405 problem+json.
const notAllowed = methodNotAllowed(["PATCH", "DELETE"]);
export { notAllowed as GET, notAllowed as POST, notAllowed as PUT, notAllowed as OPTIONS };
