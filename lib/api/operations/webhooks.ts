// Signed notices of key events, sent to the workspace's HTTPS endpoints.
import { z } from "zod";
import {
  WEBHOOK_TEST_EVENT,
  createWebhookBodySchema,
  createdWebhookDtoSchema,
  updateWebhookBodySchema,
  webhookDeliveryDtoSchema,
  webhookEndpointDtoSchema,
} from "@/lib/schemas/webhooks";
import { WEBHOOKS_FORBIDDEN, WEBHOOK_NOT_FOUND } from "../errors";
import { defineOperations, uuidPathParam } from "../operation";
import { webhookIdParam } from "./params";

/** GET /api/v1/webhooks/{webhookId}/deliveries: how many of the newest. */
export const webhookDeliveriesQuerySchema = z.strictObject({
  limit: z.coerce.number().int("limit must be a whole number.").min(1, "limit must be at least 1.").max(200, "limit must be at most 200.").default(50),
});

const deliveryIdParam = uuidPathParam("Webhook delivery UUID");

export const webhookOperations = defineOperations({
  listWebhooks: {
    method: "GET",
    path: "/api/v1/webhooks",
    tags: ["Webhooks"],
    summary: "The workspace's webhook endpoints (admin)",
    description: "Oldest first. Secrets are never listed.",
    role: "admin",
    permission: "webhooks:read",
    responses: { 200: { description: "The endpoints.", body: z.array(webhookEndpointDtoSchema) } },
    errors: { 403: WEBHOOKS_FORBIDDEN },
  },
  createWebhook: {
    method: "POST",
    path: "/api/v1/webhooks",
    tags: ["Webhooks"],
    summary: "Add a webhook endpoint (admin); the response holds its signing secret, once",
    description:
      "An `https` URL whose address is public: plain `http`, and names or addresses that are loopback, private or link-local, are refused (422) unless the server allows them (`KEYPORT_WEBHOOK_ALLOW_PRIVATE`). Each delivery checks the address it connects to again. At most 20 endpoints per workspace.",
    role: "admin",
    permission: "webhooks:write",
    body: createWebhookBodySchema,
    idempotent: true,
    responses: { 201: { description: "The endpoint, with `secret`.", body: createdWebhookDtoSchema, headers: ["Location"] } },
    errors: {
      403: WEBHOOKS_FORBIDDEN,
      409: {
        description: "`conflict`: the workspace already has 20 endpoints; or `idempotency_in_flight`: a request with this Idempotency-Key is still running.",
        headers: ["Retry-After"],
      },
    },
  },
  updateWebhook: {
    method: "PATCH",
    path: "/api/v1/webhooks/{webhookId}",
    tags: ["Webhooks"],
    summary: "Disable, enable or re-subscribe an endpoint (admin)",
    description:
      "A disabled endpoint is off: no event is queued for it meanwhile, and deliveries queued before it was disabled wait until it is enabled again (giving up 24 hours after their event).",
    role: "admin",
    permission: "webhooks:write",
    params: { webhookId: webhookIdParam },
    body: updateWebhookBodySchema,
    responses: { 200: { description: "The endpoint as it now is.", body: webhookEndpointDtoSchema } },
    errors: { 403: WEBHOOKS_FORBIDDEN, 404: WEBHOOK_NOT_FOUND },
  },
  deleteWebhook: {
    method: "DELETE",
    path: "/api/v1/webhooks/{webhookId}",
    tags: ["Webhooks"],
    summary: "Delete an endpoint and its delivery history (admin)",
    description: "The endpoint stops receiving events at once; its queued and past deliveries are deleted with it. Audited.",
    role: "admin",
    permission: "webhooks:write",
    params: { webhookId: webhookIdParam },
    responses: { 204: { description: "Deleted." } },
    errors: { 403: WEBHOOKS_FORBIDDEN, 404: WEBHOOK_NOT_FOUND },
  },
  testWebhook: {
    method: "POST",
    path: "/api/v1/webhooks/{webhookId}/test",
    tags: ["Webhooks"],
    summary: `Send a \`${WEBHOOK_TEST_EVENT}\` event to an endpoint (admin)`,
    description: "Queued at once and delivered like any event, whatever the endpoint subscribes to. Follow it in the endpoint's deliveries.",
    role: "admin",
    permission: "webhooks:write",
    params: { webhookId: webhookIdParam },
    idempotent: true,
    responses: { 202: { description: "The queued delivery.", body: webhookDeliveryDtoSchema } },
    errors: {
      403: WEBHOOKS_FORBIDDEN,
      404: WEBHOOK_NOT_FOUND,
      409: {
        description: "`conflict`: the endpoint is disabled; or `idempotency_in_flight`: a request with this Idempotency-Key is still running.",
        headers: ["Retry-After"],
      },
    },
  },
  listWebhookDeliveries: {
    method: "GET",
    path: "/api/v1/webhooks/{webhookId}/deliveries",
    tags: ["Webhooks"],
    summary: "An endpoint's recent deliveries (admin)",
    description: "Newest first (`limit`, default 50, at most 200): status, attempts, the last response code and error.",
    role: "admin",
    permission: "webhooks:read",
    params: { webhookId: webhookIdParam },
    query: webhookDeliveriesQuerySchema,
    responses: { 200: { description: "The deliveries.", body: z.array(webhookDeliveryDtoSchema) } },
    errors: { 403: WEBHOOKS_FORBIDDEN, 404: WEBHOOK_NOT_FOUND },
  },
  resendWebhookDelivery: {
    method: "POST",
    path: "/api/v1/webhooks/{webhookId}/deliveries/{deliveryId}/resend",
    tags: ["Webhooks"],
    summary: "Send a delivery's event again (admin)",
    description:
      "Queues a new delivery of the same event to the same endpoint, whatever the first one's status: the same body and the same `webhook-id` (so a receiver that drops repeats still can), signed afresh when it is sent. Follow it in the endpoint's deliveries. Audited.",
    role: "admin",
    permission: "webhooks:write",
    params: { webhookId: webhookIdParam, deliveryId: deliveryIdParam },
    idempotent: true,
    responses: { 202: { description: "The new delivery, queued.", body: webhookDeliveryDtoSchema } },
    errors: {
      403: WEBHOOKS_FORBIDDEN,
      404: { description: "`not_found`: no such endpoint, or no such delivery of it, in this workspace." },
      409: {
        description: "`conflict`: the endpoint is disabled; or `idempotency_in_flight`: a request with this Idempotency-Key is still running.",
        headers: ["Retry-After"],
      },
    },
  },
});
