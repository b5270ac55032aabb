// Rotation without downtime, edits, bulk revoke and workspace key policies, through the REST
// API: the contract, what every instance sees, and the single-active-key rule under load.
import { ApiClient, expect, test, verify } from "../support/api";
import { expectProblem } from "../support/problem";
import { startOwnInstance, type ServerInstance } from "../support/server";
import { ownWorkspace } from "../support/tokens";

const HOUR = 3_600_000;
const GRACE_MS = { "1h": HOUR, "24h": 24 * HOUR, "7d": 7 * 24 * HOUR } as const;

/** A workspace of the test's own, with a project: its policies are the test's to change. */
async function workspace(label: string) {
  const tokens = await ownWorkspace(label);
  const admin = new ApiClient(tokens.admin);
  const member = new ApiClient(tokens.member);
  const project = await admin.createProject(`${label} project`);
  return { admin, member, project, projectId: project.project_id };
}

const keyPath = (projectId: string, keyId: string, suffix = "") => `/api/v1/projects/${projectId}/keys/${keyId}${suffix}`;

/** Polls `instance` until its answer for `key` satisfies `accept`, for at most `ms`. */
async function eventually(key: string, instance: ServerInstance, accept: (status: number, body: Record<string, unknown>) => boolean, ms = 2000) {
  const started = performance.now();
  for (;;) {
    const response = await verify(key, undefined, instance.origin);
    if (accept(response.status, response.body)) return performance.now() - started;
    if (performance.now() - started > ms) throw new Error(`instance never agreed: ${response.status} ${JSON.stringify(response.body)}`);
  }
}

for (const grace of ["1h", "24h", "7d"] as const) {
  test(`rolling with a ${grace} grace period: a copy of the key, once, and the old one stops at the end of it`, async () => {
    const { admin, projectId } = await workspace(`roll-${grace}`);
    const expiresAt = new Date(Date.now() + 30 * 24 * HOUR).toISOString();
    const old = await admin.createKey(projectId, {
      name: "rolled",
      description: "copied on roll",
      environment: "test",
      scopes: ["flags:read"],
      expires_at: expiresAt,
      rate_limit: { limit: 50, window_s: 60 },
      allowed_ips: ["127.0.0.0/8", "::1"],
    });
    const before = Date.now();
    const rolled = await admin.call("POST", keyPath(projectId, old.key_id, "/roll"), { body: { grace_period: grace }, headers: { "idempotency-key": `roll-${grace}` } });
    expect(rolled.status, JSON.stringify(rolled.body)).toBe(201);
    expect(rolled.body.key).toMatch(/^fp_test_/);
    expect(rolled.body).toMatchObject({
      name: "rolled",
      description: "copied on roll",
      environment: "test",
      project_id: projectId,
      scopes: ["flags:read"],
      expires_at: expiresAt,
      rate_limit: { limit: 50, window_s: 60 },
      allowed_ips: ["127.0.0.0/8", "::1"],
      rolled_from: old.key_id,
      rolled_to: null,
      is_active: true,
    });
    // The same Idempotency-Key replays the same new key; no second roll happens.
    const replay = await admin.call("POST", keyPath(projectId, old.key_id, "/roll"), { body: { grace_period: grace }, headers: { "idempotency-key": `roll-${grace}` } });
    expect(replay.status).toBe(201);
    expect(replay.body.key).toBe(rolled.body.key);
    expect(replay.headers.get("idempotency-replayed")).toBe("true");

    const listed = (await admin.listKeys(projectId)).body as { key_id: string; expires_at: string; rolled_to: string | null; is_active: boolean }[];
    const previous = listed.find((k) => k.key_id === old.key_id)!;
    expect(previous.rolled_to).toBe(rolled.body.key_id);
    expect(previous.is_active).toBe(true);
    const stopsAt = new Date(previous.expires_at).getTime();
    expect(stopsAt).toBeGreaterThanOrEqual(before + GRACE_MS[grace] - 1000);
    expect(stopsAt).toBeLessThanOrEqual(Math.min(Date.now() + GRACE_MS[grace], new Date(expiresAt).getTime()) + 1000);
    // Both work during the grace period.
    expect((await verify(old.key)).status).toBe(200);
    expect((await verify(rolled.body.key)).status).toBe(200);

    // Rolling it again names the successor.
    const again = expectProblem(await admin.call("POST", keyPath(projectId, old.key_id, "/roll"), { body: { grace_period: "1h" } }), 409, "conflict");
    expect(again.detail).toContain(rolled.body.key_id);
  });
}

test("rolling with no grace period stops the old key at once, on another instance too", async () => {
  const { admin, projectId } = await workspace("roll-none");
  const old = await admin.createKey(projectId, { name: "instant" });
  const b = await startOwnInstance("roll-none");
  try {
    expect((await verify(old.key, undefined, b.origin)).status).toBe(200);
    const rolled = await admin.call("POST", keyPath(projectId, old.key_id, "/roll"), { body: { grace_period: "none" } });
    expect(rolled.status).toBe(201);
    expect((await verify(old.key)).status).toBe(401);
    await eventually(old.key, b, (status) => status === 401);
    expect((await verify(rolled.body.key, undefined, b.origin)).status).toBe(200);
    // A revoked key cannot be rolled.
    const refused = expectProblem(await admin.call("POST", keyPath(projectId, old.key_id, "/roll"), { body: { grace_period: "1h" } }), 409, "conflict");
    expect(refused.detail).toMatch(/already rolled|revoked/);
    const revoked = await admin.createKey(projectId, { name: "revoked first" });
    await admin.revokeKey(projectId, revoked.key_id);
    const revokedRoll = expectProblem(await admin.call("POST", keyPath(projectId, revoked.key_id, "/roll"), { body: { grace_period: "1h" } }), 409, "conflict");
    expect(revokedRoll.detail).toContain("revoked");
  } finally {
    await b.stop();
  }
});

test("another instance sees a roll's new stopping time, and an edit's scopes, on its next verification", async () => {
  const { admin, projectId } = await workspace("roll-instances");
  const key = await admin.createKey(projectId, { name: "seen everywhere", scopes: ["flags:read", "events:write"] });
  const b = await startOwnInstance("roll-instances");
  try {
    const first = await verify(key.key, { scopes: ["events:write"] }, b.origin);
    expect(first.status).toBe(200);
    expect(first.body.expires_at).toBeNull();
    // An edit that takes a scope away: B refuses it within moments.
    expect((await admin.call("PATCH", keyPath(projectId, key.key_id), { body: { scopes: ["flags:read"] } })).status).toBe(200);
    const bScope = await (async () => {
      const started = performance.now();
      for (;;) {
        const response = await verify(key.key, { scopes: ["events:write"] }, b.origin);
        if (response.status === 403 || performance.now() - started > 2000) return response;
      }
    })();
    expectProblem(bScope, 403, "forbidden");
    // A roll: B learns the old key's new stopping time.
    const rolled = await admin.call("POST", keyPath(projectId, key.key_id, "/roll"), { body: { grace_period: "24h" } });
    expect(rolled.status).toBe(201);
    await eventually(key.key, b, (status, body) => status === 200 && typeof body.expires_at === "string");
  } finally {
    await b.stop();
  }
});

test("the default key can be rolled; its replacement stays the project's default key", async () => {
  const { admin, project, projectId } = await workspace("roll-default");
  const rolled = await admin.call("POST", keyPath(projectId, project.default_key.key_id, "/roll"), { body: { grace_period: "1h" } });
  expect(rolled.status, JSON.stringify(rolled.body)).toBe(201);
  expect(rolled.body).toMatchObject({ is_admin_managed: true, rolled_from: project.default_key.key_id });
  const old = (await admin.listKeys(projectId)).body.find((k: { key_id: string }) => k.key_id === project.default_key.key_id);
  expect(old).toMatchObject({ is_admin_managed: false, rolled_to: rolled.body.key_id, is_active: true });
  expectProblem(await admin.revokeKey(projectId, rolled.body.key_id), 409, "conflict");
});

test("an edit changes name, description, scopes, limits and allowlist, and only moves expiry earlier", async () => {
  const { admin, member, projectId } = await workspace("edit");
  const key = await admin.createKey(projectId, { name: "editable", expires_at: new Date(Date.now() + 10 * 24 * HOUR).toISOString() });
  const path = keyPath(projectId, key.key_id);
  const earlier = new Date(Date.now() + 5 * 24 * HOUR).toISOString();
  const edited = await admin.call("PATCH", path, {
    body: { name: "edited", description: "now described", scopes: ["config:read"], expires_at: earlier, rate_limit: { limit: 3, window_s: 10 }, allowed_ips: ["::1", "127.0.0.1"] },
  });
  expect(edited.status, JSON.stringify(edited.body)).toBe(200);
  expect(edited.body).toMatchObject({ name: "edited", description: "now described", scopes: ["config:read"], expires_at: earlier, rate_limit: { limit: 3, window_s: 10 }, allowed_ips: ["::1", "127.0.0.1"] });
  const verified = await verify(key.key);
  expect(verified.body).toMatchObject({ name: "edited", scopes: ["config:read"] });
  // Clearing what can be cleared.
  const cleared = await admin.call("PATCH", path, { body: { description: null, rate_limit: null, allowed_ips: [] } });
  expect(cleared.body).toMatchObject({ description: null, rate_limit: null, allowed_ips: [] });

  const later = expectProblem(await admin.call("PATCH", path, { body: { expires_at: new Date(Date.now() + 20 * 24 * HOUR).toISOString() } }), 422, "validation_failed");
  expect(later.errors[0]).toMatchObject({ location: "expires_at" });
  expect(later.errors[0]!.message).toMatch(/before the current expiry/);
  expectProblem(await admin.call("PATCH", path, { body: { expires_at: "2001-01-01T00:00:00Z" } }), 422, "validation_failed");
  expectProblem(await admin.call("PATCH", path, { body: { scopes: ["not:listed"] } }), 422, "validation_failed");
  expectProblem(await admin.call("PATCH", path, { body: { key: "fp_live_x" } }), 422, "validation_failed");
  expectProblem(await member.call("PATCH", path, { body: { name: "member" } }), 403, "forbidden");
  await admin.revokeKey(projectId, key.key_id);
  expectProblem(await admin.call("PATCH", path, { body: { name: "too late" } }), 409, "conflict");
});

test("bulk revoke: each key on its own, with what happened to every one", async () => {
  const { admin, project, projectId } = await workspace("bulk");
  const keys = await Promise.all([1, 2, 3].map((i) => admin.createKey(projectId, { name: `bulk ${i}` })));
  const already = await admin.createKey(projectId, { name: "already" });
  await admin.revokeKey(projectId, already.key_id);
  const other = await workspace("bulk-other");
  const foreign = await other.admin.createKey(other.projectId, { name: "foreign" });
  const response = await admin.call("POST", `/api/v1/projects/${projectId}/keys/bulk-revoke`, {
    body: { key_ids: [...keys.map((k) => k.key_id), already.key_id, project.default_key.key_id, foreign.key_id, "not-a-uuid"] },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  const statuses = Object.fromEntries(response.body.results.map((r: { key_id: string; status: string }) => [r.key_id, r.status]));
  expect(statuses).toEqual({
    [keys[0]!.key_id]: "revoked",
    [keys[1]!.key_id]: "revoked",
    [keys[2]!.key_id]: "revoked",
    [already.key_id]: "already_revoked",
    [project.default_key.key_id]: "refused",
    [foreign.key_id]: "not_found",
    "not-a-uuid": "not_found",
  });
  for (const r of response.body.results) expect(r.detail).toBeTruthy();
  for (const k of keys) expect((await verify(k.key)).status).toBe(401);
  expect((await verify(foreign.key)).status).toBe(200);
  expect((await verify(project.default_key.key)).status).toBe(200);
  const tooMany = Array.from({ length: 1001 }, () => keys[0]!.key_id);
  expectProblem(await admin.call("POST", `/api/v1/projects/${projectId}/keys/bulk-revoke`, { body: { key_ids: tooMany } }), 422, "validation_failed");
});

test("policies: each refuses with a problem that says its rule in words, and a change lists the keys that break it", async () => {
  const { admin, member, projectId } = await workspace("policies");
  const initial = await admin.call("GET", "/api/v1/workspace/policy");
  expect(initial.status).toBe(200);
  expect(initial.body).toMatchObject({ single_active_key: "off", require_expiry: { live: false, test: false }, leak_response: "revoke", violations: [] });
  expect((await member.call("GET", "/api/v1/workspace/policy")).status).toBe(200);
  const { violations: _v, ...policy } = initial.body;
  const put = (changes: Record<string, unknown>) => admin.call("PUT", "/api/v1/workspace/policy", { body: { ...policy, ...changes } });
  expectProblem(await member.call("PUT", "/api/v1/workspace/policy", { body: policy }), 403, "forbidden");

  const forever = await admin.createKey(projectId, { name: "forever", environment: "live" });
  const changed = await put({ require_expiry: { live: true, test: false }, max_lifetime_days: { live: 30, test: null } });
  expect(changed.status, JSON.stringify(changed.body)).toBe(200);
  // Nothing was revoked; the key that now breaks the policy is listed.
  expect((await verify(forever.key)).status).toBe(200);
  expect(changed.body.violations.filter((v: { key_id: string }) => v.key_id === forever.key_id).map((v: { policy: string }) => v.policy).sort()).toEqual([
    "max_lifetime_days",
    "require_expiry",
  ]);
  const noExpiry = expectProblem(await admin.call("POST", `/api/v1/projects/${projectId}/keys`, { body: { name: "no expiry", environment: "live" } }), 422, "validation_failed");
  expect(noExpiry.detail).toBe("Production keys must expire within 30 days in this workspace. Choose an expiry date.");
  expect(noExpiry.errors[0]).toMatchObject({ location: "expires_at" });
  const tooLong = expectProblem(
    await admin.call("POST", `/api/v1/projects/${projectId}/keys`, { body: { name: "too long", environment: "live", expires_at: new Date(Date.now() + 60 * 24 * HOUR).toISOString() } }),
    422,
    "validation_failed",
  );
  expect(tooLong.detail).toBe("Production keys must expire within 30 days in this workspace. Choose an earlier expiry.");
  expect((await admin.call("POST", `/api/v1/projects/${projectId}/keys`, { body: { name: "staging", environment: "test" } })).status).toBe(201);

  await put({ scopes: [{ name: "reports:read", description: "Read reports" }] });
  const unknownScope = expectProblem(
    await admin.call("POST", `/api/v1/projects/${projectId}/keys`, { body: { name: "scoped", environment: "test", scopes: ["reports:read", "flags:read"] } }),
    422,
    "validation_failed",
  );
  expect(unknownScope.detail).toBe("This workspace does not offer the scope flags:read. An admin can add scopes under Settings → Policies.");
  expect(unknownScope.errors.map((e) => e.location)).toEqual(["scopes.1"]);
  const dupes = expectProblem(await put({ scopes: [{ name: "a:b", description: "" }, { name: "a:b", description: "" }] }), 422, "validation_failed");
  expect(dupes.errors[0]).toMatchObject({ location: "body.scopes.1.name" });
  expectProblem(await put({ single_active_key: "sometimes" }), 422, "validation_failed");
  expectProblem(await put({ max_lifetime_days: { live: 0, test: null } }), 422, "validation_failed");
  const partial = expectProblem(await admin.call("PUT", "/api/v1/workspace/policy", { body: { single_active_key: "off" } }), 422, "validation_failed");
  expect(partial.errors.length).toBeGreaterThan(0);
});

test("single active key: one per project and environment, the roll's grace period the only overlap", async () => {
  const { admin, projectId } = await workspace("single");
  const { violations: _v, ...policy } = (await admin.call("GET", "/api/v1/workspace/policy")).body;
  expect((await admin.call("PUT", "/api/v1/workspace/policy", { body: { ...policy, single_active_key: "project_environment" } })).status).toBe(200);
  const first = await admin.createKey(projectId, { name: "the one", environment: "live" });
  const refused = expectProblem(await admin.call("POST", `/api/v1/projects/${projectId}/keys`, { body: { name: "second", environment: "live" } }), 409, "conflict");
  expect(refused.detail).toContain("This workspace allows one active Production key per project");
  expect(refused.detail).toContain("the one");
  // Another environment is its own slot; the default key never counts.
  expect((await admin.call("POST", `/api/v1/projects/${projectId}/keys`, { body: { name: "staging one", environment: "test" } })).status).toBe(201);
  // The hot-swap window: a roll makes two active keys until the grace period ends.
  const rolled = await admin.call("POST", keyPath(projectId, first.key_id, "/roll"), { body: { grace_period: "1h" } });
  expect(rolled.status).toBe(201);
  expect((await verify(first.key)).status).toBe(200);
  expect((await verify(rolled.body.key)).status).toBe(200);
  expectProblem(await admin.call("POST", `/api/v1/projects/${projectId}/keys`, { body: { name: "third", environment: "live" } }), 409, "conflict");
  // Workspace-wide: one active key in the whole workspace.
  expect((await admin.call("PUT", "/api/v1/workspace/policy", { body: { ...policy, single_active_key: "workspace" } })).status).toBe(200);
  const other = await admin.createProject("single other");
  expectProblem(await admin.call("POST", `/api/v1/projects/${other.project_id}/keys`, { body: { name: "elsewhere", environment: "test" } }), 409, "conflict");
});

test("50 concurrent creates under single_active_key: exactly one key, the rest 409, no 5xx", async () => {
  const { admin, projectId } = await workspace("race");
  const { violations: _v, ...policy } = (await admin.call("GET", "/api/v1/workspace/policy")).body;
  expect((await admin.call("PUT", "/api/v1/workspace/policy", { body: { ...policy, single_active_key: "project_environment" } })).status).toBe(200);
  const responses = await Promise.all(
    Array.from({ length: 50 }, (_, i) => admin.call("POST", `/api/v1/projects/${projectId}/keys`, { body: { name: `racer ${i}`, environment: "live" } })),
  );
  const statuses = responses.map((r) => r.status);
  expect(statuses.filter((s) => s === 201)).toHaveLength(1);
  expect(statuses.filter((s) => s === 409)).toHaveLength(49);
  expect(statuses.filter((s) => s >= 500)).toEqual([]);
  const active = (await admin.listKeys(projectId, "?status=active")).body.filter((k: { is_admin_managed: boolean; environment: string }) => !k.is_admin_managed && k.environment === "live");
  expect(active).toHaveLength(1);
});
