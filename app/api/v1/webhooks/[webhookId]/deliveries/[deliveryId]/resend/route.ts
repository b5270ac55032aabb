import { operations } from "@/lib/api/operations";
import { apiRoute, handle } from "@/lib/http/route";
import { resendWebhookDelivery, toWebhookDeliveryDto } from "@/lib/data";

// POST /api/v1/webhooks/{webhookId}/deliveries/{deliveryId}/resend - queue the delivery's event again (202)
const resend = handle(operations.resendWebhookDelivery, async (ctx) => {
  const { webhookId, deliveryId } = ctx.params;
  return ctx.idempotent(async (tx) => {
    const delivery = await resendWebhookDelivery(ctx.caller, { endpointId: webhookId, deliveryId, tx });
    return { status: 202, body: toWebhookDeliveryDto(delivery) };
  });
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(resend);
