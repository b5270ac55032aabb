import { operations } from "@/lib/api/operations";
import { apiRoute, handle } from "@/lib/http/route";
import { createWebhookEndpoint, listWebhookEndpoints, toWebhookEndpointDto } from "@/lib/data";
import { allowPrivateWebhooks } from "@/lib/webhooks/private";

// GET /api/v1/webhooks - the workspace's webhook endpoints (admin); never their secrets
const list = handle(operations.listWebhooks, async (ctx) => {
  const endpoints = await listWebhookEndpoints(ctx.session.workspaceId);
  return { status: 200, body: endpoints.map(toWebhookEndpointDto) };
});

// POST /api/v1/webhooks - add an endpoint: {"url", "events"}. 201 with its signing secret, once
// (and again to a retry with the same Idempotency-Key).
const create = handle(operations.createWebhook, async (ctx) => {
  const input = await ctx.body();
  const answer = await ctx.idempotent(async (tx) => {
    const created = await createWebhookEndpoint(ctx.caller, { input, allowPrivate: allowPrivateWebhooks(), tx });
    return { status: 201, body: created };
  });
  const id = (answer.body as { id?: string } | undefined)?.id;
  return id ? { ...answer, headers: { ...answer.headers, location: `/api/v1/webhooks/${id}` } } : answer;
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(list, create);
