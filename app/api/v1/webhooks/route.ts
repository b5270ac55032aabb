import { methodNotAllowed } from "@/lib/http/fallback";
import { apiRoute } from "@/lib/http/route";
import { createWebhookEndpoint, listWebhookEndpoints, toWebhookEndpointDto } from "@/lib/data";
import { createWebhookBodySchema } from "@/lib/schemas/webhooks";

// GET /api/v1/webhooks - the workspace's webhook endpoints (admin); never their secrets
export const GET = apiRoute({ role: "admin" }, async (ctx) => {
  const endpoints = await listWebhookEndpoints(ctx.session.workspaceId);
  return { status: 200, body: { data: endpoints.map(toWebhookEndpointDto) } };
});

// POST /api/v1/webhooks - add an endpoint: {"url", "events"}. 201 with its signing secret, once.
export const POST = apiRoute({ role: "admin" }, async (ctx) => {
  const input = await ctx.body(createWebhookBodySchema);
  const created = await createWebhookEndpoint(ctx.session.workspaceId, ctx.session, input, ctx);
  return { status: 201, body: created, headers: { location: `/api/v1/webhooks/${created.id}` } };
});

// Every other method: 405 problem+json.
const notAllowed = methodNotAllowed(["GET", "POST"]);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
