import "server-only";
import { env } from "@/lib/env";
import { redactKeys } from "@/lib/keys/token";
import { logger } from "@/lib/log";
import { prisma } from "./client";

// The verification log: one row per verification (request id, key, outcome, client), for
// request lookup and each key's recent activity. Written in batches, never one insert per
// request: rows gather in memory and go out in a few multi-row statements per flush (every
// KEYPORT_USAGE_FLUSH_MS, or sooner once BATCH rows wait). The table is partitioned by day;
// each day's partition is made before the first write to it, and days older than
// KEYPORT_EVENT_RETENTION_DAYS are dropped whole (a DROP TABLE, not a DELETE per row).
// KEYPORT_RECORD_VERIFICATIONS=0 turns the log off; the daily counts remain. A key pasted into
// a User-Agent is stored redacted, like everything the logger writes.

export type VerificationRecord = {
  at: number;
  requestId: string;
  keyId: string | null;
  status: number;
  code: string | null;
  reason: string | null;
  ip: string | null;
  userAgent: string | null;
};

const DAY_MS = 86_400_000;
/** Rows per INSERT statement. */
const BATCH = 2000;
/** Rows held while the database cannot take them; past this the oldest go (and it is logged). */
const MAX_PENDING = 200_000;
const USER_AGENT_MAX = 256;

const partitionName = (day: number) => `verification_events_p${new Date(day * DAY_MS).toISOString().slice(0, 10).replaceAll("-", "")}`;
const isoDay = (day: number) => new Date(day * DAY_MS).toISOString();

class VerificationLog {
  private readonly flushMs = env().KEYPORT_USAGE_FLUSH_MS;
  private readonly retentionDays = env().KEYPORT_EVENT_RETENTION_DAYS;
  private pending: VerificationRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  /** Days whose partition is known to exist. */
  private readonly partitions = new Set<number>();
  private lastPrunedDay = -1;
  private dropped = 0;

  record(event: VerificationRecord): void {
    this.pending.push(event);
    if (this.pending.length > MAX_PENDING) {
      this.pending.splice(0, this.pending.length - MAX_PENDING);
      if (this.dropped++ === 0) logger().warn({ held: MAX_PENDING }, "verification log: the database is not keeping up; the oldest pending events are dropped");
    }
    if (this.pending.length >= BATCH && !this.flushing) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs).unref();
  }

  /** Makes sure the partitions for `days` exist (today's and tomorrow's are made ahead). */
  private async ensurePartitions(days: Iterable<number>): Promise<void> {
    for (const day of days) {
      if (this.partitions.has(day)) continue;
      const name = partitionName(day);
      await prisma.$executeRawUnsafe(
        `CREATE TABLE IF NOT EXISTS "${name}" PARTITION OF verification_events FOR VALUES FROM ('${isoDay(day)}') TO ('${isoDay(day + 1)}')`,
      ).catch((error: unknown) => {
        // Another instance made it in the meantime: that is what was wanted.
        if (!/already exists/.test(String(error))) throw error;
      });
      this.partitions.add(day);
    }
  }

  /** Drops whole days older than the retention period (once a day per instance). */
  private async prune(today: number): Promise<void> {
    if (this.lastPrunedDay === today) return;
    this.lastPrunedDay = today;
    const oldest = today - this.retentionDays;
    const rows = await prisma.$queryRaw<{ name: string }[]>`
      SELECT c.relname::text AS name FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = 'verification_events'`;
    for (const { name } of rows) {
      const match = /^verification_events_p(\d{4})(\d{2})(\d{2})$/.exec(name);
      if (!match) continue;
      const day = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
      if (day < oldest) {
        await prisma.$executeRawUnsafe(`DROP TABLE IF EXISTS "${name}"`);
        this.partitions.delete(day);
      }
    }
  }

  /** Writes everything pending. Safe to call at any time (and on shutdown). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.flushing = this.write(batch)
      .catch((error: unknown) => {
        // Back in front of what came since, for the next flush to retry.
        this.pending = [...batch, ...this.pending].slice(-MAX_PENDING);
        this.timer ??= setTimeout(() => void this.flush(), this.flushMs).unref();
        logger().error({ error: String(error), pending: this.pending.length }, "verification log flush failed");
      })
      .finally(() => {
        this.flushing = null;
      });
    await this.flushing;
  }

  private async write(batch: VerificationRecord[]): Promise<void> {
    const today = Math.floor(Date.now() / DAY_MS);
    await this.ensurePartitions(new Set([today, today + 1, ...batch.map((e) => Math.floor(e.at / DAY_MS))]));
    for (let i = 0; i < batch.length; i += BATCH) {
      const rows = batch.slice(i, i + BATCH);
      await prisma.$executeRaw`
        INSERT INTO verification_events (at, request_id, key_id, status, code, reason, ip, user_agent)
        SELECT * FROM unnest(
          ${rows.map((e) => new Date(e.at))}::timestamptz[], ${rows.map((e) => e.requestId)}::text[],
          ${rows.map((e) => e.keyId)}::uuid[], ${rows.map((e) => e.status)}::smallint[],
          ${rows.map((e) => e.code)}::text[], ${rows.map((e) => e.reason)}::text[],
          ${rows.map((e) => e.ip)}::text[], ${rows.map((e) => (e.userAgent ? redactKeys(e.userAgent.slice(0, USER_AGENT_MAX)) : null))}::text[])`;
    }
    await this.prune(today);
  }
}

const globalForLog = globalThis as unknown as { keyportVerificationLog?: VerificationLog };
const verificationLog = () => (globalForLog.keyportVerificationLog ??= new VerificationLog());

/** Records one verification, unless KEYPORT_RECORD_VERIFICATIONS is off. */
export function recordVerification(event: VerificationRecord): void {
  if (!env().KEYPORT_RECORD_VERIFICATIONS) return;
  verificationLog().record(event);
}

/** Writes pending verification events now (tests, shutdown). */
export function flushVerificationLog(): Promise<void> {
  return globalForLog.keyportVerificationLog?.flush() ?? Promise.resolve();
}

export type VerificationLookup = {
  requestId: string;
  at: Date;
  status: number;
  code: string | null;
  reason: string | null;
  ip: string | null;
  userAgent: string | null;
  key: { id: string; name: string; start: string; environment: "live" | "test"; projectId: string | null };
};

/**
 * Which key made request `requestId`, for a key of `workspaceId`. Null for an unknown request
 * id, a verification no key matched, or a key of another workspace (no leak either way).
 */
export async function findVerification(workspaceId: string, requestId: string): Promise<VerificationLookup | null> {
  await flushVerificationLog();
  const rows = await prisma.$queryRaw<
    {
      request_id: string;
      at: Date;
      status: number;
      code: string | null;
      reason: string | null;
      ip: string | null;
      user_agent: string | null;
      key_id: string;
      name: string;
      start: string;
      environment: "live" | "test";
      project_id: string | null;
    }[]
  >`
    SELECT e.request_id, e.at, e.status, e.code, e.reason, e.ip, e.user_agent,
           k.id AS key_id, k.name, k.start, k.environment::text AS environment, k.project_id
    FROM verification_events e JOIN api_keys k ON k.id = e.key_id
    WHERE e.request_id = ${requestId} AND k.workspace_id = ${workspaceId}::uuid
    ORDER BY e.at DESC LIMIT 1`;
  const row = rows[0];
  if (!row) return null;
  return {
    requestId: row.request_id,
    at: row.at,
    status: row.status,
    code: row.code,
    reason: row.reason,
    ip: row.ip,
    userAgent: row.user_agent,
    key: { id: row.key_id, name: row.name, start: row.start, environment: row.environment, projectId: row.project_id },
  };
}

/** The most recent verifications of a key (newest first). */
export async function listKeyVerifications(workspaceId: string, keyId: string, limit = 20) {
  await flushVerificationLog();
  return prisma.$queryRaw<{ request_id: string; at: Date; status: number; code: string | null; reason: string | null; ip: string | null }[]>`
    SELECT e.request_id, e.at, e.status, e.code, e.reason, e.ip
    FROM verification_events e JOIN api_keys k ON k.id = e.key_id
    WHERE e.key_id = ${keyId}::uuid AND k.workspace_id = ${workspaceId}::uuid
    ORDER BY e.at DESC LIMIT ${Math.min(limit, 100)}`;
}
