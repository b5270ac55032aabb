import "server-only";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { prisma } from "./client";

// Verification usage without a write per request: `last_used_at` and per-key daily counts
// are gathered in memory and written in one statement per flush (every
// KEYPORT_USAGE_FLUSH_MS, 5 s by default). `last_used_at` only ever moves forward.

type Pending = { lastUsedAt: number | null; valid: number; invalid: number };

class UsageRecorder {
  private readonly flushMs = env().KEYPORT_USAGE_FLUSH_MS;
  private pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  record(keyId: string, valid: boolean, at = Date.now()): void {
    const slot = `${keyId}|${Math.floor(at / 86_400_000)}`; // the UTC day, as a number
    const entry = this.pending.get(slot) ?? { lastUsedAt: null, valid: 0, invalid: 0 };
    if (valid) {
      entry.valid++;
      entry.lastUsedAt = Math.max(entry.lastUsedAt ?? 0, at);
    } else {
      entry.invalid++;
    }
    this.pending.set(slot, entry);
    this.timer ??= setTimeout(() => void this.flush(), this.flushMs).unref();
  }

  /** Writes everything pending in one statement. Safe to call at any time (and on shutdown). */
  async flush(): Promise<void> {
    if (this.flushing) await this.flushing;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const ids: string[] = [];
    const days: string[] = [];
    const used: (Date | null)[] = [];
    const valid: number[] = [];
    const invalid: number[] = [];
    for (const [slot, entry] of batch) {
      const [id, day] = slot.split("|") as [string, string];
      ids.push(id);
      days.push(new Date(Number(day) * 86_400_000).toISOString().slice(0, 10));
      used.push(entry.lastUsedAt === null ? null : new Date(entry.lastUsedAt));
      valid.push(entry.valid);
      invalid.push(entry.invalid);
    }
    this.flushing = prisma.$executeRaw`
      WITH input AS (
        SELECT * FROM unnest(${ids}::uuid[], ${days}::date[], ${used}::timestamptz[], ${valid}::int[], ${invalid}::int[])
          AS t(key_id, day, used_at, valid, invalid)
      ),
      touched AS (
        UPDATE api_keys k SET last_used_at = GREATEST(k.last_used_at, latest.used_at)
        FROM (SELECT key_id, max(used_at) AS used_at FROM input WHERE used_at IS NOT NULL GROUP BY key_id) latest
        WHERE k.id = latest.key_id
      )
      INSERT INTO api_key_usage (key_id, day, valid, invalid)
      SELECT i.key_id, i.day, i.valid, i.invalid FROM input i JOIN api_keys k ON k.id = i.key_id
      ON CONFLICT (key_id, day) DO UPDATE
        SET valid = api_key_usage.valid + excluded.valid, invalid = api_key_usage.invalid + excluded.invalid`
      .then(() => undefined)
      .catch((error: unknown) => {
        // Put the batch back so the next flush retries it; counts are merged, not lost.
        for (const [slot, entry] of batch) {
          const current = this.pending.get(slot);
          if (!current) this.pending.set(slot, entry);
          else {
            current.valid += entry.valid;
            current.invalid += entry.invalid;
            current.lastUsedAt = Math.max(current.lastUsedAt ?? 0, entry.lastUsedAt ?? 0) || null;
          }
        }
        this.timer ??= setTimeout(() => void this.flush(), this.flushMs).unref();
        logger().error({ error: String(error) }, "usage flush failed");
      })
      .finally(() => {
        this.flushing = null;
      });
    await this.flushing;
  }
}

const globalForUsage = globalThis as unknown as { keyportUsage?: UsageRecorder };

function usageRecorder(): UsageRecorder {
  return (globalForUsage.keyportUsage ??= new UsageRecorder());
}

/** Counts one verification of a key (valid or not); written at the next flush. */
export function recordUsage(keyId: string, valid: boolean, at = Date.now()): void {
  usageRecorder().record(keyId, valid, at);
}

/** Flushes pending usage now; called on graceful shutdown and by tests. */
export function flushUsage(): Promise<void> {
  return usageRecorder().flush();
}

/** Daily verification counts of a key, oldest first, for the usage chart. */
export async function getKeyUsage(workspaceId: string, keyId: string, days = 30) {
  const since = new Date(Date.now() - days * 86_400_000);
  return prisma.apiKeyUsage.findMany({
    where: { keyId, day: { gte: since }, key: { workspaceId } },
    orderBy: { day: "asc" },
    select: { day: true, valid: true, invalid: true },
  });
}
