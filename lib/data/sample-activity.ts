import "server-only";
import { generateKey, type GeneratedKey } from "@/lib/keys/token";
import { prisma } from "./client";
import type { Actor } from "./types";
import { flushUsage, recordUsage } from "./usage";
import { newRequestId } from "@/lib/http/request-id";
import { flushVerificationLog, recordVerification, VerificationWriter, emptyColumns } from "./verification-log";

// Activity written in bulk, for the benchmark's pages at scale (and demos): audit events, and
// a key's verification history through the same batched writers the verify route uses.

/** Rows per statement: each statement stays well inside the data layer's query timeout. */
const CHUNK = 5000;

/**
 * Updates the planner's statistics of a table after a bulk load, as autovacuum does a little
 * later (and a DBA at once): planned for the few rows it had before, a query may read every row
 * the load added. Some servers run without autovacuum; the embedded database's maintenance
 * does the same on its own schedule.
 */
async function analyze(table: "api_keys" | "audit_events" | "api_key_usage" | "verification_events"): Promise<void> {
  await prisma.$executeRawUnsafe(`ANALYZE ${table}`);
}

/** `count` audit events in the workspace, one second apart, newest now. */
export async function addSampleAuditEvents(workspaceId: string, count: number, actor: Actor, now = new Date()): Promise<void> {
  for (let from = 1; from <= count; from += CHUNK) {
    const to = Math.min(count, from + CHUNK - 1);
    await prisma.$executeRaw`
      INSERT INTO audit_events (id, workspace_id, actor_id, actor_name, action, metadata, created_at)
      SELECT gen_random_uuid(), ${workspaceId}::uuid, ${actor.userId}, ${actor.userName}, 'api_key.updated',
             jsonb_build_object('sample', g), ${now}::timestamptz - g * interval '1 second'
      FROM generate_series(${from}::int, ${to}::int) g`;
  }
  await analyze("audit_events");
}

/** `perDay` verifications of a key on each of the last `days` days (one in ten refused). */
export async function addSampleVerifications(keyId: string, days: number, perDay: number, now = Date.now()): Promise<void> {
  for (let day = 0; day < days; day++) {
    for (let i = 0; i < perDay; i++) {
      const at = now - day * 86_400_000 - Math.floor((i / perDay) * 86_400_000);
      const status = i % 10 === 9 ? 403 : 200;
      recordVerification({ at, requestId: `req_sample${day}x${i}`, keyId, status, code: status === 200 ? null : "forbidden", reason: status === 200 ? null : "wrong_environment", ip: "192.0.2.10", userAgent: "sample" });
      recordUsage(keyId, status === 200, at);
    }
    await flushVerificationLog();
  }
  await flushUsage();
  await analyze("verification_events");
  await analyze("api_key_usage");
}

/**
 * `count` keys issued in one project, written in bulk (for the benchmark's memory measure: a
 * verifier that has checked this many keys). Returns the keys, which a benchmark must know to
 * send; nothing but their hashes is stored.
 */
export async function addSampleKeys(workspaceId: string, projectId: string, count: number, actor: Actor): Promise<string[]> {
  const keys: string[] = [];
  for (let from = 0; from < count; from += CHUNK) {
    const chunk: (GeneratedKey & { environment: "live" | "test" })[] = [];
    for (let i = from; i < Math.min(count, from + CHUNK); i++) {
      const environment = i % 2 ? "live" : "test";
      chunk.push({ ...generateKey({ environment }), environment });
    }
    await prisma.$executeRaw`
      INSERT INTO api_keys (id, workspace_id, project_id, name, environment, start, hash, created_by_id, created_by_name)
      SELECT gen_random_uuid(), ${workspaceId}::uuid, ${projectId}::uuid, 'sample ' || n, environment::"Environment", start, hash, ${actor.userId}, ${actor.userName}
      FROM unnest(${chunk.map((_, i) => from + i)}::int[], ${chunk.map((k) => k.environment)}::text[],
                  ${chunk.map((k) => k.start)}::text[], ${chunk.map((k) => k.hash)}::text[]) AS k(n, environment, start, hash)`;
    keys.push(...chunk.map((k) => k.key));
  }
  await analyze("api_keys");
  return keys;
}

/** Well-formed keys that were never issued: each costs a verifier one lookup. */
export function neverIssuedKeys(count: number): string[] {
  return Array.from({ length: count }, (_, i) => generateKey({ environment: i % 2 ? "live" : "test" }).key);
}

/**
 * `count` verifications spread evenly over the last `days` days, by `keyIds` in turn (one in
 * ten refused), written in bulk by a verification log writer of their own: request lookup's
 * volume. Returns `sample` of their request ids, drawn evenly, to look up.
 */
export async function addSampleVerificationVolume(keyIds: string[], count: number, days: number, sample: number, now = Date.now()): Promise<string[]> {
  const writer = new VerificationWriter();
  const every = Math.max(1, Math.floor(count / sample));
  const sampled: string[] = [];
  const span = days * 86_400_000;
  try {
    for (let from = 0; from < count; from += VOLUME_CHUNK) {
      const columns = emptyColumns();
      for (let i = from; i < Math.min(count, from + VOLUME_CHUNK); i++) {
        const at = now - Math.floor(((count - i) / count) * span);
        const requestId = newRequestId(at);
        const refused = i % 10 === 9;
        columns.at.push(at);
        columns.requestId.push(requestId);
        columns.keyId.push(keyIds[i % keyIds.length]!);
        columns.status.push(refused ? 403 : 200);
        columns.code.push(refused ? "forbidden" : null);
        columns.reason.push(refused ? "wrong_environment" : null);
        columns.ip.push("192.0.2.10");
        columns.userAgent.push("sample");
        if (i % every === 0 && sampled.length < sample) sampled.push(requestId);
      }
      writer.take(columns);
      await writer.flush();
      if (writer.pendingCount > 0) throw new Error("the verification log could not write a batch of samples");
    }
  } finally {
    await writer.close();
  }
  await analyze("verification_events");
  return sampled;
}

/** Verifications handed to the writer at a time by addSampleVerificationVolume. */
const VOLUME_CHUNK = 50_000;
