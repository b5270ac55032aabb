// Faults: the database stops, goes silent, comes back; the server is killed mid-write.
// Each runs on a database or an instance of its own, never the machine's server.
import { mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ApiClient, expect, test, verify } from "../support/api";
import { databaseUrl, embedded } from "../support/env";
import { holdingProxy, hostOf, privateDatabase } from "../support/faults";
import { expectProblem } from "../support/problem";
import { startInstance, type ServerInstance } from "../support/server";
import { sessionToken } from "../support/tokens";

/** The staleness bound the README states for revocations. */
const STALENESS_BOUND_MS = 5000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const newDataDir = () => mkdtempSync(path.join(os.tmpdir(), "keyport-faults-"));

async function instanceOn(url: string, dataDir: string, env: Record<string, string> = {}): Promise<ServerInstance> {
  return startInstance({ DATABASE_URL: url, KEYPORT_DATA_DIR: dataDir, KEYPORT_LOG_REQUESTS: "0", ...env });
}

test("database stopped: 503 with Retry-After everywhere, never valid; restarted: recovery within 5 s, app untouched", async () => {
  test.setTimeout(180_000);
  const db = await privateDatabase();
  const dataDir = newDataDir();
  const instance = await instanceOn(db.url, dataDir, { KEYPORT_DB_POOL_SIZE: "2", KEYPORT_EMBEDDED: "1" });
  try {
    const ada = new ApiClient(sessionToken("acmeAdmin", dataDir), instance.origin);
    const { project_id, default_key } = await ada.createProject("Outage");
    expect((await verify(default_key.key, undefined, instance.origin)).status).toBe(200);
    expect((await ada.call("GET", "/api/health/ready")).status).toBe(200);

    await db.stop();
    await sleep(500); // the revocation listener hears its connection close
    const counts = { valid: 0, checked: 0 };
    for (let round = 0; round < 5; round++) {
      const started = Date.now();
      const [list, create, checked, ready, live] = await Promise.all([
        ada.call("GET", `/api/v1/projects/${project_id}/keys`),
        ada.call("POST", `/api/v1/projects/${project_id}/keys`, { body: { name: "during outage" } }),
        verify(default_key.key, undefined, instance.origin),
        ada.call("GET", "/api/health/ready"),
        ada.call("GET", "/api/health"),
      ]);
      expect(Date.now() - started, "every answer is bounded by the database deadline").toBeLessThan(8000);
      for (const response of [list, create, checked]) {
        expectProblem(response, 503, "service_unavailable");
        expect(response.headers.get("retry-after")).toBe("1");
      }
      counts.checked++;
      if (checked.status === 200) counts.valid++;
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: "unavailable", checks: { database: "unavailable" } });
      expect(live.status).toBe(200);
    }
    expect(counts.valid).toBe(0);

    await db.start();
    const restartedAt = Date.now();
    let recoveredAt: number | null = null;
    while (Date.now() - restartedAt < 15_000) {
      const [list, checked, ready] = await Promise.all([
        ada.call("GET", `/api/v1/projects/${project_id}/keys`),
        verify(default_key.key, undefined, instance.origin),
        ada.call("GET", "/api/health/ready"),
      ]);
      if (list.status === 200 && checked.status === 200 && ready.status === 200) {
        recoveredAt = Date.now();
        break;
      }
      await sleep(100);
    }
    expect(recoveredAt, "the same process serves again").not.toBeNull();
    const recovery = recoveredAt! - restartedAt;
    console.log(`recovery after restart: ${recovery} ms`);
    expect(recovery).toBeLessThanOrEqual(5000);
    expect(instance.process.exitCode).toBeNull();
  } finally {
    await instance.stop();
    await db.stop();
  }
});

/** What an instance's "listening" line says of its key store's first read (its log is written from a buffer). */
async function warmUp(instance: ServerInstance): Promise<{ warmed_up: boolean; ms: number }> {
  const listening = () =>
    instance
      .logs()
      .split("\n")
      .find((l) => l.includes('"Keyport server listening"'));
  await expect.poll(listening, { message: "the instance says it is listening", timeout: 10_000 }).toBeTruthy();
  return JSON.parse(listening()!).key_store;
}

/** A PostgreSQL address that accepts connections and never answers: a database that hangs. */
async function silentDatabase(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

test("the start reads the database once before it listens; a database that does not answer holds it at most 3 s, and verification refuses (503)", async () => {
  test.setTimeout(120_000);
  const env: Record<string, string> = embedded ? { KEYPORT_EMBEDDED: "1" } : {};
  const dataDir = newDataDir();
  // One instance on the database as it is, one on an address that never answers.
  const silentDb = await silentDatabase();
  const answering = await instanceOn(databaseUrl, dataDir, env);
  const silent = await instanceOn(silentDb.url, dataDir, env);
  try {
    expect((await warmUp(answering)).warmed_up).toBe(true);
    const held = await warmUp(silent);
    expect(held.warmed_up).toBe(false);
    expect(held.ms).toBeGreaterThanOrEqual(2900);
    expect(held.ms).toBeLessThan(4000);

    // A key the answering instance verifies: the silent one cannot decide, and says so.
    const ada = new ApiClient(sessionToken("acmeAdmin", dataDir), answering.origin);
    const { default_key } = await ada.createProject("Warm-up");
    expect((await verify(default_key.key, undefined, answering.origin)).status).toBe(200);
    const started = Date.now();
    const refused = await verify(default_key.key, undefined, silent.origin);
    expect(refused.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(9000);
  } finally {
    await Promise.all([answering.stop(), silent.stop()]);
    await silentDb.close();
  }
});

test("a connection that goes silent: trust in the cache ends within the bound, and answers stay bounded", async () => {
  test.setTimeout(120_000);
  const dataDir = newDataDir();
  // A talks to the database directly; B through a proxy that will swallow every byte.
  const proxy = await holdingProxy(hostOf(databaseUrl));
  const a = await instanceOn(databaseUrl, dataDir, embedded ? { KEYPORT_EMBEDDED: "1" } : {});
  const b = await instanceOn(proxy.url(databaseUrl), dataDir, embedded ? { KEYPORT_EMBEDDED: "1" } : {});
  try {
    const ada = new ApiClient(sessionToken("acmeAdmin", dataDir), a.origin);
    const { project_id } = await ada.createProject("Silent network");
    const key = await ada.createKey(project_id, { name: "soon revoked" });
    for (let i = 0; i < 5; i++) expect((await verify(key.key, undefined, b.origin)).status).toBe(200);

    proxy.freeze();
    const revokedAt = Date.now();
    expect((await ada.revokeKey(project_id, key.key_id)).status).toBe(200);
    let acceptedAfterBound = 0;
    let acceptedWithinBound = 0;
    let slowest = 0;
    const statuses = new Set<number>();
    while (Date.now() - revokedAt < STALENESS_BOUND_MS + 4000) {
      const started = Date.now();
      const response = await verify(key.key, undefined, b.origin);
      slowest = Math.max(slowest, Date.now() - started);
      statuses.add(response.status);
      if (response.status === 200) {
        if (Date.now() - revokedAt > STALENESS_BOUND_MS) acceptedAfterBound++;
        else acceptedWithinBound++;
      }
      await sleep(100);
    }
    console.log(`silent network: accepted ${acceptedWithinBound} within the bound, ${acceptedAfterBound} after; slowest ${slowest} ms`);
    expect(acceptedAfterBound).toBe(0);
    expect(statuses.has(503), "B says it cannot decide, rather than guessing").toBe(true);
    expect(slowest).toBeLessThan(9000);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await proxy.close();
  }
});

test("kill -9 in the middle of creates: every returned key verifies, no orphan, and retries return the same key", async () => {
  test.setTimeout(180_000);
  const dataDir = newDataDir();
  const env: Record<string, string> = embedded ? { KEYPORT_EMBEDDED: "1" } : {};
  let instance = await instanceOn(databaseUrl, dataDir, env);
  const ada = () => new ApiClient(sessionToken("acmeAdmin", dataDir), instance.origin);
  const { project_id } = await ada().createProject("Killed mid-write");
  const run = `kill-${Date.now()}`;
  const requests = Array.from({ length: 30 }, (_, i) => ({ name: `${run} ${i}`, idempotencyKey: `${run}-${i}` }));
  const create = (client: ApiClient, r: (typeof requests)[number]) =>
    client.call("POST", `/api/v1/projects/${project_id}/keys`, {
      body: { name: r.name },
      headers: { "idempotency-key": r.idempotencyKey },
    });
  try {
    const client = ada();
    // Creates leave one after another; the kill lands once a few have been answered.
    let answered = 0;
    const inFlight = requests.map(async (r, i) => {
      await sleep(i * 15);
      const response = await create(client, r).catch(() => null);
      if (response?.status === 201) answered++;
      return response;
    });
    const deadline = Date.now() + 10_000;
    while (answered < 5 && Date.now() < deadline) await sleep(5);
    const exited = new Promise((resolve) => instance.process.once("exit", resolve));
    instance.process.kill("SIGKILL");
    const before = await Promise.all(inFlight);
    await exited;
    const returned = new Map<string, string>();
    before.forEach((response, i) => {
      if (response?.status === 201) returned.set(requests[i]!.idempotencyKey, response.body.key);
    });
    console.log(`kill -9: ${returned.size} of ${requests.length} creates answered before the kill`);
    expect(returned.size, "the kill landed mid-stream").toBeGreaterThan(0);
    expect(returned.size, "the kill landed mid-stream").toBeLessThan(requests.length);

    instance = await instanceOn(databaseUrl, dataDir, env);
    const after = ada();
    for (const r of requests) {
      let response = await create(after, r);
      for (let attempt = 0; response.status === 409 && attempt < 20; attempt++) {
        await sleep(250);
        response = await create(after, r);
      }
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      const earlier = returned.get(r.idempotencyKey);
      if (earlier) expect(response.body.key, "the retry returns the key already handed out").toBe(earlier);
      expect((await verify(response.body.key, undefined, instance.origin)).status).toBe(200);
    }
    const listed = await after.listKeys(project_id, `?q=${encodeURIComponent(run)}&limit=100`);
    expect(listed.body, "one key per request: none orphaned, none twice").toHaveLength(requests.length);
  } finally {
    await instance.stop();
  }
});

test("kill -9 of the verify process: its dashboard process ends too, and leaves nothing listening", async () => {
  test.setTimeout(60_000);
  const { readFileSync } = await import("node:fs");
  const dataDir = newDataDir();
  const instance = await instanceOn(databaseUrl, dataDir, embedded ? { KEYPORT_EMBEDDED: "1" } : {});
  const front = instance.process.pid!;
  const [dashboard] = readFileSync(`/proc/${front}/task/${front}/children`, "utf8").trim().split(/\s+/).map(Number);
  expect(dashboard).toBeGreaterThan(0);
  expect((await fetch(`${instance.origin}/api/health`)).status).toBe(200);
  instance.process.kill("SIGKILL");
  // Its output goes nowhere now, as when a supervisor dies with it.
  instance.process.stdout?.destroy();
  instance.process.stderr?.destroy();
  const alive = () => {
    try {
      process.kill(dashboard!, 0);
      return true;
    } catch {
      return false;
    }
  };
  await expect.poll(alive, { timeout: 15_000 }).toBe(false);
});
