import "server-only";
import type { VerificationEntry } from "@/lib/verify/service";
import { Worker } from "node:worker_threads";
import pg from "pg";
import { env } from "@/lib/env";
import { Prisma } from "@/lib/generated/prisma/client";
import { requestIdTime } from "@/lib/http/request-id";
import { redactKeys } from "@/lib/keys/token";
import { logger } from "@/lib/log";
import { databaseUrl, prisma } from "./client";

// The verification log: one row per verification (request id, key, outcome, client), for
// request lookup and each key's recent activity. Written in batches, never one insert per
// request: events gather in memory, column by column, and go out in a few multi-row statements
// per flush (every KEYPORT_USAGE_FLUSH_MS, or sooner once SEND_AT events wait). The table is
// partitioned by day; each day's partition is made before the first write to it, and days
// older than KEYPORT_EVENT_RETENTION_DAYS are dropped whole (a DROP TABLE, not a DELETE per
// row). KEYPORT_RECORD_VERIFICATIONS=0 turns the log off; the daily counts remain. A key pasted
// into a User-Agent is stored redacted, like everything the logger writes.
//
// The writes run on the thread that records, or, in the production server's verify process,
// on a worker thread of their own (writeVerificationsOnThread): there, recording costs the
// request path one push per column and a message per flush, and the statements' encoding and
// the database's answers never hold up a request. Either way the writer has a connection of
// its own (node-postgres, which the Prisma adapter runs on): a writer thread then needs no
// Prisma client of its own, which would cost the process about 70 MB.

/** One verification as recorded: the key service's entry (lib/verify/service.ts). */
export type VerificationRecord = VerificationEntry;

/** Events column by column: cheap to append to, and cheap to hand to another thread. */
export type VerificationColumns = { [F in keyof VerificationRecord]: VerificationRecord[F][] };

const FIELDS = ["at", "requestId", "keyId", "status", "code", "reason", "ip", "userAgent"] as const satisfies readonly (keyof VerificationRecord)[];

export const emptyColumns = (): VerificationColumns => ({ at: [], requestId: [], keyId: [], status: [], code: [], reason: [], ip: [], userAgent: [] });

/** `a` then `b`, in new arrays (concat, not push(...b): b can hold more items than a call takes arguments). */
function concat(a: VerificationColumns, b: VerificationColumns): VerificationColumns {
  const out = emptyColumns();
  for (const field of FIELDS) (out[field] as unknown[]) = (a[field] as unknown[]).concat(b[field]);
  return out;
}

function slice(columns: VerificationColumns, start: number, end?: number): VerificationColumns {
  const out = emptyColumns();
  for (const field of FIELDS) (out[field] as unknown[]) = columns[field].slice(start, end);
  return out;
}

const DAY_MS = 86_400_000;
/** Events per INSERT statement, at most. */
const BATCH = 2000;
/**
 * How many events wait before they are handed to the writer early, without waiting for the
 * flush interval. Under load, small batches often rather than large ones now and then: each
 * insert is a short burst of the database's work, not one that takes a core from the answers
 * for tens of milliseconds.
 */
const SEND_AT = 250;
/** Events held while the database cannot take them; past this the oldest go (and it is logged). */
export const MAX_PENDING = 200_000;
const USER_AGENT_MAX = 256;

const partitionName = (day: number) => `verification_events_p${new Date(day * DAY_MS).toISOString().slice(0, 10).replaceAll("-", "")}`;
const isoDay = (day: number) => new Date(day * DAY_MS).toISOString();

/**
 * The writer's connection: one, with the same client-side deadlines as the Prisma client's
 * pool. A connection that drops while idle is replaced on the next write.
 */
function connection(connectionString = databaseUrl()): pg.Pool {
  const timeout = env().KEYPORT_DB_TIMEOUT_MS;
  const pool = new pg.Pool({ connectionString, max: 1, connectionTimeoutMillis: timeout, query_timeout: timeout });
  pool.on("error", () => {});
  return pool;
}

/**
 * Writes batches of events to the database, holding them (up to MAX_PENDING) and retrying
 * every KEYPORT_USAGE_FLUSH_MS while it cannot.
 */
export class VerificationWriter {
  private readonly db: pg.Pool;
  private readonly retryMs = env().KEYPORT_USAGE_FLUSH_MS;
  private readonly retentionDays = env().KEYPORT_EVENT_RETENTION_DAYS;
  private pending = emptyColumns();
  private retry: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  /** Days whose partition is known to exist. */
  private readonly partitions = new Set<number>();
  private lastPrunedDay = -1;
  private dropped = 0;
  private closed = false;

  /** `connectionString`: the app's database unless given (tests give an unreachable one). */
  constructor(connectionString?: string) {
    this.db = connection(connectionString);
  }

  /** How many events wait to be written. */
  get pendingCount(): number {
    return this.pending.at.length;
  }

  /** Takes a batch and starts writing it. */
  take(columns: VerificationColumns): void {
    this.pending = this.pending.at.length === 0 ? columns : concat(this.pending, columns);
    this.trim();
    void this.flush();
  }

  private trim(): void {
    const excess = this.pending.at.length - MAX_PENDING;
    if (excess <= 0) return;
    this.pending = slice(this.pending, excess);
    if (this.dropped++ === 0) logger().warn({ held: MAX_PENDING }, "verification log: the database is not keeping up; the oldest pending events are dropped");
  }

  /** Writes everything pending; settles once it is written or held for a retry. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    if (this.pending.at.length === 0) return;
    const batch = this.pending;
    this.pending = emptyColumns();
    this.flushing = this.write(batch)
      .catch((error: unknown) => {
        // Back in front of what came since, for the next flush to retry.
        this.pending = concat(batch, this.pending);
        this.trim();
        if (!this.closed) this.retry ??= setTimeout(() => void this.flush(), this.retryMs).unref();
        logger().error({ error: String(error), pending: this.pending.at.length }, "verification log flush failed");
      })
      .finally(() => {
        this.flushing = null;
      });
    await this.flushing;
  }

  /** Writes what is pending, then closes the connection; what could not be written stays unwritten. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    await this.db.end();
  }

  /** Makes sure the partitions for `days` exist (today's and tomorrow's are made ahead). */
  private async ensurePartitions(days: Iterable<number>): Promise<void> {
    for (const day of days) {
      if (this.partitions.has(day)) continue;
      const name = partitionName(day);
      await this.db.query(
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
    const { rows } = await this.db.query<{ name: string }>(
      `SELECT c.relname::text AS name FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
       WHERE p.relname = 'verification_events'`,
    );
    for (const { name } of rows) {
      const match = /^verification_events_p(\d{4})(\d{2})(\d{2})$/.exec(name);
      if (!match) continue;
      const day = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
      if (day < oldest) {
        await this.db.query(`DROP TABLE IF EXISTS "${name}"`);
        this.partitions.delete(day);
      }
    }
  }

  private async write(batch: VerificationColumns): Promise<void> {
    const today = Math.floor(Date.now() / DAY_MS);
    const days = new Set([today, today + 1]);
    for (const at of batch.at) days.add(Math.floor(at / DAY_MS));
    await this.ensurePartitions(days);
    for (let i = 0; i < batch.at.length; i += BATCH) {
      const rows = slice(batch, i, i + BATCH);
      await this.db.query(
        `INSERT INTO verification_events (at, request_id, key_id, status, code, reason, ip, user_agent)
         SELECT to_timestamp(at / 1000.0), request_id, key_id, status, code, reason, ip, user_agent
         FROM unnest($1::float8[], $2::text[], $3::uuid[], $4::smallint[], $5::text[], $6::text[], $7::text[], $8::text[])
           AS e(at, request_id, key_id, status, code, reason, ip, user_agent)
         ON CONFLICT DO NOTHING`,
        [
          rows.at,
          rows.requestId,
          rows.keyId,
          rows.status,
          rows.code,
          rows.reason,
          rows.ip,
          rows.userAgent.map((ua) => (ua ? redactKeys(ua.slice(0, USER_AGENT_MAX)) : null)),
        ],
      );
    }
    await this.prune(today);
  }
}

/** Where recorded batches go: a writer on this thread, or one on a worker thread. */
type Sink = { take(columns: VerificationColumns): void; flush(): Promise<void>; close(): Promise<void> };

/** Gathers events column by column and hands them to the sink every flush interval. */
class VerificationLog {
  private readonly flushMs = env().KEYPORT_USAGE_FLUSH_MS;
  private columns = emptyColumns();
  private timer: NodeJS.Timeout | null = null;

  constructor(readonly sink: Sink) {}

  record(event: VerificationRecord): void {
    const c = this.columns;
    c.at.push(event.at);
    c.requestId.push(event.requestId);
    c.keyId.push(event.keyId);
    c.status.push(event.status);
    c.code.push(event.code);
    c.reason.push(event.reason);
    c.ip.push(event.ip);
    c.userAgent.push(event.userAgent);
    if (c.at.length >= SEND_AT) this.send();
    else this.timer ??= setTimeout(() => this.send(), this.flushMs).unref();
  }

  private send(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.columns.at.length === 0) return;
    const columns = this.columns;
    this.columns = emptyColumns();
    this.sink.take(columns);
  }

  /** Hands over what was recorded and waits until the sink has written (or held) it. */
  flush(): Promise<void> {
    this.send();
    return this.sink.flush();
  }
}

function writerSink(): Sink {
  const writer = new VerificationWriter();
  return { take: (columns) => writer.take(columns), flush: () => writer.flush(), close: () => writer.close() };
}

/** Messages between the recording thread and the writer thread. */
export type WriterThreadMessage =
  | { type: "events"; columns: VerificationColumns }
  | { type: "flush"; id: number }
  | { type: "flushed"; id: number };

/** The writer thread's young generation, in MB (V8's default is up to 48). */
const WRITER_YOUNG_GENERATION_MB = 8;

/** A writer on a worker thread running `file` (lib/data/verification-log-thread.ts, built). */
function threadSink(file: string): Sink {
  let worker: Worker;
  let closing = false;
  let nextId = 0;
  const waiting = new Map<number, () => void>();
  const start = () => {
    // A batch is garbage once written: a small young generation holds it, and keeps the
    // thread's share of the process's memory small after a burst.
    worker = new Worker(file, { resourceLimits: { maxYoungGenerationSizeMb: WRITER_YOUNG_GENERATION_MB } });
    worker.unref();
    worker.on("message", (message: WriterThreadMessage) => {
      if (message.type === "flushed") {
        waiting.get(message.id)?.();
        waiting.delete(message.id);
      }
    });
    worker.on("error", (error) => logger().error({ error: String(error) }, "verification log writer thread failed"));
    worker.on("exit", (code) => {
      for (const resolve of waiting.values()) resolve();
      waiting.clear();
      if (closing) return;
      // Events it held are lost with it; what is recorded from now on goes to its successor.
      logger().error({ code }, "verification log writer thread exited; restarting it");
      start();
    });
  };
  start();
  const post = (message: WriterThreadMessage) => worker.postMessage(message);
  const flush = () =>
    new Promise<void>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      post({ type: "flush", id });
    });
  return {
    take: (columns) => post({ type: "events", columns }),
    flush,
    close: async () => {
      await flush();
      closing = true;
      await worker.terminate();
    },
  };
}

const globalForLog = globalThis as unknown as { keyportVerificationLog?: VerificationLog };
const verificationLog = () => (globalForLog.keyportVerificationLog ??= new VerificationLog(writerSink()));

/**
 * Writes this process's verification events from a worker thread running `file` (the built
 * lib/data/verification-log-thread.ts), not from the thread that answers requests. Call before
 * the first event is recorded.
 */
export function writeVerificationsOnThread(file: string): void {
  globalForLog.keyportVerificationLog = new VerificationLog(threadSink(file));
}

/** Records one verification, unless KEYPORT_RECORD_VERIFICATIONS is off. */
export function recordVerification(event: VerificationRecord): void {
  if (!env().KEYPORT_RECORD_VERIFICATIONS) return;
  verificationLog().record(event);
}

/** Writes pending verification events now (tests, shutdown). */
export function flushVerificationLog(): Promise<void> {
  return globalForLog.keyportVerificationLog?.flush() ?? Promise.resolve();
}

/** Writes pending verification events and stops the writer thread, if there is one (shutdown). */
export async function closeVerificationLog(): Promise<void> {
  const log = globalForLog.keyportVerificationLog;
  if (!log) return;
  await log.flush();
  await log.sink.close();
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
 * How far from the time in its request id a verification is looked for. It is recorded when it
 * is answered, a moment after the id was issued, by the same process; a day either side holds
 * any request's duration and any step of the clock, and keeps a lookup to the partitions of
 * three days out of the retention period's dozens.
 */
const LOOKUP_WINDOW_MS = DAY_MS;

/** The condition on `e.at` for a request id of ours (none for an id in another format). */
function nearIssue(requestId: string): Prisma.Sql {
  const issuedAt = requestIdTime(requestId);
  if (issuedAt === null) return Prisma.empty;
  return Prisma.sql`AND e.at >= ${new Date(issuedAt - LOOKUP_WINDOW_MS)} AND e.at < ${new Date(issuedAt + LOOKUP_WINDOW_MS)}`;
}

/**
 * True when a verification with this request id is written, whoever's key made it (or none).
 * It tells a lookup's "not recorded yet" from "not found", both 404s; nothing of the
 * verification itself is read.
 */
export async function isVerificationRecorded(requestId: string): Promise<boolean> {
  await flushVerificationLog();
  const rows = await prisma.$queryRaw<{ found: number }[]>`SELECT 1 AS found FROM verification_events e WHERE e.request_id = ${requestId} ${nearIssue(requestId)} LIMIT 1`;
  return rows.length > 0;
}

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
    WHERE e.request_id = ${requestId} AND k.workspace_id = ${workspaceId}::uuid ${nearIssue(requestId)}
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
