import { methodNotAllowed } from "@/lib/http/fallback";
import { uuidParam } from "@/lib/http/params";
import { apiRoute } from "@/lib/http/route";
import { sendTestWebhook, toWebhookDeliveryDto } from "@/lib/data";

type Params = { webhookId: string };

// POST /api/v1/webhooks/{webhookId}/test - queue a `webhook.test` event to this endpoint (202)
export const POST = apiRoute<Params>({ role: "admin" }, async (ctx) => {
  const id = uuidParam("webhookId", ctx.params.webhookId);
  return ctx.idempotent(async (tx) => {
    const delivery = await sendTestWebhook(ctx.caller, { endpointId: id, tx });
    return { status: 202, body: toWebhookDeliveryDto(delivery) };
  });
});

// Every other method: 405 problem+json.
const notAllowed = methodNotAllowed(["POST"]);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as OPTIONS };
