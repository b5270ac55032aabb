// Rate limits on the verify route and the management API, on both stores: this instance's
// memory, and Redis shared by every instance. Each client is a loopback address of its own
// (127.0.0.2, 127.0.0.3, …), so the server sees different IPs.
import { spawn, type ChildProcess } from "node:child_process";
import { expect, test } from "../support/api";
import { rawRequest, type RawResponse } from "../support/raw-http";
import { freePort, startOwnInstance, type ServerInstance } from "../support/server";
import { sessionToken } from "../support/tokens";

const FAILED_LIMIT = 20;
/** The Redis the suite shares (npm test provides one: the machine's, or its own). */
const SHARED_REDIS = process.env.KEYPORT_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** A Redis namespace of this test's own, so no run or test sees another's counters. */
const redisPrefix = (label: string) => `keyport-e2e-${process.env.KEYPORT_E2E_RUN_ID}-${label}-${Date.now()}`;

function verifyFrom(instance: ServerInstance, from: string, key: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return rawRequest(instance.origin, {
    method: "POST",
    path: "/api/v1/keys/verify",
    localAddress: from,
    headers: { authorization: `Bearer ${key}`, ...headers },
  });
}

/** The RateLimit field's item for `policy`, parsed: `"failed";r=3;t=41` → { r: 3, t: 41 }. */
function standing(response: RawResponse, policy: string): { r: number; t: number } | null {
  const field = String(response.headers["ratelimit"] ?? "");
  const item = field.split(",").map((s) => s.trim()).find((s) => s.startsWith(`"${policy}";`));
  if (!item) return null;
  const r = /;r=(\d+)/.exec(item);
  const t = /;t=(\d+)/.exec(item);
  return r && t ? { r: Number(r[1]), t: Number(t[1]) } : null;
}

function expectRateLimited(response: RawResponse, policy: string, windowS: number) {
  expect(response.status, response.body).toBe(429);
  expect(response.headers["content-type"]).toBe("application/problem+json");
  const body = JSON.parse(response.body);
  expect(body).toMatchObject({ status: 429, code: "rate_limited" });
  const retryAfter = Number(response.headers["retry-after"]);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowS);
  expect(standing(response, policy)).toEqual({ r: 0, t: retryAfter });
  return body as { detail: string };
}

/** A well-formed key whose checksum is wrong: rejected without a query, still a failure. */
const badChecksum = (key: string) => key.slice(0, -1) + (key.endsWith("A") ? "B" : "A");

for (const store of ["memory", "redis"] as const) {
  test.describe(`rate limits, ${store} store`, () => {
    test.describe.configure({ mode: "serial" });
    let instance: ServerInstance;

    test.beforeAll(async () => {
      instance = await startOwnInstance(`limits-${store}`, {
        KEYPORT_FAILED_VERIFY_LIMIT: String(FAILED_LIMIT),
        KEYPORT_TRUSTED_PROXIES: "127.0.0.4",
        // Exact counts need every count to reach Redis: a budget no busy machine runs out of.
        ...(store === "redis" ? { KEYPORT_REDIS_URL: SHARED_REDIS, KEYPORT_REDIS_PREFIX: redisPrefix(store), KEYPORT_REDIS_BUDGET_MS: "5000" } : {}),
      });
    });
    test.afterAll(async () => {
      await instance?.stop();
    });

    test("health says where limits are counted", async () => {
      const health = await (await fetch(`${instance.origin}/api/health`)).json();
      expect(health).toEqual({ status: "ok", checks: { rate_limits: store } });
    });

    test("brute force from 127.0.0.2 is refused with 429 and the limit's headers; 127.0.0.3 keeps working", async ({ api }) => {
      const ada = api("acmeAdmin");
      const { project_id } = await ada.createProject();
      const { key } = await ada.createKey(project_id);
      for (let i = 0; i < FAILED_LIMIT; i++) {
        // Malformed keys and bad checksums cost no query, and count all the same.
        const guess = i % 3 === 0 ? "fp_live_short" : i % 3 === 1 ? badChecksum(key) : `fp_live_${"x".repeat(30)}`;
        const response = await verifyFrom(instance, "127.0.0.2", guess);
        expect(response.status, response.body).toBe(401);
        expect(response.headers["ratelimit-policy"]).toBe(`"failed";q=${FAILED_LIMIT};w=60`);
        expect(standing(response, "failed")?.r).toBe(FAILED_LIMIT - 1 - i);
        expect(response.headers["retry-after"]).toBeUndefined();
      }
      // Past the limit, every verification from that address is refused: the valid key too.
      const refused = expectRateLimited(await verifyFrom(instance, "127.0.0.2", key), "failed", 60);
      expect(refused.detail).toMatch(/failed verifications/);
      expectRateLimited(await verifyFrom(instance, "127.0.0.2", "fp_live_short"), "failed", 60);
      // Another address is unaffected, and its own quota is whole.
      const other = await verifyFrom(instance, "127.0.0.3", key);
      expect(other.status, other.body).toBe(200);
      expect(standing(other, "failed")?.r).toBe(FAILED_LIMIT);
      expect((await verifyFrom(instance, "127.0.0.3", "fp_live_short")).status).toBe(401);
    });

    test("a key's own rate limit counts every verification, and answers 429 with Retry-After past it", async ({ api }) => {
      const ada = api("acmeAdmin");
      const { project_id } = await ada.createProject();
      const limited = await ada.createKey(project_id, { name: "limited", rate_limit: { limit: 5, window_s: 30 } });
      expect(limited.rate_limit).toEqual({ limit: 5, window_s: 30 });
      const open = await ada.createKey(project_id, { name: "open" });
      for (let i = 0; i < 5; i++) {
        const response = await verifyFrom(instance, "127.0.0.5", limited.key);
        expect(response.status, response.body).toBe(200);
        expect(response.headers["ratelimit-policy"]).toBe(`"failed";q=${FAILED_LIMIT};w=60, "key";q=5;w=30`);
        expect(standing(response, "key")?.r).toBe(4 - i);
      }
      const body = expectRateLimited(await verifyFrom(instance, "127.0.0.5", limited.key), "key", 30);
      expect(body.detail).toMatch(/limited to 5 verifications per 30 s/);
      // From another address too: the limit belongs to the key.
      expectRateLimited(await verifyFrom(instance, "127.0.0.6", limited.key), "key", 30);
      // A 429 of the key's own limit is not a failed verification of the address.
      const sameClient = await verifyFrom(instance, "127.0.0.5", open.key);
      expect(sameClient.status).toBe(200);
      expect(standing(sameClient, "failed")?.r).toBe(FAILED_LIMIT);
      expect(sameClient.headers["ratelimit-policy"]).toBe(`"failed";q=${FAILED_LIMIT};w=60`);
    });

    test("X-Forwarded-For is honoured only from a trusted proxy", async ({ api }) => {
      const ada = api("acmeAdmin");
      const { project_id } = await ada.createProject();
      const { key } = await ada.createKey(project_id);
      const viaProxy = (client: string, bearer: string) => verifyFrom(instance, "127.0.0.4", bearer, { "x-forwarded-for": client });
      for (let i = 0; i < FAILED_LIMIT; i++) expect((await viaProxy("198.51.100.7", "fp_live_short")).status).toBe(401);
      expectRateLimited(await viaProxy("198.51.100.7", key), "failed", 60);
      // The proxy itself, and its other clients, are not blocked.
      expect((await viaProxy("198.51.100.8", key)).status).toBe(200);
      expect((await verifyFrom(instance, "127.0.0.4", key)).status).toBe(200);
      // Anyone else naming the blocked client in the header is counted as themselves.
      const spoofed = await verifyFrom(instance, "127.0.0.7", key, { "x-forwarded-for": "198.51.100.7" });
      expect(spoofed.status).toBe(200);
      // …and cannot dodge their own limit by naming someone else.
      for (let i = 0; i < FAILED_LIMIT; i++) {
        expect((await verifyFrom(instance, "127.0.0.8", "fp_live_short", { "x-forwarded-for": `203.0.113.${i}` })).status).toBe(401);
      }
      expectRateLimited(await verifyFrom(instance, "127.0.0.8", key, { "x-forwarded-for": "203.0.113.200" }), "failed", 60);
    });
  });
}

test("KEYPORT_FAILED_VERIFY_LIMIT=0 turns the per-IP limit off: no policy header, never a 429", async () => {
  const instance = await startOwnInstance("limits-off", { KEYPORT_FAILED_VERIFY_LIMIT: "0" });
  try {
    const statuses = new Set<number>();
    for (let i = 0; i < 30; i++) {
      const response = await verifyFrom(instance, "127.0.0.6", "fp_live_notakeyatall");
      statuses.add(response.status);
      expect(response.headers["ratelimit-policy"]).toBeUndefined();
    }
    expect([...statuses]).toEqual([401]);
  } finally {
    await instance.stop();
  }
});

test("a key's rate limit is shared by two instances through Redis", async ({ api }) => {
  test.setTimeout(120_000);
  // Exact counts across instances need every count to reach Redis: a budget no busy machine
  // runs out of (the 250 ms default is tested with a stalled Redis, in the reliability suite).
  const shared = { KEYPORT_REDIS_URL: SHARED_REDIS, KEYPORT_REDIS_PREFIX: redisPrefix("shared"), KEYPORT_REDIS_BUDGET_MS: "5000" };
  const [a, b] = await Promise.all([startOwnInstance("shared-a", shared), startOwnInstance("shared-b", shared)]);
  try {
    const ada = api("acmeAdmin");
    const { project_id } = await ada.createProject();
    const { key } = await ada.createKey(project_id, { rate_limit: { limit: 6, window_s: 60 } });
    for (let i = 0; i < 6; i++) {
      const response = await verifyFrom(i % 2 === 0 ? a : b, "127.0.0.9", key);
      expect(response.status, `verification ${i + 1}`).toBe(200);
      expect(standing(response, "key")?.r).toBe(5 - i);
    }
    expectRateLimited(await verifyFrom(a, "127.0.0.9", key), "key", 60);
    expectRateLimited(await verifyFrom(b, "127.0.0.10", key), "key", 60);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

/** A Redis server of the test's own, so it can be stopped without touching the machine's. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      import("node:net").then(({ connect }) => {
        const socket = connect(port, "127.0.0.1", () => {
          socket.end();
          resolve(true);
        });
        socket.on("error", () => resolve(false));
      });
    });
    if (up) return child;
    if (Date.now() > deadline) throw new Error("redis-server did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function health(instance: ServerInstance) {
  return (await fetch(`${instance.origin}/api/health`)).json();
}

async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("Redis stopped mid-test: verification goes on with limits in memory, health reports it, one warning", async ({ api }) => {
  test.setTimeout(120_000);
  const port = await freePort();
  let redis = await startRedis(port);
  const instance = await startOwnInstance("redis-outage", {
    KEYPORT_REDIS_URL: `redis://127.0.0.1:${port}`,
    KEYPORT_FAILED_VERIFY_LIMIT: String(FAILED_LIMIT),
  });
  try {
    const ada = api("acmeAdmin");
    const { project_id } = await ada.createProject();
    const { key } = await ada.createKey(project_id, { rate_limit: { limit: 1000, window_s: 60 } });
    expect(await health(instance)).toEqual({ status: "ok", checks: { rate_limits: "redis" } });
    expect((await verifyFrom(instance, "127.0.0.11", key)).status).toBe(200);

    redis.kill("SIGKILL");
    await new Promise((resolve) => redis.once("exit", resolve));
    // Every verification is still answered, promptly, with limits kept in this instance's memory.
    for (let i = 0; i < 50; i++) {
      const started = performance.now();
      const response = await verifyFrom(instance, "127.0.0.11", key);
      expect(response.status, response.body).toBe(200);
      expect(response.headers["ratelimit-policy"]).toContain('"key";q=1000;w=60');
      expect(performance.now() - started).toBeLessThan(1000);
    }
    for (let i = 0; i < FAILED_LIMIT; i++) expect((await verifyFrom(instance, "127.0.0.12", "fp_live_short")).status).toBe(401);
    expectRateLimited(await verifyFrom(instance, "127.0.0.12", key), "failed", 60);
    expect(await health(instance)).toEqual({ status: "degraded", checks: { rate_limits: "redis_unreachable" } });
    const ready = await (await fetch(`${instance.origin}/api/health/ready`)).json();
    expect(ready).toMatchObject({ status: "ready", checks: { rate_limits: "redis_unreachable" } });
    // Logged once for the outage by each of the instance's processes (verify, dashboard), not
    // once per request.
    const warnings = () =>
      instance
        .logs()
        .split("\n")
        .filter((line) => line.includes("Redis is unreachable"))
        .map((line) => JSON.parse(line).process as string)
        .sort();
    expect(warnings()).toEqual(["dashboard", "verify"]);

    // Back again: shared limits resume, and the recovery is logged.
    redis = await startRedis(port);
    expect(await eventually(() => health(instance), (h) => h.status === "ok")).toEqual({ status: "ok", checks: { rate_limits: "redis" } });
    expect(instance.logs()).toContain("Redis is reachable again");
    expect((await verifyFrom(instance, "127.0.0.11", key)).status).toBe(200);
    expect(warnings()).toEqual(["dashboard", "verify"]);
  } finally {
    await instance.stop();
    redis.kill("SIGKILL");
  }
});

test("management writes on the REST API are limited per user, reads are not", async () => {
  const instance = await startOwnInstance("write-limit", { KEYPORT_WRITE_LIMIT: "3" });
  try {
    const call = (person: "acmeAdmin" | "globexAdmin", method: string, path: string, body?: unknown) =>
      rawRequest(instance.origin, {
        method,
        path,
        headers: { authorization: `Bearer ${sessionToken(person, instance.dataDir)}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const created = await call("acmeAdmin", "POST", "/api/v1/projects", { name: "write limit" });
    expect(created.status, created.body).toBe(201);
    expect(created.headers["ratelimit-policy"]).toBe('"writes";q=3;w=60');
    expect(standing(created, "writes")?.r).toBe(2);
    const projectId = JSON.parse(created.body).project_id;
    for (const r of [1, 0]) {
      const key = await call("acmeAdmin", "POST", `/api/v1/projects/${projectId}/keys`, { name: "k" });
      expect(key.status, key.body).toBe(201);
      expect(standing(key, "writes")?.r).toBe(r);
    }
    const refused = expectRateLimited(await call("acmeAdmin", "POST", `/api/v1/projects/${projectId}/keys`, { name: "k" }), "writes", 60);
    expect(refused.detail).toMatch(/Too many changes/);
    // Reads are not writes; another user has a quota of their own.
    expect((await call("acmeAdmin", "GET", `/api/v1/projects/${projectId}/keys`)).status).toBe(200);
    expect((await call("globexAdmin", "POST", "/api/v1/projects", { name: "other user" })).status).toBe(201);
  } finally {
    await instance.stop();
  }
});
