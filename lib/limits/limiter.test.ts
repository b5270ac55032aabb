// The limiter on both stores: this process's memory and the machine's Redis, plus a Redis
// that cannot be reached (the fallback). No mocks: real counters, real Redis.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { captureLogs } from "@/test/fixtures";
import { Limiter, RedisBudget, rateLimitHeaders } from "./limiter";
import { RedisStore } from "./store";

/** The Redis the suite shares (npm test provides one: the machine's, or its own). */
const SHARED_REDIS = process.env.KEYPORT_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const stores: RedisStore[] = [];
function redis(url: string): RedisStore {
  const store = new RedisStore(url);
  stores.push(store);
  return store;
}
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
});

async function until(condition: () => boolean, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

for (const kind of ["memory", "redis"] as const) {
  describe(`Limiter on ${kind}`, () => {
    const make = async (limit: number, windowS: number) => {
      const store = kind === "redis" ? redis(SHARED_REDIS) : null;
      if (store) await until(() => store.status === "redis");
      return new Limiter("key", limit, windowS, store, `keyport-test-${randomUUID()}`);
    };

    it("counts down to the quota, then reports each further unit as exceeded", async () => {
      const limiter = await make(3, 60);
      const states = [];
      for (let i = 0; i < 5; i++) states.push(await limiter.consume("client"));
      expect(states.map((s) => [s.remaining, s.exceeded])).toEqual([
        [2, false],
        [1, false],
        [0, false],
        [0, true],
        [0, true],
      ]);
      for (const s of states) {
        expect(s.resetS).toBeGreaterThanOrEqual(1);
        expect(s.resetS).toBeLessThanOrEqual(60);
      }
      // Another id has a quota of its own.
      expect((await limiter.consume("other")).remaining).toBe(2);
    });

    it("peeks without counting, and is exceeded once the quota is used up", async () => {
      const limiter = await make(2, 60);
      expect(await limiter.peek("c")).toMatchObject({ remaining: 2, exceeded: false, resetS: 60 });
      await limiter.consume("c");
      expect(await limiter.peek("c")).toMatchObject({ remaining: 1, exceeded: false });
      await limiter.consume("c");
      expect(await limiter.peek("c")).toMatchObject({ remaining: 0, exceeded: true });
      expect(await limiter.peek("c")).toMatchObject({ remaining: 0, exceeded: true });
    });

    it("starts a new window when the old one passes", async () => {
      const limiter = await make(1, 1);
      await limiter.consume("w");
      expect((await limiter.consume("w")).exceeded).toBe(true);
      await new Promise((r) => setTimeout(r, 1100));
      expect((await limiter.consume("w")).exceeded).toBe(false);
    });
  });
}

describe("two limiters on one Redis namespace", () => {
  it("share their counts, as two instances do", async () => {
    const namespace = `keyport-test-${randomUUID()}`;
    const a = new Limiter("key", 4, 60, redis(SHARED_REDIS), namespace);
    const b = new Limiter("key", 4, 60, redis(SHARED_REDIS), namespace);
    await until(() => stores.every((s) => s.status === "redis"));
    await a.consume("k");
    await b.consume("k");
    await a.consume("k");
    expect((await b.consume("k")).remaining).toBe(0);
    expect((await a.consume("k")).exceeded).toBe(true);
  });
});

describe("an unreachable Redis", () => {
  it("falls back to memory at once, reports itself unreachable, and warns once per outage", async () => {
    const { output } = await captureLogs(async () => {
      const store = redis("redis://127.0.0.1:1"); // nothing listens on port 1
      const limiter = new Limiter("failed", 2, 60, store, `keyport-test-${randomUUID()}`);
      const started = performance.now();
      const states = [];
      for (let i = 0; i < 50; i++) states.push(await limiter.consume("ip"));
      expect(performance.now() - started).toBeLessThan(1000);
      expect(states.slice(0, 3).map((s) => s.exceeded)).toEqual([false, false, true]);
      expect(store.status).toBe("redis_unreachable");
      await new Promise((r) => setTimeout(r, 500)); // reconnection attempts fail meanwhile
    });
    const warnings = output.split("\n").filter((line) => line.includes("Redis is unreachable"));
    expect(warnings).toHaveLength(1);
  });
});

/** A Redis of this test's own, which it can stall (SIGSTOP) without touching the shared one. */
async function privateRedis() {
  const port = await new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  return { url: `redis://127.0.0.1:${port}`, child, stop: () => child.kill("SIGKILL") };
}

describe("a Redis that stops answering", () => {
  it("holds one request's limit work for at most the budget in all, skips Redis until a probe answers, and logs its return", async () => {
    const server = await privateRedis();
    try {
      const { output } = await captureLogs(async () => {
        const store = redis(server.url);
        await until(() => store.status === "redis");
        const namespace = `keyport-test-${randomUUID()}`;
        const failed = new Limiter("failed", 100, 60, store, namespace);
        const own = new Limiter("key", 5, 60, store, namespace);
        expect((await own.consume("k")).remaining).toBe(4);
        server.child.kill("SIGSTOP"); // the connection stays open; nothing answers
        // A verification's limit work: a peek, then two counts, on one budget.
        const budget = new RedisBudget();
        const started = performance.now();
        await failed.peek("ip", budget);
        await failed.consume("ip", 1, budget);
        await own.consume("k", 1, budget);
        const first = performance.now() - started;
        expect(first).toBeLessThan(400); // three commands of 250 ms each would take 750
        expect(store.status).toBe("redis_unreachable");
        // Later requests do not wait on Redis at all while it is stalled.
        const next = performance.now();
        for (let i = 0; i < 20; i++) await own.consume("k", 1, new RedisBudget());
        expect(performance.now() - next).toBeLessThan(100);
        server.child.kill("SIGCONT");
        await until(() => store.status === "redis", 5000);
        expect(store.status).toBe("redis");
      });
      expect(output).toMatch(/Redis is unreachable/);
      expect(output).toMatch(/Redis is reachable again/);
    } finally {
      server.stop();
    }
  });
});

describe("rateLimitHeaders", () => {
  it("writes RateLimit-Policy and RateLimit for every policy, and Retry-After only for a refusal", () => {
    const failed = { policy: "failed", limit: 100, windowS: 60, remaining: 42, resetS: 17, exceeded: false } as const;
    const key = { policy: "key", limit: 5, windowS: 30, remaining: 0, resetS: 9, exceeded: true } as const;
    expect(rateLimitHeaders([])).toEqual({});
    expect(rateLimitHeaders([failed])).toEqual({ "ratelimit-policy": '"failed";q=100;w=60', ratelimit: '"failed";r=42;t=17' });
    expect(rateLimitHeaders([failed, key])).toEqual({
      "ratelimit-policy": '"failed";q=100;w=60, "key";q=5;w=30',
      ratelimit: '"failed";r=42;t=17, "key";r=0;t=9',
      "retry-after": "9",
    });
  });
});
