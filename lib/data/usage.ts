import "server-only";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { AppError } from "@/lib/errors";
import {
  SPARKLINE_DAYS,
  USAGE_DEFAULT_MS,
  type KeyImpact,
  type UsageGranularity,
  type UsageLeader,
  type UsageOverview,
  type UsagePoint,
} from "@/lib/schemas/usage";
import { Prisma } from "@/lib/generated/prisma/client";
import { prisma } from "./client";
import { flushVerificationLog } from "./verification-log";

// Verification usage without a write per request: `last_used_at` and per-key daily counts
// are gathered in memory and written in one statement per flush (every
// KEYPORT_USAGE_FLUSH_MS, 1 s by default). `last_used_at` only ever moves forward.

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

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const floorTo = (time: number, step: number) => Math.floor(time / step) * step;

/**
 * Verifications per hour (from the verification log, so only while recording is on) or per
 * day (the daily counts), from `since` to now, every bucket present (zeros included): of one
 * key when `keyId` is given, of an identity's keys together when `identityId` is, otherwise
 * of every key of the workspace together. One query either way.
 */
export async function getUsageSeries(
  workspaceId: string,
  options: { keyId?: string | undefined; identityId?: string | undefined; granularity: UsageGranularity; since?: Date | undefined },
  now = new Date(),
): Promise<UsagePoint[]> {
  const step = options.granularity === "hour" ? HOUR_MS : DAY_MS;
  const start = floorTo((options.since ?? new Date(now.getTime() - USAGE_DEFAULT_MS[options.granularity] + step)).getTime(), step);
  let rows: { at: Date; valid: number; invalid: number }[];
  if (options.granularity === "hour") {
    await flushVerificationLog();
    const ofKey = options.keyId ? Prisma.sql`e.key_id = ${options.keyId}::uuid AND` : Prisma.empty;
    rows = await prisma.$queryRaw`
      SELECT date_trunc('hour', e.at) AS at,
             count(*) FILTER (WHERE e.status = 200)::int AS valid,
             count(*) FILTER (WHERE e.status <> 200)::int AS invalid
      FROM verification_events e JOIN api_keys k ON k.id = e.key_id
      WHERE ${ofKey} ${ofIdentity(options.identityId)} k.workspace_id = ${workspaceId}::uuid AND e.at >= ${new Date(start)}
      GROUP BY 1`;
  } else {
    await flushUsage();
    const ofKey = options.keyId ? Prisma.sql`u.key_id = ${options.keyId}::uuid AND` : Prisma.empty;
    rows = await prisma.$queryRaw`
      SELECT u.day AS at, sum(u.valid)::int AS valid, sum(u.invalid)::int AS invalid
      FROM api_key_usage u JOIN api_keys k ON k.id = u.key_id
      WHERE ${ofKey} ${ofIdentity(options.identityId)} k.workspace_id = ${workspaceId}::uuid AND u.day >= ${new Date(start)}
      GROUP BY 1`;
  }
  const byBucket = new Map(rows.map((row) => [floorTo(new Date(row.at).getTime(), step), row]));
  const points: UsagePoint[] = [];
  for (let at = start; at <= now.getTime(); at += step) {
    const row = byBucket.get(at);
    points.push({ at: new Date(at).toISOString(), valid: row?.valid ?? 0, invalid: row?.invalid ?? 0 });
  }
  return points;
}

/** Only the keys an identity owns (revoked ones too: what they spent is the identity's history). */
const ofIdentity = (identityId: string | undefined) => (identityId ? Prisma.sql`k.identity_id = ${identityId}::uuid AND` : Prisma.empty);

/** Verifications per day of an identity's keys together, the last 30 days (see getUsageSeries). */
export function getIdentityUsageSeries(workspaceId: string, identityId: string, now = new Date()): Promise<UsagePoint[]> {
  return getUsageSeries(workspaceId, { identityId, granularity: "day" }, now);
}

/** The last SPARKLINE_DAYS days of verifications of each key, in one query, oldest day first. */
export async function getUsageSparklines(workspaceId: string, keyIds: readonly string[], now = new Date()): Promise<Map<string, number[]>> {
  const firstDay = floorTo(now.getTime(), DAY_MS) - (SPARKLINE_DAYS - 1) * DAY_MS;
  const lines = new Map(keyIds.map((id) => [id, Array<number>(SPARKLINE_DAYS).fill(0)]));
  if (keyIds.length === 0) return lines;
  await flushUsage();
  const rows = await prisma.apiKeyUsage.findMany({
    // The ids on the key's side of the join too: the database then reads those keys by id, not
    // every key of the workspace to find them.
    where: { keyId: { in: [...keyIds] }, day: { gte: new Date(firstDay) }, key: { workspaceId, id: { in: [...keyIds] } } },
    select: { keyId: true, day: true, valid: true, invalid: true },
  });
  for (const row of rows) {
    const index = Math.round((row.day.getTime() - firstDay) / DAY_MS);
    const line = lines.get(row.keyId);
    if (line && index >= 0 && index < SPARKLINE_DAYS) line[index] = row.valid + row.invalid;
  }
  return lines;
}

/** A key's last 24 hours (valid and invalid verifications) and when it was last used. */
export async function getKeyImpact(workspaceId: string, keyId: string, now = new Date()): Promise<KeyImpact> {
  await flushVerificationLog();
  await flushUsage();
  const [row] = await prisma.$queryRaw<{ valid: number; invalid: number; last_used_at: Date | null; found: boolean }[]>`
    SELECT coalesce(count(e.*) FILTER (WHERE e.status = 200), 0)::int AS valid,
           coalesce(count(e.*) FILTER (WHERE e.status <> 200), 0)::int AS invalid,
           k.last_used_at, true AS found
    FROM api_keys k
    LEFT JOIN verification_events e ON e.key_id = k.id AND e.at > ${new Date(now.getTime() - DAY_MS)}
    WHERE k.id = ${keyId}::uuid AND k.workspace_id = ${workspaceId}::uuid
    GROUP BY k.id`;
  if (!row) throw new AppError("not_found", "No API key with this id in your workspace.");
  return { valid: row.valid, invalid: row.invalid, lastUsedAt: row.last_used_at ? row.last_used_at.toISOString() : null };
}

const LEADERS = 5;

/** The busiest keys and the keys with the most failures, over 24 hours and over 30 days. */
export async function getUsageOverview(workspaceId: string, now = new Date()): Promise<UsageOverview> {
  await Promise.all([flushVerificationLog(), flushUsage()]);
  type Row = { key_id: string; name: string; start: string; project_id: string | null; valid: number; invalid: number };
  const day = await prisma.$queryRaw<Row[]>`
    SELECT k.id AS key_id, k.name, k.start, k.project_id,
           count(*) FILTER (WHERE e.status = 200)::int AS valid,
           count(*) FILTER (WHERE e.status <> 200)::int AS invalid
    FROM verification_events e JOIN api_keys k ON k.id = e.key_id
    WHERE k.workspace_id = ${workspaceId}::uuid AND e.at > ${new Date(now.getTime() - DAY_MS)}
    GROUP BY k.id`;
  const month = await prisma.$queryRaw<Row[]>`
    SELECT k.id AS key_id, k.name, k.start, k.project_id, sum(u.valid)::int AS valid, sum(u.invalid)::int AS invalid
    FROM api_key_usage u JOIN api_keys k ON k.id = u.key_id
    WHERE k.workspace_id = ${workspaceId}::uuid AND u.day >= ${new Date(floorTo(now.getTime(), DAY_MS) - 29 * DAY_MS)}
    GROUP BY k.id`;
  const leaders = (rows: Row[]) => {
    const all = rows.map((r) => ({ keyId: r.key_id, name: r.name, start: r.start, projectId: r.project_id, valid: r.valid, invalid: r.invalid }));
    const by = (score: (l: UsageLeader) => number) =>
      all
        .filter((l) => score(l) > 0)
        .sort((a, b) => score(b) - score(a) || a.name.localeCompare(b.name))
        .slice(0, LEADERS);
    return { busiest: by((l) => l.valid + l.invalid), failing: by((l) => l.invalid) };
  };
  return { day: leaders(day), month: leaders(month) };
}
