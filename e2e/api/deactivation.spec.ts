// Deactivating and reactivating keys over the REST API: refused at once on the instance that
// answered and within the staleness bound on a second one (over many trials), back again on
// reactivation; the default key, revoked keys and the single-active-key policy refuse with
// 409; the listing, audit events and webhooks say so.
import { randomBytes } from "node:crypto";
import { ApiClient, expect, test, verify } from "../support/api";
import { databaseUrl, dataDir, embedded } from "../support/env";
import { expectProblem } from "../support/problem";
import { startInstance } from "../support/server";
import { startReceiver } from "../support/webhook-receiver";
import { ownWorkspace, sessionToken } from "../support/tokens";

const STALENESS_BOUND_MS = 5000;

test("a key deactivated on instance A is refused by A at once and by B within the bound, 50 times over; reactivated, both accept it again", async () => {
  test.setTimeout(240_000);
  const b = await startInstance({
    DATABASE_URL: databaseUrl,
    KEYPORT_DATA_DIR: dataDir,
    KEYPORT_LOG_REQUESTS: "0",
    KEYPORT_WEBHOOK_WORKER: "0",
    ...(embedded ? { KEYPORT_EMBEDDED: "1" } : {}),
  });
  try {
    const ada = new ApiClient(sessionToken("acmeAdmin"));
    const { project_id } = await ada.createProject();
    const latencies: number[] = [];
    let acceptedOnA = 0;
    let acceptedOnBAfterRefusal = 0;
    for (let i = 0; i < 50; i++) {
      const key = await ada.createKey(project_id, { name: `deactivate ${i}` });
      // Both instances have the key cached as valid.
      for (const origin of [undefined, b.origin]) expect((await verify(key.key, undefined, origin)).status).toBe(200);
      const deactivated = await ada.call("POST", `/api/v1/projects/${project_id}/keys/${key.key_id}/deactivate`);
      expect(deactivated.status, JSON.stringify(deactivated.body)).toBe(200);
      const calledAt = performance.now();
      // The instance that answered never accepts it again.
      const onA = await verify(key.key);
      if (onA.status !== 401) acceptedOnA++;
      expectProblem(onA, 401, "invalid_api_key");
      let status = 200;
      while (status === 200 && performance.now() - calledAt < STALENESS_BOUND_MS) status = (await verify(key.key, undefined, b.origin)).status;
      expect(status).toBe(401);
      latencies.push(performance.now() - calledAt);
      // Once B has refused it, it keeps refusing it.
      for (let j = 0; j < 3; j++) if ((await verify(key.key, undefined, b.origin)).status !== 401) acceptedOnBAfterRefusal++;
      if (i % 10 === 0) {
        const reactivated = await ada.call("POST", `/api/v1/projects/${project_id}/keys/${key.key_id}/reactivate`);
        expect(reactivated.status, JSON.stringify(reactivated.body)).toBe(200);
        expect((await verify(key.key)).status).toBe(200);
        await expect.poll(async () => (await verify(key.key, undefined, b.origin)).status, { timeout: STALENESS_BOUND_MS }).toBe(200);
      }
    }
    expect(acceptedOnA).toBe(0);
    expect(acceptedOnBAfterRefusal).toBe(0);
    expect(Math.max(...latencies)).toBeLessThan(STALENESS_BOUND_MS);
  } finally {
    await b.stop();
  }
});

test("a deactivated key gets exactly the 401 a revoked key gets, and is listed as Deactivated", async () => {
  const ada = new ApiClient(sessionToken("acmeAdmin"));
  const { project_id } = await ada.createProject();
  const paused = await ada.createKey(project_id, { name: "paused", scopes: ["flags:read"] });
  const gone = await ada.createKey(project_id, { name: "gone" });
  expect((await ada.revokeKey(project_id, gone.key_id)).status).toBe(200);
  const body = (await ada.call("POST", `/api/v1/projects/${project_id}/keys/${paused.key_id}/deactivate`)).body;
  expect(body).toMatchObject({ key_id: paused.key_id, status: "deactivated", is_active: false, revoked_at: null, scopes: ["flags:read"] });
  expect(body.deactivated_at).not.toBeNull();
  const same = (response: Awaited<ReturnType<typeof verify>>) => {
    const { request_id: _id, instance: _instance, ...rest } = response.body as Record<string, unknown>;
    return { status: response.status, ...rest };
  };
  expect(same(await verify(paused.key))).toEqual(same(await verify(gone.key)));
  // Deactivating again succeeds and changes nothing.
  expect((await ada.call("POST", `/api/v1/projects/${project_id}/keys/${paused.key_id}/deactivate`)).body.deactivated_at).toBe(body.deactivated_at);
  const listed = await ada.listKeys(project_id, "?status=deactivated");
  expect(listed.body.map((k: { key_id: string }) => k.key_id)).toEqual([paused.key_id]);
  expect((await ada.listKeys(project_id, "?status=active")).body.map((k: { key_id: string }) => k.key_id)).not.toContain(paused.key_id);
  const back = await ada.call("POST", `/api/v1/projects/${project_id}/keys/${paused.key_id}/reactivate`);
  expect(back.body).toMatchObject({ status: "active", is_active: true, deactivated_at: null, scopes: ["flags:read"] });
  expect((await verify(paused.key, { scopes: ["flags:read"] })).status).toBe(200);
});

test("the default key cannot be deactivated, and a revoked key cannot be reactivated (409)", async () => {
  const ada = new ApiClient(sessionToken("acmeAdmin"));
  const { project_id, default_key } = await ada.createProject();
  const refused = expectProblem(await ada.call("POST", `/api/v1/projects/${project_id}/keys/${default_key.key_id}/deactivate`), 409, "conflict");
  expect(refused.detail).toMatch(/default key.*cannot be deactivated/);
  expect((await verify(default_key.key)).status).toBe(200);
  const key = await ada.createKey(project_id, { name: "final" });
  expect((await ada.call("POST", `/api/v1/projects/${project_id}/keys/${key.key_id}/deactivate`)).status).toBe(200);
  expect((await ada.revokeKey(project_id, key.key_id)).status).toBe(200);
  const final = expectProblem(await ada.call("POST", `/api/v1/projects/${project_id}/keys/${key.key_id}/reactivate`), 409, "conflict");
  expect(final.detail).toMatch(/revocation is final/);
  expectProblem(await verify(key.key), 401, "invalid_api_key");
});

test("reactivating counts as activating under the single-active-key policy (409)", async () => {
  const own = await ownWorkspace("deactivate-single");
  const admin = new ApiClient(own.admin);
  const { project_id } = await admin.createProject();
  const first = await admin.createKey(project_id, { name: "first" });
  const policy = await admin.call("GET", "/api/v1/workspace/policy");
  expect((await admin.call("PUT", "/api/v1/workspace/policy", { body: { ...policy.body, single_active_key: "project_environment" } })).status).toBe(200);
  expect((await admin.call("POST", `/api/v1/projects/${project_id}/keys/${first.key_id}/deactivate`)).status).toBe(200);
  const second = await admin.createKey(project_id, { name: "second" });
  const refused = expectProblem(await admin.call("POST", `/api/v1/projects/${project_id}/keys/${first.key_id}/reactivate`), 409, "conflict");
  expect(refused.detail).toMatch(/one active Production key per project.*“second” is active/);
  expectProblem(await verify(first.key), 401, "invalid_api_key");
  expect((await admin.call("POST", `/api/v1/projects/${project_id}/keys/${second.key_id}/deactivate`)).status).toBe(200);
  expect((await admin.call("POST", `/api/v1/projects/${project_id}/keys/${first.key_id}/reactivate`)).status).toBe(200);
  expect((await verify(first.key)).status).toBe(200);
});

test("deactivating and reactivating are audited and sent as key.deactivated and key.reactivated webhooks", async () => {
  const own = await ownWorkspace("deactivate-hooks");
  const admin = new ApiClient(own.admin);
  const hook = await startReceiver(`/hooks/${randomBytes(4).toString("hex")}`);
  try {
    const created = await admin.call("POST", "/api/v1/webhooks", { body: { url: hook.url, events: ["key.deactivated", "key.reactivated"] } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    hook.secret = created.body.secret;
    const { project_id } = await admin.createProject();
    const key = await admin.createKey(project_id, { name: "announced" });
    expect((await admin.call("POST", `/api/v1/projects/${project_id}/keys/${key.key_id}/deactivate`)).status).toBe(200);
    expect((await admin.call("POST", `/api/v1/projects/${project_id}/keys/${key.key_id}/reactivate`)).status).toBe(200);
    const received = await hook.waitFor((events) => events.length >= 2);
    expect(received.map((e) => e.type).sort()).toEqual(["key.deactivated", "key.reactivated"]);
    const deactivated = received.find((e) => e.type === "key.deactivated")!;
    expect(deactivated.data.key).toMatchObject({ key_id: key.key_id, status: "deactivated", is_active: false });
    expect(JSON.stringify(received)).not.toContain(key.key);
    const audit = await admin.call("GET", `/api/v1/audit-events?key_id=${key.key_id}`);
    expect(audit.body.map((e: { action: string }) => e.action)).toEqual(["api_key.reactivated", "api_key.deactivated", "api_key.created"]);
    // A member may do neither.
    const member = new ApiClient(own.member);
    expectProblem(await member.call("POST", `/api/v1/projects/${project_id}/keys/${key.key_id}/deactivate`), 403, "forbidden");
  } finally {
    await hook.close();
  }
});
