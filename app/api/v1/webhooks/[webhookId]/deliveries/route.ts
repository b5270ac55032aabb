import { z } from "zod";
import { methodNotAllowed } from "@/lib/http/fallback";
import { uuidParam } from "@/lib/http/params";
import { apiRoute } from "@/lib/http/route";
import { listWebhookDeliveries, toWebhookDeliveryDto } from "@/lib/data";

type Params = { webhookId: string };

const querySchema = z.strictObject({
  limit: z.coerce.number().int("limit must be a whole number.").min(1, "limit must be at least 1.").max(200, "limit must be at most 200.").default(50),
});

// GET /api/v1/webhooks/{webhookId}/deliveries - the endpoint's recent deliveries, newest first
export const GET = apiRoute<Params>({ role: "admin" }, async (ctx) => {
  const id = uuidParam("webhookId", ctx.params.webhookId);
  const { limit } = ctx.query(querySchema);
  const deliveries = await listWebhookDeliveries(ctx.session.workspaceId, { endpointId: id, limit });
  return { status: 200, body: deliveries.map(toWebhookDeliveryDto) };
});

// Every other method: 405 problem+json.
const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as OPTIONS };
