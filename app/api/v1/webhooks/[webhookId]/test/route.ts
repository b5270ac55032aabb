import { operations } from "@/lib/api/operations";
import { apiRoute, handle } from "@/lib/http/route";
import { sendTestWebhook, toWebhookDeliveryDto } from "@/lib/data";

// POST /api/v1/webhooks/{webhookId}/test - queue a `webhook.test` event to this endpoint (202)
const sendTest = handle(operations.testWebhook, async (ctx) => {
  const id = ctx.params.webhookId;
  return ctx.idempotent(async (tx) => {
    const delivery = await sendTestWebhook(ctx.caller, { endpointId: id, tx });
    return { status: 202, body: toWebhookDeliveryDto(delivery) };
  });
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(sendTest);
