// Many writers at once: one key per Idempotency-Key, one revocation per key, and a pool that
// runs out answers 503 with Retry-After, never 500.
import pg from "pg";
import { ApiClient, expect, test } from "../support/api";
import { databaseUrl } from "../support/env";
import { expectProblem } from "../support/problem";
import { startOwnInstance } from "../support/server";
import { sessionToken } from "../support/tokens";

async function auditCount(keyId: string, action: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT count(*)::int AS n FROM audit_events WHERE target_key_id = $1 AND action = $2", [keyId, action]);
    return rows[0].n as number;
  } finally {
    await client.end();
  }
}

test("50 concurrent POSTs with one Idempotency-Key create one key; every answer is that key or a 409", async ({ api }) => {
  const ada = api("acmeAdmin");
  const { project_id } = await ada.createProject();
  const name = `idem-burst-${Date.now()}`;
  const headers = { "idempotency-key": name };
  const responses = await Promise.all(
    Array.from({ length: 50 }, () => ada.call("POST", `/api/v1/projects/${project_id}/keys`, { body: { name }, headers })),
  );
  const keys = new Set(responses.filter((r) => r.status === 201).map((r) => r.body.key_id));
  for (const r of responses.filter((r) => r.status !== 201)) expectProblem(r, 409, "idempotency_in_flight");
  console.log(`idempotent burst: ${responses.filter((r) => r.status === 201).length} × 201 (one key), ${responses.filter((r) => r.status === 409).length} × 409`);
  expect(keys.size).toBe(1);
  expect((await ada.listKeys(project_id, `?q=${name}`)).body).toHaveLength(1);
});

test("50 concurrent revokes of one key: all 200, one audit event", async ({ api }) => {
  const ada = api("acmeAdmin");
  const { project_id } = await ada.createProject();
  const key = await ada.createKey(project_id, { name: "revoked by many" });
  const responses = await Promise.all(Array.from({ length: 50 }, () => ada.revokeKey(project_id, key.key_id)));
  expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
  expect(await auditCount(key.key_id, "api_key.revoked")).toBe(1);
});

test("creates past the pool's size are 503 with Retry-After, never 500", async ({ api }) => {
  test.setTimeout(120_000);
  // The project comes from the suite's server (same database and workspace), so that the
  // constrained instance below is spent on the burst alone.
  const { project_id } = await api("acmeAdmin").createProject("Pool");
  // One connection, and at most a second to get it: 600 creates at once must run out.
  const instance = await startOwnInstance("pool", { KEYPORT_DB_POOL_SIZE: "1", KEYPORT_DB_TIMEOUT_MS: "1000" });
  try {
    const ada = new ApiClient(sessionToken("acmeAdmin", instance.dataDir), instance.origin);
    const run = `pool-${Date.now()}`;
    const responses = await Promise.all(
      Array.from({ length: 600 }, (_, i) => ada.call("POST", `/api/v1/projects/${project_id}/keys`, { body: { name: `${run} ${i}` } })),
    );
    const byStatus = new Map<number, number>();
    for (const r of responses) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
    console.log(`600 creates on a pool of 1 (1 s to get it): ${JSON.stringify(Object.fromEntries(byStatus))}`);
    expect([...byStatus.keys()].every((status) => status === 201 || status === 503)).toBe(true);
    expect(byStatus.get(503) ?? 0, "the pool ran out").toBeGreaterThan(0);
    expect(byStatus.get(201) ?? 0, "and still served").toBeGreaterThan(0);
    for (const r of responses.filter((r) => r.status === 503)) {
      expectProblem(r, 503, "service_unavailable");
      expect(r.headers.get("retry-after")).toBe("1");
    }
    // Every 201 is a real key, and nothing else was created.
    const created = responses.filter((r) => r.status === 201).length;
    const listed = await ada.listKeys(project_id, `?q=${run}&limit=100`);
    expect(Number(listed.headers.get("x-total-count"))).toBe(created);
  } finally {
    await instance.stop();
  }
});
