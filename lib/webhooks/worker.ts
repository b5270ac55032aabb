// The webhook worker: every instance runs one (unless KEYPORT_WEBHOOK_WORKER=0). It polls the
// delivery queue every KEYPORT_WEBHOOK_POLL_MS, sends what is due, and every
// KEYPORT_WEBHOOK_SWEEP_MS queues expiry events, applies credit refills that are due (so one
// missed while every instance was down happens at the next start), drops old deliveries and
// forgets expired blocks of credit. All coordination
// between instances is in the database (lib/data/webhooks.ts); the worker holds no state that
// a crash could lose.
import "server-only";
import {
  applyDueRefills,
  purgeExpiredLeases,
  claimWebhookDeliveries,
  purgeWebhookDeliveries,
  queueExpiryEvents,
  recordWebhookAttempt,
  type ClaimedDelivery,
} from "@/lib/data";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { allowPrivateWebhooks } from "./private";
import { sendWebhook } from "./deliver";

const BATCH = 10;

class WebhookWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private nextSweepAt = 0;
  private failing = false;

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = null;
        this.schedule(env().KEYPORT_WEBHOOK_POLL_MS);
      });
    }, ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const config = env();
    try {
      if (Date.now() >= this.nextSweepAt) {
        this.nextSweepAt = Date.now() + config.KEYPORT_WEBHOOK_SWEEP_MS;
        const queued = await queueExpiryEvents();
        const refilled = await applyDueRefills();
        const purged = await purgeWebhookDeliveries();
        await purgeExpiredLeases();
        if (queued || refilled || purged) logger().info({ expiry_events: queued, credit_refills: refilled, deliveries_dropped: purged }, "webhook sweep");
      }
      // The lease outlasts the longest attempt, so a live worker's claim never runs out.
      const leaseMs = config.KEYPORT_WEBHOOK_TIMEOUT_MS + 5_000;
      for (let round = 0; round < 100 && !this.stopped; round++) {
        const batch = await claimWebhookDeliveries(BATCH, leaseMs);
        await Promise.all(batch.map((delivery) => this.deliver(delivery)));
        if (batch.length < BATCH) break;
      }
      if (this.failing) logger().info("webhook worker reaches the database again");
      this.failing = false;
    } catch (error) {
      // One line per outage, not one per poll.
      if (!this.failing) logger().warn({ error: String(error) }, "webhook worker cannot reach the database; retrying");
      this.failing = true;
    }
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const outcome =
      delivery.secret === null
        ? { ok: false, status: null, error: "This instance cannot open the endpoint's signing secret: set the same KEYPORT_SECRET on every instance." }
        : await sendWebhook({ ...delivery, secret: delivery.secret }, {
            timeoutMs: env().KEYPORT_WEBHOOK_TIMEOUT_MS,
            allowPrivate: allowPrivateWebhooks(),
          });
    const status = await recordWebhookAttempt(delivery, outcome);
    const line = {
      delivery_id: delivery.id,
      message_id: delivery.messageId,
      event: delivery.eventType,
      attempt: delivery.attempt,
      response_status: outcome.status,
      outcome: status,
    };
    if (outcome.ok) logger().info(line, "webhook delivered");
    else logger().warn({ ...line, error: outcome.error }, "webhook attempt failed");
  }
}

const globalForWorker = globalThis as unknown as { keyportWebhookWorker?: WebhookWorker };

/** Starts this process's worker, once (the production server and Next's bundle share it). */
export function startWebhookWorker(): void {
  if (!env().KEYPORT_WEBHOOK_WORKER || globalForWorker.keyportWebhookWorker) return;
  globalForWorker.keyportWebhookWorker = new WebhookWorker();
  globalForWorker.keyportWebhookWorker.start();
}

export async function stopWebhookWorker(): Promise<void> {
  await globalForWorker.keyportWebhookWorker?.stop();
}
