// Credits: exact across instances (with and without Redis), all or nothing across a key's and
// its identity's balances, `credits.low` and `credits.exhausted` once per crossing under
// concurrency, balance changes that honour Idempotency-Key, the ledger, and a refill that was
// missed while nothing read the balance.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { ApiClient, expect, test, verify } from "../support/api";
import { databaseUrl } from "../support/env";
import { expectProblem } from "../support/problem";
import { rawRequest, type RawResponse } from "../support/raw-http";
import { startOwnInstance, type ServerInstance } from "../support/server";
import { sessionToken } from "../support/tokens";

const SHARED_REDIS = process.env.KEYPORT_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
/** How soon another instance hears of a change (as of a revocation). */
const STALENESS_BOUND_MS = 5000;
const ada = () => new ApiClient(sessionToken("acmeAdmin"));
const unique = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

async function sql(text: string, params: unknown[]): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(text, params);
  } finally {
    await client.end();
  }
}

function verifyFrom(instance: ServerInstance, from: string, key: string, body: Record<string, unknown> = {}): Promise<RawResponse> {
  return rawRequest(instance.origin, {
    method: "POST",
    path: "/api/v1/keys/verify",
    localAddress: from,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function createIdentity(body: Record<string, unknown>) {
  const created = await ada().call("POST", "/api/v1/identities", { body: { external_id: unique("customer"), ...body } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; external_id: string };
}

/** 500 verifications at once, alternately to each instance from its own address; the statuses and codes counted. */
async function burst(instances: [ServerInstance, ServerInstance], keys: [string, string], count = 500) {
  const answers = await Promise.all(
    Array.from({ length: count }, (_, i) => verifyFrom(instances[i % 2]!, i % 2 === 0 ? "127.0.0.2" : "127.0.0.3", keys[i % 2]!)),
  );
  const tally = new Map<string, number>();
  for (const answer of answers) {
    const code = answer.status === 200 ? "valid" : (JSON.parse(answer.body) as { code: string }).code;
    tally.set(`${answer.status} ${code}`, (tally.get(`${answer.status} ${code}`) ?? 0) + 1);
  }
  return { answers, tally: Object.fromEntries(tally) };
}

for (const store of ["memory", "redis"] as const) {
  test.describe(`exact credits on two instances, limits in ${store}`, () => {
    test.describe.configure({ mode: "serial" });
    let instances: [ServerInstance, ServerInstance];

    test.beforeAll(async () => {
      test.setTimeout(120_000);
      const env: Record<string, string> = store === "redis" ? { KEYPORT_REDIS_URL: SHARED_REDIS, KEYPORT_REDIS_PREFIX: `keyport-e2e-credits-${randomUUID()}` } : {};
      instances = (await Promise.all([startOwnInstance(`credits-${store}-a`, env), startOwnInstance(`credits-${store}-b`, env)])) as [
        ServerInstance,
        ServerInstance,
      ];
    });
    test.afterAll(async () => {
      await Promise.all((instances ?? []).map((instance) => instance.stop()));
    });

    test("a key with 100 credits: 500 concurrent verifications are exactly 100 valid and 400 usage_exceeded", async () => {
      test.setTimeout(120_000);
      const { project_id } = await ada().createProject();
      const key = await ada().createKey(project_id, { name: "metered", credits: { remaining: 100 } });
      const { answers, tally } = await burst(instances, [key.key, key.key]);
      expect(tally).toEqual({ "200 valid": 100, "429 usage_exceeded": 400 });
      const remaining = answers.filter((a) => a.status === 200).map((a) => (JSON.parse(a.body) as { credits: { remaining: number } }).credits.remaining);
      // Each credit was spent by exactly one verification.
      expect(remaining.sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
      const refused = answers.find((a) => a.status === 429)!;
      expect(refused.headers["content-type"]).toBe("application/problem+json");
      expect(refused.headers["retry-after"]).toBeUndefined();
      const read = await ada().call("GET", `/api/v1/projects/${project_id}/keys?limit=100`);
      expect(read.body.find((k: { key_id: string }) => k.key_id === key.key_id).credits.remaining).toBe(0);
    });

    test("an identity with 100 credits shared by two keys with their own balances: exactly 100 valid, nothing charged to a refused one", async () => {
      test.setTimeout(120_000);
      const identity = await createIdentity({ credits: { remaining: 100, refill: { amount: 100, interval: "daily" } } });
      const { project_id } = await ada().createProject();
      const a = await ada().createKey(project_id, { name: "a", identity_id: identity.id, credits: { remaining: 1000 } });
      const b = await ada().createKey(project_id, { name: "b", identity_id: identity.id });
      const { answers, tally } = await burst(instances, [a.key, b.key]);
      expect(tally).toEqual({ "200 valid": 100, "429 usage_exceeded": 400 });
      const refused = answers.find((r) => r.status === 429)!;
      // The identity refills daily: Retry-After waits for the next 00:00 UTC.
      const untilMidnight = (Math.floor(Date.now() / 86_400_000) + 1) * 86_400_000 - Date.now();
      expect(Math.abs(Number(refused.headers["retry-after"]) - untilMidnight / 1000)).toBeLessThan(30);
      expect((await ada().call("GET", `/api/v1/identities/${identity.id}`)).body.credits.remaining).toBe(0);
      // Key a was charged only for the verifications its identity could pay: all or nothing.
      const validOnA = answers.filter((r, i) => i % 2 === 0 && r.status === 200).length;
      const keys = await ada().call("GET", `/api/v1/projects/${project_id}/keys?limit=100`);
      expect(keys.body.find((k: { key_id: string }) => k.key_id === a.key_id).credits.remaining).toBe(1000 - validOnA);
    });

    test("an identity with a large balance is spent in blocks: exact once they go back; a set binds the instance that answers at once, the others within the bound", async () => {
      test.setTimeout(120_000);
      const identity = await createIdentity({ credits: { remaining: 1_000_000 } });
      const { project_id } = await ada().createProject();
      const a = await ada().createKey(project_id, { name: "a", identity_id: identity.id });
      const b = await ada().createKey(project_id, { name: "b", identity_id: identity.id });
      for (let round = 0; round < 4; round++) {
        const { tally } = await burst(instances, [a.key, b.key]);
        expect(tally).toEqual({ "200 valid": 500 });
      }
      // Blocks not spent go back within seconds: then the balance is exactly what was charged.
      const remaining = async () => (await ada().call("GET", `/api/v1/identities/${identity.id}`)).body.credits.remaining as number;
      await expect.poll(remaining, { timeout: 15_000 }).toBe(1_000_000 - 2000);
      // Blocks out on both instances; a set through the suite's server voids them. That server
      // spends exactly the new balance, and each instance, once it hears of the set (within the
      // bound a revocation has), spends nothing more of its block.
      expect((await burst(instances, [a.key, b.key], 100)).tally).toEqual({ "200 valid": 100 });
      const set = await ada().call("POST", `/api/v1/identities/${identity.id}/credits`, { body: { op: "set", amount: 50 } });
      expect(set.status, JSON.stringify(set.body)).toBe(200);
      const afterSet = await Promise.all(Array.from({ length: 200 }, () => verify(a.key)));
      expect(afterSet.filter((r) => r.status === 200).length).toBe(50);
      for (const [i, instance] of instances.entries()) {
        const key = i === 0 ? a.key : b.key;
        const from = i === 0 ? "127.0.0.2" : "127.0.0.3";
        await expect.poll(async () => (await verifyFrom(instance, from, key)).status, { timeout: STALENESS_BOUND_MS }).toBe(429);
        const later = await Promise.all(Array.from({ length: 20 }, () => verifyFrom(instance, from, key)));
        expect(later.map((r) => r.status)).toEqual(Array.from({ length: 20 }, () => 429));
      }
      await expect.poll(remaining, { timeout: 15_000 }).toBe(0);
    });
  });
}

test("cost: charged per verification, 0 checks without charging, over 1,000 or not whole is a 422", async () => {
  const { project_id } = await ada().createProject();
  const key = await ada().createKey(project_id, { credits: { remaining: 10 } });
  expect((await verify(key.key, { cost: 4 })).body.credits).toEqual({ remaining: 6 });
  expect((await verify(key.key, { cost: 0 })).body.credits).toEqual({ remaining: 6 });
  expect((await verify(key.key)).body.credits).toEqual({ remaining: 5 });
  expectProblem(await verify(key.key, { cost: 6 }), 429, "usage_exceeded");
  expect((await verify(key.key, { cost: 5 })).body.credits).toEqual({ remaining: 0 });
  // An empty balance refuses even a check.
  expectProblem(await verify(key.key, { cost: 0 }), 429, "usage_exceeded");
  for (const cost of [1001, -1, 1.5, "1"]) expectProblem(await verify(key.key, { cost }), 422, "validation_failed");
});

test("credits.low is queued exactly once when 50 concurrent verifications cross the threshold, credits.exhausted once at zero", async () => {
  test.setTimeout(120_000);
  const hook = await ada().call("POST", "/api/v1/webhooks", {
    body: { url: `http://127.0.0.1:9/credits-${randomUUID()}`, events: ["credits.low", "credits.exhausted"] },
  });
  expect(hook.status, JSON.stringify(hook.body)).toBe(201);
  try {
    const identity = await createIdentity({ credits: { remaining: 60, low_threshold: 30 } });
    const { project_id } = await ada().createProject();
    const key = await ada().createKey(project_id, { identity_id: identity.id });
    const first = await Promise.all(Array.from({ length: 50 }, () => verify(key.key)));
    expect(first.every((r) => r.status === 200)).toBe(true);
    const second = await Promise.all(Array.from({ length: 20 }, () => verify(key.key)));
    expect(second.filter((r) => r.status === 200)).toHaveLength(10);
    const deliveries = await ada().call("GET", `/api/v1/webhooks/${hook.body.id}/deliveries?limit=200`);
    // Only this identity's: other tests of the workspace spend balances meanwhile.
    const events = (deliveries.body as { event_type: string; payload: { data: Record<string, any> } }[]) // eslint-disable-line @typescript-eslint/no-explicit-any
      .map((d) => ({ type: d.event_type, data: d.payload.data }))
      .filter((e) => e.data.identity?.id === identity.id);
    expect(events.map((e) => e.type).sort()).toEqual(["credits.exhausted", "credits.low"]);
    const low = events.find((e) => e.type === "credits.low")!;
    expect(low.data).toMatchObject({ identity: { id: identity.id, external_id: identity.external_id }, low_threshold: 30 });
    expect(low.data.remaining).toBe(29);
    expect(events.find((e) => e.type === "credits.exhausted")!.data).toMatchObject({ identity: { external_id: identity.external_id }, remaining: 0 });
  } finally {
    await ada().call("DELETE", `/api/v1/webhooks/${hook.body.id}`);
  }
});

test("concurrent top-ups with Idempotency-Key add each once; the ledger lists each add with its actor, reason and balance", async () => {
  test.setTimeout(60_000);
  const identity = await createIdentity({ credits: { remaining: 0 } });
  const keys = Array.from({ length: 10 }, () => randomUUID());
  const topUp = async (idempotencyKey: string) => {
    for (;;) {
      const answer = await ada().call("POST", `/api/v1/identities/${identity.id}/credits`, {
        body: { op: "add", amount: 10, reason: "top-up" },
        headers: { "idempotency-key": idempotencyKey },
      });
      // The same key while its first request runs: retry, as a client would.
      if (answer.status === 409 && answer.body.code === "idempotency_in_flight") continue;
      return answer;
    }
  };
  const answers = await Promise.all([...keys, ...keys, ...keys].map(topUp));
  expect(answers.every((a) => a.status === 200)).toBe(true);
  expect(answers.filter((a) => a.headers.get("idempotency-replayed") === "true")).toHaveLength(20);
  expect((await ada().call("GET", `/api/v1/identities/${identity.id}`)).body.credits.remaining).toBe(100);

  const ledger = await ada().call("GET", `/api/v1/identities/${identity.id}/credits/ledger?limit=5`);
  expect(ledger.status).toBe(200);
  expect(ledger.body).toHaveLength(5);
  expect(ledger.body[0]).toMatchObject({ kind: "add", amount: 10, balance: 100, reason: "top-up", actor: { name: "Ada Lovelace", type: "user" } });
  const next = ledger.headers.get("link")?.match(/<([^>]+)>; rel="next"/)?.[1];
  const rest = await ada().call("GET", next!);
  const balances = [...ledger.body, ...rest.body].map((e: { balance: number }) => e.balance);
  expect(balances).toEqual([100, 90, 80, 70, 60, 50, 40, 30, 20, 10]);

  // Set, then bad amounts; the same Idempotency-Key with another body is refused.
  const set = await ada().call("POST", `/api/v1/identities/${identity.id}/credits`, { body: { op: "set", amount: 7 } });
  expect(set.body).toMatchObject({ credits: { remaining: 7 }, entry: { kind: "set", amount: 7, balance: 7, reason: null } });
  for (const amount of [-1, 2.5, "3"]) {
    expectProblem(await ada().call("POST", `/api/v1/identities/${identity.id}/credits`, { body: { op: "add", amount } }), 422, "validation_failed");
  }
  expectProblem(
    await ada().call("POST", `/api/v1/identities/${identity.id}/credits`, { body: { op: "add", amount: 1 }, headers: { "idempotency-key": keys[0]! } }),
    422,
    "idempotency_key_reused",
  );
  // Adding to an unlimited balance is a conflict: set it first.
  const unlimited = await createIdentity({});
  expectProblem(await ada().call("POST", `/api/v1/identities/${unlimited.id}/credits`, { body: { op: "add", amount: 5 } }), 409, "conflict");
});

test("a key's own balance: changed, listed in its ledger, shown in its DTO", async () => {
  const { project_id } = await ada().createProject();
  const key = await ada().createKey(project_id, { credits: { remaining: 3, low_threshold: 1 } });
  expect(key.credits).toMatchObject({ remaining: 3, low_threshold: 1, refill: null });
  const added = await ada().call("POST", `/api/v1/projects/${project_id}/keys/${key.key_id}/credits`, { body: { op: "add", amount: 2, reason: "trial" } });
  expect(added.status, JSON.stringify(added.body)).toBe(200);
  expect(added.body.credits.remaining).toBe(5);
  expect((await verify(key.key, { cost: 5 })).status).toBe(200);
  const ledger = await ada().call("GET", `/api/v1/projects/${project_id}/keys/${key.key_id}/credits/ledger`);
  expect(ledger.body).toHaveLength(1);
  expect(ledger.body[0]).toMatchObject({ kind: "add", amount: 2, balance: 5, reason: "trial" });
});

test("a refill that was due while nothing read the balance happens at the next verification, and at an instance's start", async () => {
  test.setTimeout(120_000);
  const identity = await createIdentity({ credits: { remaining: 5, refill: { amount: 50, interval: "monthly", day_of_month: 31 } } });
  const { project_id } = await ada().createProject();
  const key = await ada().createKey(project_id, { identity_id: identity.id });
  // As if every instance had been down since before the last refill moment, the balance spent.
  await sql("UPDATE identities SET credits_remaining = 0, credits_refilled_at = now() - interval '40 days' WHERE id = $1", [identity.id]);
  const verified = await verify(key.key);
  expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  expect(verified.body.credits).toEqual({ remaining: 49 });
  const ledger = await ada().call("GET", `/api/v1/identities/${identity.id}/credits/ledger`);
  expect(ledger.body[0]).toMatchObject({ kind: "refill", amount: 50, balance: 50, actor: { type: "system" } });
  // Once: the next verification is charged, not refilled again.
  expect((await verify(key.key)).body.credits).toEqual({ remaining: 48 });

  // Nobody reads this one: an instance's start applies the refill.
  const idle = await createIdentity({ credits: { remaining: 5, refill: { amount: 20, interval: "daily" } } });
  await sql("UPDATE identities SET credits_remaining = 1, credits_refilled_at = now() - interval '3 days' WHERE id = $1", [idle.id]);
  const instance = await startOwnInstance("credits-refill-at-start");
  try {
    await expect
      .poll(async () => (await ada().call("GET", `/api/v1/identities/${idle.id}/credits/ledger`)).body.map((e: { kind: string }) => e.kind), { timeout: 20_000 })
      .toEqual(["refill"]);
  } finally {
    await instance.stop();
  }
  expect((await ada().call("GET", `/api/v1/identities/${idle.id}`)).body.credits.remaining).toBe(20);
});

test("a PATCH of credits without remaining keeps the balance verifications spent; with it, sets it in the ledger; unlimited is a 422", async () => {
  const identity = await createIdentity({ credits: { remaining: 10 } });
  const { project_id } = await ada().createProject();
  const key = await ada().createKey(project_id, { identity_id: identity.id, credits: { remaining: 8 } });
  expect((await verify(key.key, { cost: 3 })).status).toBe(200);

  // The refill and alert change; the 7 and 5 left after the charge stay.
  const identityEdit = await ada().call("PATCH", `/api/v1/identities/${identity.id}`, { body: { credits: { refill: { amount: 100, interval: "daily" }, low_threshold: 2 } } });
  expect(identityEdit.status, JSON.stringify(identityEdit.body)).toBe(200);
  expect(identityEdit.body.credits).toMatchObject({ remaining: 7, refill: { amount: 100, interval: "daily", day_of_month: null }, low_threshold: 2 });
  const keyEdit = await ada().call("PATCH", `/api/v1/projects/${project_id}/keys/${key.key_id}`, { body: { credits: { low_threshold: 1 } } });
  expect(keyEdit.status, JSON.stringify(keyEdit.body)).toBe(200);
  expect(keyEdit.body.credits).toMatchObject({ remaining: 5, refill: null, low_threshold: 1 });
  const untouched = await ada().call("GET", `/api/v1/identities/${identity.id}/credits/ledger`);
  expect(untouched.body).toEqual([]);

  // With remaining, the PATCH sets the balance, and the ledger says who did.
  const set = await ada().call("PATCH", `/api/v1/identities/${identity.id}`, { body: { credits: { remaining: 40, refill: { amount: 100, interval: "daily" } } } });
  expect(set.body.credits).toMatchObject({ remaining: 40, low_threshold: null });
  const ledger = await ada().call("GET", `/api/v1/identities/${identity.id}/credits/ledger`);
  expect(ledger.body).toHaveLength(1);
  expect(ledger.body[0]).toMatchObject({ kind: "set", amount: 40, balance: 40, actor: { name: "Ada Lovelace" } });

  // An unlimited balance has none to keep: say remaining.
  const unlimited = await createIdentity({});
  const refused = expectProblem(
    await ada().call("PATCH", `/api/v1/identities/${unlimited.id}`, { body: { credits: { refill: { amount: 5, interval: "daily" } } } }),
    422,
    "validation_failed",
  );
  expect(refused.errors).toEqual([expect.objectContaining({ location: "body.credits.remaining" })]);
  expect(refused.detail).toContain("remaining");
  const plainKey = await ada().createKey(project_id, { name: "unmetered" });
  const keyRefused = expectProblem(
    await ada().call("PATCH", `/api/v1/projects/${project_id}/keys/${plainKey.key_id}`, { body: { credits: { low_threshold: 3 } } }),
    422,
    "validation_failed",
  );
  expect(keyRefused.errors).toEqual([expect.objectContaining({ location: "body.credits.remaining" })]);
  expect((await ada().call("GET", `/api/v1/identities/${unlimited.id}`)).body.credits).toBeNull();
});
