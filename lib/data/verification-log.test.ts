// The verification log against a real database: batched writes, lookup scoped to the
// workspace, and retention by dropping whole days.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createApiKey, findVerification, flushVerificationLog, isVerificationRecorded, listKeyVerifications, recordVerification } from "@/lib/data";
import { MAX_PENDING, VerificationWriter, emptyColumns } from "@/lib/data/verification-log";
import { freePort } from "@/e2e/support/server";
import { newRequestId } from "@/lib/http/request-id";
import { captureLogs, newWorkspace } from "@/test/fixtures";

const DAY = 86_400_000;
const requestId = () => `req_${randomUUID().replace(/-/g, "")}`;

async function partitions(): Promise<string[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT c.relname::text AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'verification_events' ORDER BY 1`,
    );
    return rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}

/** Writes `columns` through a verification log writer of its own, then closes it. */
async function writeWithOwnWriter(columns: ReturnType<typeof emptyColumns>): Promise<void> {
  const writer = new VerificationWriter();
  try {
    writer.take(columns);
    await writer.flush();
  } finally {
    await writer.close();
  }
}

const partitionOf = (at: number) => `verification_events_p${new Date(at).toISOString().slice(0, 10).replaceAll("-", "")}`;

function events(from: number, count: number) {
  const columns = emptyColumns();
  for (let i = from; i < from + count; i++) {
    columns.at.push(Date.now());
    columns.requestId.push(`req_held${i}`);
    columns.keyId.push(null);
    columns.status.push(401);
    columns.code.push("invalid_api_key");
    columns.reason.push("unknown");
    columns.ip.push(null);
    columns.userAgent.push(null);
  }
  return columns;
}

describe("the verification log", () => {

  it("keeps days within the retention period, and drops older days whole", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const { apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "logged" } });
    const old = Date.now() - 40 * DAY;
    const recent = Date.now() - 3 * DAY;
    const [oldId, recentId, todayId] = [requestId(), requestId(), requestId()];
    const columns = emptyColumns();
    for (const [at, id] of [[old, oldId], [recent, recentId], [Date.now(), todayId]] as const) {
      columns.at.push(at);
      columns.requestId.push(id);
      columns.keyId.push(apiKey.id);
      columns.status.push(200);
      columns.code.push(null);
      columns.reason.push(null);
      columns.ip.push("192.0.2.1");
      columns.userAgent.push("test");
    }
    // A writer of its own, as a freshly started instance has: a writer prunes once a day, and
    // this process's shared one may have pruned already (test files share it).
    await writeWithOwnWriter(columns);
    const names = await partitions();
    expect(names).not.toContain(partitionOf(old));
    expect(names).toContain(partitionOf(recent));
    expect(names).toContain(partitionOf(Date.now()));
    expect(names).toContain(partitionOf(Date.now() + DAY)); // made ahead
    expect(await findVerification(workspace.id, oldId)).toBeNull();
    expect(await findVerification(workspace.id, recentId)).toMatchObject({ key: { id: apiKey.id } });
    expect(await findVerification(workspace.id, todayId)).toMatchObject({ status: 200, ip: "192.0.2.1", userAgent: "test", key: { name: "logged" } });
  });

  it("writes thousands of events in a few statements, and finds each by request id in its workspace only", async () => {
    const mine = await newWorkspace();
    const theirs = await newWorkspace();
    const { apiKey } = await createApiKey(mine.caller, { projectId: mine.project.id, input: { name: "busy" } });
    const ids = Array.from({ length: 5000 }, requestId);
    const started = performance.now();
    for (const id of ids) recordVerification({ at: Date.now(), requestId: id, keyId: apiKey.id, status: 401, code: "invalid_api_key", reason: "expired", ip: null, userAgent: null });
    expect(performance.now() - started).toBeLessThan(500); // recording is a push, not a query
    await flushVerificationLog();
    expect(await findVerification(mine.workspace.id, ids[4321]!)).toMatchObject({ status: 401, code: "invalid_api_key", reason: "expired" });
    expect(await findVerification(theirs.workspace.id, ids[4321]!)).toBeNull();
    expect(await findVerification(mine.workspace.id, requestId())).toBeNull();
    const recent = await listKeyVerifications(mine.workspace.id, apiKey.id, 10);
    expect(recent).toHaveLength(10);
    expect(await listKeyVerifications(theirs.workspace.id, apiKey.id)).toEqual([]);
  });

  it("finds a request by the id it was given, however long it took and across midnight, among the days near the id's time", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const { apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "near its id" } });
    const midnight = Math.floor(Date.now() / DAY) * DAY;
    // Issued just before midnight and answered just after; issued 10 s before it was answered;
    // and two on other days, which the lookups above must not be confused by.
    const cases = [
      { issued: midnight - 100, at: midnight + 200 },
      { issued: midnight - 3 * DAY, at: midnight - 3 * DAY + 10_000 },
      { issued: midnight - 2 * DAY, at: midnight - 2 * DAY + 5 },
      { issued: midnight - 5 * DAY, at: midnight - 5 * DAY + 5 },
    ].map((c) => ({ ...c, id: newRequestId(c.issued) }));
    const columns = emptyColumns();
    for (const [i, c] of cases.entries()) {
      columns.at.push(c.at);
      columns.requestId.push(c.id);
      columns.keyId.push(apiKey.id);
      columns.status.push(200);
      columns.code.push(null);
      columns.reason.push(null);
      columns.ip.push(`192.0.2.${i + 1}`);
      columns.userAgent.push(null);
    }
    await writeWithOwnWriter(columns);
    for (const [i, c] of cases.entries()) {
      expect(await findVerification(workspace.id, c.id), c.id).toMatchObject({ at: new Date(c.at), ip: `192.0.2.${i + 1}`, key: { id: apiKey.id } });
      expect(await isVerificationRecorded(c.id)).toBe(true);
    }
    // An id of ours never recorded is not found, whatever day it names.
    expect(await findVerification(workspace.id, newRequestId(midnight - 100))).toBeNull();
    expect(await isVerificationRecorded(newRequestId(midnight - 100))).toBe(false);
  });

  it("holds what the database cannot take, however much arrives meanwhile, up to a cap past which the oldest go", async () => {
    // A port that was free a moment ago: nothing listens there, so connecting is refused at once.
    const writer = new VerificationWriter(`postgresql://postgres@127.0.0.1:${await freePort()}/keyport`);
    try {
      writer.take(events(0, 150_000));
      await writer.flush(); // refused: held for the next attempt
      expect(writer.pendingCount).toBe(150_000);
      writer.take(events(150_000, 200_000));
      await writer.flush();
      expect(writer.pendingCount).toBe(MAX_PENDING);
    } finally {
      await writer.close();
    }
    // Closed, it stops retrying: nothing more is attempted (or logged) after a retry interval.
    const { output } = await captureLogs(() => new Promise((resolve) => setTimeout(resolve, 1500)));
    expect(output).not.toContain("verification log flush failed");
  });

  it("writes an event once, even when its batch is written again (a retry after a commit the writer never heard of)", async () => {
    const { caller, project } = await newWorkspace();
    const { apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "retried" } });
    const event = { at: Date.now(), requestId: requestId(), keyId: apiKey.id, status: 200, code: null, reason: null, ip: "192.0.2.7", userAgent: "sdk" };
    const later = { ...event, at: event.at + 1, requestId: requestId() };
    recordVerification(event);
    await flushVerificationLog();
    // The same event again, in a batch with a new one: the new one is written, the old one is not doubled.
    recordVerification(event);
    recordVerification(later);
    await flushVerificationLog();
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ request_id: string; n: number; at: Date }>(
        "SELECT request_id, count(*)::int AS n, max(at) AS at FROM verification_events WHERE request_id = ANY($1) GROUP BY request_id",
        [[event.requestId, later.requestId]],
      );
      expect(Object.fromEntries(rows.map((r) => [r.request_id, { rows: r.n, at: r.at.getTime() }]))).toEqual({
        [event.requestId]: { rows: 1, at: event.at },
        [later.requestId]: { rows: 1, at: later.at },
      });
    } finally {
      await client.end();
    }
  });
});

describe("isVerificationRecorded", () => {
  it("says whether a request id is written, whoever's key made it", async () => {
    const [written, unknown] = [requestId(), requestId()];
    recordVerification({ at: Date.now(), requestId: written, keyId: null, status: 401, code: "invalid_api_key", reason: "unknown", ip: null, userAgent: null });
    await flushVerificationLog();
    expect(await isVerificationRecorded(written)).toBe(true);
    expect(await isVerificationRecorded(unknown)).toBe(false);
  });
});
