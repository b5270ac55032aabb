"use server";

import { revalidatePath } from "next/cache";
import { parseInput, runAction } from "@/lib/actions";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  resendWebhookDelivery,
  sendTestWebhook,
  toWebhookEndpointDto,
  updateWebhookEndpoint,
} from "@/lib/data";
import type { ActionResult } from "@/lib/schemas/action-result";
import { createWebhookBodySchema, webhookDeliveryIdSchema, webhookIdSchema, type CreatedWebhookDto, type WebhookEndpointDto } from "@/lib/schemas/webhooks";
import { allowPrivateWebhooks } from "@/lib/webhooks/private";

// Adapters for Settings -> Webhooks: guard -> parse (the REST API's own schemas) -> data layer.

export async function createWebhookAction(input: unknown): Promise<ActionResult<CreatedWebhookDto>> {
  return runAction({ role: "admin", write: true, name: "add a webhook endpoint" }, async ({ caller }) => {
    const values = parseInput(createWebhookBodySchema, input);
    const created = await createWebhookEndpoint(caller, { input: values, allowPrivate: allowPrivateWebhooks() });
    revalidatePath("/settings/webhooks");
    return created;
  });
}

export async function setWebhookEnabledAction(id: unknown, enabled: unknown): Promise<ActionResult<WebhookEndpointDto>> {
  return runAction({ role: "admin", write: true, name: "disable or enable a webhook endpoint" }, async ({ caller }) => {
    const endpointId = parseInput(webhookIdSchema, id);
    const endpoint = await updateWebhookEndpoint(caller, { endpointId, changes: { disabled: enabled !== true } });
    revalidatePath("/settings/webhooks");
    return toWebhookEndpointDto(endpoint);
  });
}

export async function deleteWebhookAction(id: unknown): Promise<ActionResult<{ id: string }>> {
  return runAction({ role: "admin", write: true, name: "delete a webhook endpoint" }, async ({ caller }) => {
    const endpointId = parseInput(webhookIdSchema, id);
    await deleteWebhookEndpoint(caller, { endpointId });
    revalidatePath("/settings/webhooks");
    return { id: endpointId };
  });
}

export async function sendTestWebhookAction(id: unknown): Promise<ActionResult<{ messageId: string }>> {
  return runAction({ role: "admin", write: true, name: "send a test webhook" }, async ({ caller }) => {
    const endpointId = parseInput(webhookIdSchema, id);
    const delivery = await sendTestWebhook(caller, { endpointId });
    revalidatePath("/settings/webhooks");
    return { messageId: delivery.messageId };
  });
}

export async function resendWebhookDeliveryAction(id: unknown, deliveryId: unknown): Promise<ActionResult<{ id: string; messageId: string }>> {
  return runAction({ role: "admin", write: true, name: "resend a webhook event" }, async ({ caller }) => {
    const endpointId = parseInput(webhookIdSchema, id);
    const delivery = await resendWebhookDelivery(caller, { endpointId, deliveryId: parseInput(webhookDeliveryIdSchema, deliveryId) });
    revalidatePath("/settings/webhooks");
    return { id: delivery.id, messageId: delivery.messageId };
  });
}
