import "server-only";
import { randomUUID } from "node:crypto";
import { env } from "@/lib/env";
import { isUuid } from "@/lib/schemas/ids";
import { AppError } from "@/lib/errors";
import type { WebhookDelivery } from "@/lib/generated/prisma/client";
import {
  WEBHOOK_TEST_EVENT,
  webhookDeliveryDtoSchema,
  type WebhookDeliveryDto,
  type WebhookEventType,
} from "@/lib/schemas/webhooks";
import { recordAuditEvent } from "../audit";
import { inTransaction, prisma, type Tx } from "../client";
import { iso, toApiKeyDto, type ApiKeyRecord } from "../records";
import { unseal } from "../sealed";
import type { Caller } from "../types";
import { endpointNotFound, getEndpointOrThrow } from "./endpoints";

// Webhooks: the durable delivery queue.
//
// An event is queued in the transaction of the change it reports (one row per subscribed
// endpoint), so it exists if and only if the change committed, and a crash loses nothing.
// Workers on any number of instances claim due rows with FOR UPDATE SKIP LOCKED and lease
// them (`delivering` until `locked_until`), so no two workers send the same attempt; a worker
// that dies mid-attempt leaves a lease that runs out, and the attempt is made again
// (at-least-once: receivers drop repeats by `webhook-id`). Failed attempts are retried with
// exponential backoff until KEYPORT_WEBHOOK_RETRY_HOURS after the event, then marked failed.

const DAY_MS = 86_400_000;

export function toWebhookDeliveryDto(delivery: WebhookDelivery): WebhookDeliveryDto {
  return webhookDeliveryDtoSchema.parse({
    id: delivery.id,
    endpoint_id: delivery.endpointId,
    message_id: delivery.messageId,
    event_type: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    response_status: delivery.responseStatus,
    error: delivery.lastError,
    created_at: delivery.createdAt.toISOString(),
    last_attempt_at: iso(delivery.lastAttemptAt),
    next_attempt_at: delivery.status === "pending" ? delivery.nextAttemptAt.toISOString() : null,
    delivered_at: iso(delivery.deliveredAt),
    payload: JSON.parse(delivery.payload) as unknown,
  });
}

/** A Standard Webhooks message id: the same on every attempt and every endpoint of one event. */
function newMessageId(): string {
  return `msg_${randomUUID().replaceAll("-", "")}`;
}

/** An event's body, as every endpoint receives it. */
function eventBody(type: string, data: Record<string, unknown>, at = new Date()): string {
  return JSON.stringify({ type, timestamp: at.toISOString(), data });
}

/** Queues a `webhook.test` event to one endpoint, whatever it subscribes to. */
export async function sendTestWebhook(caller: Caller, options: { endpointId: string; tx?: Tx }): Promise<WebhookDelivery> {
  const { workspaceId, actor } = caller;
  const id = options.endpointId;
  const db = options.tx ?? prisma;
  const endpoint = await getEndpointOrThrow(db, workspaceId, id);
  if (endpoint.disabledAt) throw new AppError("conflict", "This endpoint is disabled. Enable it to send it a test event.");
  // Queued only while the endpoint exists: one deleted meanwhile is a 404, not a foreign-key error.
  const payload = eventBody(WEBHOOK_TEST_EVENT, { webhook_id: endpoint.id, sent_by: { id: actor.userId, name: actor.userName } });
  const messageId = newMessageId();
  // The row comes back from the insert itself: an endpoint deleted right after takes it along.
  const [queued] = await db.$queryRaw<{ id: string; next_attempt_at: Date; created_at: Date }[]>`
    INSERT INTO webhook_deliveries (id, endpoint_id, workspace_id, message_id, event_type, payload)
    SELECT gen_random_uuid(), e.id, e.workspace_id, ${messageId}, ${WEBHOOK_TEST_EVENT}, ${payload}
    FROM webhook_endpoints e WHERE e.id = ${endpoint.id}::uuid AND e.workspace_id = ${workspaceId}::uuid
    FOR KEY SHARE OF e
    RETURNING id, next_attempt_at, created_at`;
  if (!queued) throw endpointNotFound();
  return {
    id: queued.id,
    endpointId: endpoint.id,
    workspaceId,
    messageId,
    eventType: WEBHOOK_TEST_EVENT,
    payload,
    status: "pending",
    attempts: 0,
    nextAttemptAt: queued.next_attempt_at,
    lockedUntil: null,
    responseStatus: null,
    lastError: null,
    createdAt: queued.created_at,
    lastAttemptAt: null,
    deliveredAt: null,
  };
}

const deliveryNotFound = () => new AppError("not_found", "No delivery with this id for this webhook endpoint in your workspace.");

type QueuedRow = Omit<WebhookDelivery, "endpointId" | "workspaceId" | "messageId" | "eventType" | "payload">;

/**
 * Sends one of an endpoint's deliveries again: a new delivery of the same event, with the same
 * body and the same `webhook-id` (Standard Webhooks keeps the id when a message is resent, so a
 * receiver that drops repeats still can), signed afresh when it is sent. Audited.
 */
export async function resendWebhookDelivery(
  caller: Caller,
  options: { endpointId: string; deliveryId: string; tx?: Tx },
): Promise<WebhookDelivery> {
  const { workspaceId } = caller;
  return inTransaction(options.tx, async (tx) => {
    const endpoint = await getEndpointOrThrow(tx, workspaceId, options.endpointId);
    if (!isUuid(options.deliveryId)) throw deliveryNotFound();
    const original = await tx.webhookDelivery.findFirst({ where: { id: options.deliveryId, endpointId: endpoint.id, workspaceId } });
    if (!original) throw deliveryNotFound();
    if (endpoint.disabledAt) throw new AppError("conflict", "This endpoint is disabled. Enable it to resend its events.");
    // Queued only while the endpoint exists (as a test event is): one deleted meanwhile is a 404.
    const [queued] = await tx.$queryRaw<QueuedRow[]>`
      INSERT INTO webhook_deliveries (id, endpoint_id, workspace_id, message_id, event_type, payload)
      SELECT gen_random_uuid(), e.id, e.workspace_id, ${original.messageId}, ${original.eventType}, ${original.payload}
      FROM webhook_endpoints e WHERE e.id = ${endpoint.id}::uuid AND e.workspace_id = ${workspaceId}::uuid
      FOR KEY SHARE OF e
      RETURNING id, status, attempts, next_attempt_at AS "nextAttemptAt", locked_until AS "lockedUntil",
        response_status AS "responseStatus", last_error AS "lastError", created_at AS "createdAt",
        last_attempt_at AS "lastAttemptAt", delivered_at AS "deliveredAt"`;
    if (!queued) throw endpointNotFound();
    await recordAuditEvent(tx, caller, {
      action: "webhook.resent",
      metadata: { webhookId: endpoint.id, url: endpoint.url, eventType: original.eventType, messageId: original.messageId, deliveryId: original.id, resentAs: queued.id },
    });
    return { ...queued, endpointId: endpoint.id, workspaceId, messageId: original.messageId, eventType: original.eventType, payload: original.payload };
  });
}

/** The most recent deliveries of the workspace (or of one endpoint), newest first. */
export async function listWebhookDeliveries(
  workspaceId: string,
  options: { endpointId?: string; limit?: number } = {},
): Promise<WebhookDelivery[]> {
  if (options.endpointId) await getEndpointOrThrow(prisma, workspaceId, options.endpointId);
  return prisma.webhookDelivery.findMany({
    where: { workspaceId, ...(options.endpointId ? { endpointId: options.endpointId } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(options.limit ?? 50, 1), 200),
  });
}

/**
 * Queues `type` for every enabled endpoint of the workspace that subscribes to it, inside the
 * caller's transaction. One statement; nothing is written when no endpoint listens. The
 * endpoints are locked as their deliveries' foreign keys would lock them, taken in the same
 * read: an endpoint deleted meanwhile is skipped, never a foreign-key violation (and never a
 * 500 on the change that raised the event).
 */
export async function queueWebhookEvent(
  tx: Tx,
  workspaceId: string,
  type: WebhookEventType,
  data: Record<string, unknown>,
): Promise<void> {
  const payload = eventBody(type, data);
  await tx.$executeRaw`
    INSERT INTO webhook_deliveries (id, endpoint_id, workspace_id, message_id, event_type, payload)
    SELECT gen_random_uuid(), e.id, e.workspace_id, ${newMessageId()}, ${type}, ${payload}
    FROM webhook_endpoints e
    WHERE e.workspace_id = ${workspaceId}::uuid AND e.disabled_at IS NULL AND ${type} = ANY(e.events)
    FOR KEY SHARE OF e`;
}

/** The `data` of a key event: the key as the API shows it, who acted and on which request. */
export function keyEventData(key: ApiKeyRecord, caller: Caller, extra: Record<string, unknown> = {}) {
  return {
    key: toApiKeyDto(key),
    actor: { id: caller.actor.userId, name: caller.actor.userName, type: caller.actor.type ?? "user" },
    request_id: caller.requestId ?? null,
    ...extra,
  };
}

/** A delivery a worker has claimed: everything needed to send it. */
export type ClaimedDelivery = {
  id: string;
  attempt: number;
  url: string;
  /** null when this instance cannot open it (its KEYPORT_SECRET differs from the one that sealed it). */
  secret: string | null;
  messageId: string;
  eventType: string;
  payload: string;
  createdAt: Date;
};

/**
 * Claims up to `limit` due deliveries for this worker, leased for `leaseMs`: pending ones whose
 * time has come, and `delivering` ones whose lease ran out (their worker died). SKIP LOCKED
 * makes concurrent claims take disjoint rows; the lease keeps them from being taken again.
 */
export async function claimWebhookDeliveries(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const rows = await prisma.$queryRaw<
    { id: string; attempts: number; url: string; secret_sealed: string; message_id: string; event_type: string; payload: string; created_at: Date }[]
  >`
    WITH due AS (
      SELECT d.id FROM webhook_deliveries d
      JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.disabled_at IS NULL
      WHERE (d.status = 'pending' AND d.next_attempt_at <= now())
         OR (d.status = 'delivering' AND d.locked_until < now())
      ORDER BY d.next_attempt_at
      LIMIT ${limit}
      FOR UPDATE OF d SKIP LOCKED
    )
    UPDATE webhook_deliveries d
    SET status = 'delivering', attempts = d.attempts + 1, locked_until = now() + ${leaseMs} * interval '1 millisecond',
        last_attempt_at = now()
    FROM due, webhook_endpoints e
    WHERE d.id = due.id AND e.id = d.endpoint_id
    RETURNING d.id, d.attempts, e.url, e.secret_sealed, d.message_id, d.event_type, d.payload, d.created_at`;
  return rows.map((row) => ({
    id: row.id,
    attempt: row.attempts,
    url: row.url,
    secret: openSecret(row.secret_sealed),
    messageId: row.message_id,
    eventType: row.event_type,
    payload: row.payload,
    createdAt: row.created_at,
  }));
}

function openSecret(sealed: string): string | null {
  try {
    return unseal("webhook-secret", sealed);
  } catch {
    return null;
  }
}

/** The delay before retry number `attempt` (1 after the first failure): doubling, with ±20% jitter. */
export function retryDelayMs(attempt: number, baseMs = env().KEYPORT_WEBHOOK_RETRY_BASE_MS, random = Math.random()): number {
  const exact = baseMs * 2 ** Math.min(attempt - 1, 30);
  return Math.round(exact * (0.8 + 0.4 * random));
}

export type AttemptResult = { ok: boolean; status: number | null; error: string | null };

/**
 * Records how an attempt went. Only the worker holding the claim records it (the attempt
 * number must still match), so a worker whose lease ran out cannot overwrite a newer attempt.
 */
export async function recordWebhookAttempt(delivery: Pick<ClaimedDelivery, "id" | "attempt" | "createdAt">, result: AttemptResult, now = new Date()): Promise<"succeeded" | "pending" | "failed"> {
  const claimed = { id: delivery.id, attempts: delivery.attempt, status: "delivering" as const };
  const error = result.error ? result.error.slice(0, 500) : null;
  if (result.ok) {
    await prisma.webhookDelivery.updateMany({
      where: claimed,
      data: { status: "succeeded", responseStatus: result.status, lastError: null, lockedUntil: null, deliveredAt: now },
    });
    return "succeeded";
  }
  const next = new Date(now.getTime() + retryDelayMs(delivery.attempt));
  const deadline = delivery.createdAt.getTime() + env().KEYPORT_WEBHOOK_RETRY_HOURS * 3_600_000;
  const status = next.getTime() > deadline ? "failed" : "pending";
  await prisma.webhookDelivery.updateMany({
    where: claimed,
    data: { status, responseStatus: result.status, lastError: error, lockedUntil: null, nextAttemptAt: next },
  });
  return status;
}

/** Drops finished deliveries older than the event retention (KEYPORT_EVENT_RETENTION_DAYS). */
export async function purgeWebhookDeliveries(now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - env().KEYPORT_EVENT_RETENTION_DAYS * DAY_MS);
  const { count } = await prisma.webhookDelivery.deleteMany({
    where: { status: { in: ["succeeded", "failed"] }, createdAt: { lt: before } },
  });
  return count;
}
