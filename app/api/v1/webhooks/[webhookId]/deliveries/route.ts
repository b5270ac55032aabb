import { operations } from "@/lib/api/operations";
import { apiRoute, handle } from "@/lib/http/route";
import { listWebhookDeliveries, toWebhookDeliveryDto } from "@/lib/data";


// GET /api/v1/webhooks/{webhookId}/deliveries - the endpoint's recent deliveries, newest first
const list = handle(operations.listWebhookDeliveries, async (ctx) => {
  const id = ctx.params.webhookId;
  const { limit } = ctx.query();
  const deliveries = await listWebhookDeliveries(ctx.session.workspaceId, { endpointId: id, limit });
  return { status: 200, body: deliveries.map(toWebhookDeliveryDto) };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(list);
