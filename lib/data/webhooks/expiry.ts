import "server-only";
import { EXPIRING_NOTICE_DAYS } from "@/lib/schemas/webhooks";
import { prisma } from "../client";
import { OMIT_HASH } from "../records";
import type { Actor } from "../types";
import { keyEventData, queueWebhookEvent } from "./deliveries";

// The expiry sweep: `key.expiring` and `key.expired` events, raised by the passing of time
// rather than by a request, so queued by a periodic sweep on every instance.

const DAY_MS = 86_400_000;

/** Who acts in a key event nobody caused. */
const SYSTEM_ACTOR: Actor = { userId: "keyport", userName: "Keyport", type: "system" };

/**
 * Queues `key.expiring` (EXPIRING_NOTICE_DAYS before) and `key.expired` for keys that reached
 * those points, each once: the key is marked in the same statement that finds it, so
 * concurrent sweeps on several instances never queue one twice. Keys that expired while every
 * instance was down are found by the first sweep after. An expired key's sealed copy (a
 * recoverable key's) is deleted in the statement that marks it expired.
 */
export async function queueExpiryEvents(now = new Date(), batch = 500): Promise<number> {
  let queued = 0;
  for (const kind of ["expiring", "expired"] as const) {
    for (;;) {
      const keys = await prisma.$transaction(async (tx) => {
        // One statement finds and marks the keys; SKIP LOCKED leaves keys another sweep is
        // marking to that sweep, and the re-check after the lock drops any it already marked.
        const marked =
          kind === "expiring"
            ? await tx.$queryRaw<{ id: string }[]>`
                UPDATE api_keys SET expiring_notified_at = ${now}
                WHERE id IN (
                  SELECT id FROM api_keys
                  WHERE revoked_at IS NULL AND expiring_notified_at IS NULL
                    AND expires_at > ${now} AND expires_at <= ${new Date(now.getTime() + EXPIRING_NOTICE_DAYS * DAY_MS)}
                  LIMIT ${batch} FOR UPDATE SKIP LOCKED)
                AND expiring_notified_at IS NULL
                RETURNING id`
            : await tx.$queryRaw<{ id: string }[]>`
                UPDATE api_keys SET expired_notified_at = ${now}, sealed_key = NULL
                WHERE id IN (
                  SELECT id FROM api_keys
                  WHERE revoked_at IS NULL AND expired_notified_at IS NULL AND expires_at <= ${now}
                  LIMIT ${batch} FOR UPDATE SKIP LOCKED)
                AND expired_notified_at IS NULL
                RETURNING id`;
        if (marked.length === 0) return 0;
        const found = await tx.apiKey.findMany({ where: { id: { in: marked.map((row) => row.id) } }, omit: OMIT_HASH });
        for (const key of found) {
          await queueWebhookEvent(tx, key.workspaceId, `key.${kind}`, keyEventData(key, { workspaceId: key.workspaceId, actor: SYSTEM_ACTOR }));
        }
        return marked.length;
      });
      queued += keys;
      if (keys < batch) break;
    }
  }
  return queued;
}
