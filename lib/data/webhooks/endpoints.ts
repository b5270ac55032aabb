import "server-only";
import { randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";
import type { WebhookEndpoint } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/schemas/ids";
import {
  WEBHOOK_ENDPOINTS_MAX,
  createWebhookBodySchema,
  updateWebhookBodySchema,
  webhookEndpointDtoSchema,
  type CreateWebhookInput,
  type CreatedWebhookDto,
  type WebhookEndpointDto,
} from "@/lib/schemas/webhooks";
import { endpointUrlRefusal } from "@/lib/webhooks/address";
import { recordAuditEvent } from "../audit";
import { inTransaction, prisma, type Tx } from "../client";
import { seal } from "../sealed";
import type { Caller } from "../types";

// Webhook endpoints a workspace registers: added (with a signing secret shown once), turned
// off or on, deleted. What is sent to them is in deliveries.ts.

export type WebhookEndpointRecord = Omit<WebhookEndpoint, "secretSealed">;

const ENDPOINT_SELECT = {
  id: true,
  workspaceId: true,
  url: true,
  events: true,
  disabledAt: true,
  createdAt: true,
  createdById: true,
  createdByName: true,
} as const;

export function toWebhookEndpointDto(endpoint: WebhookEndpointRecord): WebhookEndpointDto {
  return webhookEndpointDtoSchema.parse({
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.events,
    enabled: endpoint.disabledAt === null,
    created_at: endpoint.createdAt.toISOString(),
    created_by: endpoint.createdByName,
  });
}

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export const endpointNotFound = () => new AppError("not_found", "No webhook endpoint with this id in your workspace.");

export async function getEndpointOrThrow(db: Tx, workspaceId: string, id: string): Promise<WebhookEndpointRecord> {
  if (!isUuid(id)) throw endpointNotFound();
  const endpoint = await db.webhookEndpoint.findFirst({ where: { id, workspaceId }, select: ENDPOINT_SELECT });
  if (!endpoint) throw endpointNotFound();
  return endpoint;
}

export async function listWebhookEndpoints(workspaceId: string): Promise<WebhookEndpointRecord[]> {
  return prisma.webhookEndpoint.findMany({ where: { workspaceId }, select: ENDPOINT_SELECT, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/** Adds an endpoint. Its signing secret is returned here, once, and kept only sealed. */
export async function createWebhookEndpoint(
  caller: Caller,
  options: {
    input: CreateWebhookInput;
    /** Whether private and plain-http endpoints are allowed (see allowPrivateWebhooks). */
    allowPrivate: boolean;
    tx?: Tx;
  },
): Promise<CreatedWebhookDto> {
  const { workspaceId, actor } = caller;
  const values = createWebhookBodySchema.parse(options.input);
  const refusal = await endpointUrlRefusal(values.url, options.allowPrivate);
  if (refusal) {
    throw new AppError("validation_failed", "The endpoint's URL is refused.", {
      errors: [{ location: "body.url", message: refusal, value: values.url }],
    });
  }
  const secret = newSigningSecret();
  // Inside the caller's transaction when there is one: an idempotent request's endpoint and its
  // stored answer commit together.
  const endpoint = await inTransaction(options.tx, async (tx) => {
    // Serialised per workspace, so two concurrent adds cannot both pass the cap.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`webhooks:${workspaceId}`}, 0))`;
    const count = await tx.webhookEndpoint.count({ where: { workspaceId } });
    if (count >= WEBHOOK_ENDPOINTS_MAX) {
      throw new AppError("conflict", `A workspace can have at most ${WEBHOOK_ENDPOINTS_MAX} webhook endpoints. Delete one first.`);
    }
    const created = await tx.webhookEndpoint.create({
      data: {
        workspaceId,
        url: values.url,
        events: values.events,
        secretSealed: seal("webhook-secret", secret),
        createdById: actor.userId,
        createdByName: actor.userName,
      },
      select: ENDPOINT_SELECT,
    });
    await recordAuditEvent(tx, caller, {
      action: "webhook.created",
      metadata: { webhookId: created.id, url: created.url, events: created.events.join(", ") },
    });
    return created;
  });
  return { ...toWebhookEndpointDto(endpoint), secret };
}

/** Turns an endpoint off or on, or changes its events. Only what changed is audited. */
export async function updateWebhookEndpoint(
  caller: Caller,
  options: { endpointId: string; changes: unknown; tx?: Tx },
): Promise<WebhookEndpointRecord> {
  const { workspaceId } = caller;
  const id = options.endpointId;
  const values = updateWebhookBodySchema.parse(options.changes);
  return inTransaction(options.tx, async (tx) => {
    const current = await getEndpointOrThrow(tx, workspaceId, id);
    const changes: Record<string, string | boolean> = {};
    const data: { disabledAt?: Date | null; events?: string[] } = {};
    if (values.disabled !== undefined && values.disabled !== (current.disabledAt !== null)) {
      data.disabledAt = values.disabled ? new Date() : null;
      changes.enabled = !values.disabled;
    }
    if (values.events && values.events.join(",") !== current.events.join(",")) {
      data.events = values.events;
      changes.events = values.events.join(", ");
    }
    if (Object.keys(data).length === 0) return current;
    // Deleted meanwhile: a 404, not a missing-record error.
    const [updated] = await tx.webhookEndpoint.updateManyAndReturn({ where: { id: current.id, workspaceId }, data, select: ENDPOINT_SELECT });
    if (!updated) throw endpointNotFound();
    await recordAuditEvent(tx, caller, {
      action: "webhook.updated",
      metadata: { webhookId: id, url: current.url, ...changes },
    });
    return updated;
  });
}

/** Deletes an endpoint with its delivery history; queued deliveries to it are dropped. */
export async function deleteWebhookEndpoint(caller: Caller, options: { endpointId: string; tx?: Tx }): Promise<void> {
  const { workspaceId } = caller;
  const id = options.endpointId;
  await inTransaction(options.tx, async (tx) => {
    const endpoint = await getEndpointOrThrow(tx, workspaceId, id);
    const { count } = await tx.webhookEndpoint.deleteMany({ where: { id: endpoint.id, workspaceId } });
    if (count === 0) throw endpointNotFound();
    await recordAuditEvent(tx, caller, {
      action: "webhook.deleted",
      metadata: { webhookId: id, url: endpoint.url },
    });
  });
}
