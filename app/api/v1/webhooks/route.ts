import { methodNotAllowed } from "@/lib/http/fallback";
import { apiRoute } from "@/lib/http/route";
import { createWebhookEndpoint, listWebhookEndpoints, toWebhookEndpointDto } from "@/lib/data";
import { createWebhookBodySchema } from "@/lib/schemas/webhooks";
import { allowPrivateWebhooks } from "@/lib/webhooks/private";

// GET /api/v1/webhooks - the workspace's webhook endpoints (admin); never their secrets
export const GET = apiRoute({ role: "admin" }, async (ctx) => {
  const endpoints = await listWebhookEndpoints(ctx.session.workspaceId);
  return { status: 200, body: endpoints.map(toWebhookEndpointDto) };
});

// POST /api/v1/webhooks - add an endpoint: {"url", "events"}. 201 with its signing secret, once
// (and again to a retry with the same Idempotency-Key).
export const POST = apiRoute({ role: "admin" }, async (ctx) => {
  const input = await ctx.body(createWebhookBodySchema);
  const answer = await ctx.idempotent(async (tx) => {
    const created = await createWebhookEndpoint(ctx.caller, { input, allowPrivate: allowPrivateWebhooks(), tx });
    return { status: 201, body: created };
  });
  const id = (answer.body as { id?: string } | undefined)?.id;
  return id ? { ...answer, headers: { ...answer.headers, location: `/api/v1/webhooks/${id}` } } : answer;
});

// Every other method: 405 problem+json.
const notAllowed = methodNotAllowed(["GET", "POST"]);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as OPTIONS };
