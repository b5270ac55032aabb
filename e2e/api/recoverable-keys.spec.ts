// Recoverable keys over the REST API: a workspace's choice (off by default); while on, an admin
// holding keys:reveal reveals a key (audited, never cached); keys:write alone is refused; keys
// created while off, revoked and expired keys, and every key while the policy is off, are 409s
// that say why. The key never shows in a list, an audit event or a webhook. After KEYPORT_SECRET
// is rotated with the old one as KEYPORT_SECRET_PREVIOUS, keys sealed before still reveal.
import { randomBytes } from "node:crypto";
import { ApiClient, expect, test } from "../support/api";
import { databaseUrl, dataDir, embedded } from "../support/env";
import { expectProblem } from "../support/problem";
import { startInstance } from "../support/server";
import { startReceiver } from "../support/webhook-receiver";
import { ownWorkspace } from "../support/tokens";

async function recoverableWorkspace(label: string, origin?: string) {
  const own = await ownWorkspace(label);
  const admin = new ApiClient(own.admin, origin);
  const policy = await admin.call("GET", "/api/v1/workspace/policy");
  expect(policy.body.recoverable_keys).toBe("off");
  const on = await admin.call("PUT", "/api/v1/workspace/policy", { body: { ...policy.body, recoverable_keys: "on" } });
  expect(on.body.recoverable_keys).toBe("on");
  const { project_id } = await admin.createProject();
  return { own, admin, project_id, policy: on.body as Record<string, unknown> };
}

const revealPath = (projectId: string, keyId: string) => `/api/v1/projects/${projectId}/keys/${keyId}/reveal`;

test("an admin reveals a recoverable key: no-store, audited with who and from where, and never in a list, the audit log or a webhook", async () => {
  const { own, admin, project_id } = await recoverableWorkspace("reveal");
  const hook = await startReceiver(`/hooks/${randomBytes(4).toString("hex")}`);
  try {
    const endpoint = await admin.call("POST", "/api/v1/webhooks", { body: { url: hook.url, events: ["key.created", "key.deactivated"] } });
    expect(endpoint.status).toBe(201);
    hook.secret = endpoint.body.secret;
    const key = await admin.createKey(project_id, { name: "recoverable" });
    expect(key.recoverable).toBe(true);
    const revealed = await admin.call("POST", revealPath(project_id, key.key_id));
    expect(revealed.status, JSON.stringify(revealed.body)).toBe(200);
    expect(revealed.body).toEqual({ key_id: key.key_id, key: key.key });
    expect(revealed.headers.get("cache-control")).toBe("no-store");
    const audited = await admin.call("GET", `/api/v1/audit-events?key_id=${key.key_id}&action=api_key.revealed`);
    expect(audited.body).toEqual([
      expect.objectContaining({
        actor: { id: "user_local_ada", name: "Ada Lovelace", type: "user" },
        ip: "127.0.0.1",
        request_id: revealed.headers.get("request-id"),
      }),
    ]);
    expect(audited.body[0].created_at).toBeTruthy();
    expect((await admin.call("POST", `/api/v1/projects/${project_id}/keys/${key.key_id}/deactivate`)).status).toBe(200);
    const received = await hook.waitFor((events) => events.length >= 2);
    const everywhere = JSON.stringify([
      (await admin.listKeys(project_id)).body,
      (await admin.call("GET", "/api/v1/audit-events")).body,
      await fetch(`${admin.origin}/api/v1/audit-events/export`, { headers: { authorization: `Bearer ${own.admin}` } }).then((r) => r.text()),
      received,
    ]);
    expect(everywhere).toContain(key.key_id);
    expect(everywhere).not.toContain(key.key);
    // Deactivated, it can still be revealed; a member cannot reveal at all.
    expect((await admin.call("POST", revealPath(project_id, key.key_id))).body.key).toBe(key.key);
    expectProblem(await new ApiClient(own.member).call("POST", revealPath(project_id, key.key_id)), 403, "forbidden");
  } finally {
    await hook.close();
  }
});

test("revealing needs keys:reveal: a management key with keys:write (and everything else) is refused with 403", async () => {
  const { admin, project_id } = await recoverableWorkspace("reveal-permission");
  const key = await admin.createKey(project_id, { name: "guarded" });
  const make = async (permissions: string[]) => {
    const created = await admin.call("POST", "/api/v1/management-keys", { body: { name: "reveal", permissions } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return new ApiClient(created.body.key as string);
  };
  const writer = await make(["keys:read", "keys:write", "projects:read", "audit:read"]);
  const refused = expectProblem(await writer.call("POST", revealPath(project_id, key.key_id)), 403, "forbidden");
  expect(refused.detail).toContain("keys:reveal");
  expect(JSON.stringify(refused)).not.toContain(key.key);
  const revealer = await make(["keys:reveal"]);
  const revealed = await revealer.call("POST", revealPath(project_id, key.key_id));
  expect(revealed.body.key).toBe(key.key);
  const audited = await admin.call("GET", `/api/v1/audit-events?key_id=${key.key_id}&action=api_key.revealed`);
  expect(audited.body).toEqual([expect.objectContaining({ actor: expect.objectContaining({ type: "management_key", name: "reveal" }) })]);
});

test("keys created while the policy was off, revoked and expired keys, and every key while it is off, are 409s that say why", async () => {
  const own = await ownWorkspace("reveal-refusals");
  const admin = new ApiClient(own.admin);
  const { project_id } = await admin.createProject();
  const before = await admin.createKey(project_id, { name: "before" });
  expect(before.recoverable).toBe(false);
  const policy = (await admin.call("GET", "/api/v1/workspace/policy")).body;
  expect((await admin.call("PUT", "/api/v1/workspace/policy", { body: { ...policy, recoverable_keys: "on" } })).status).toBe(200);
  expect(expectProblem(await admin.call("POST", revealPath(project_id, before.key_id)), 409, "conflict").detail).toMatch(/created while recoverable keys were off.*never be revealed/);

  const revoked = await admin.createKey(project_id, { name: "revoked" });
  expect((await admin.revokeKey(project_id, revoked.key_id)).status).toBe(200);
  expect(expectProblem(await admin.call("POST", revealPath(project_id, revoked.key_id)), 409, "conflict").detail).toMatch(/revoked.*sealed copy was deleted/);
  expect((await admin.listKeys(project_id, "?status=revoked")).body[0]).toMatchObject({ key_id: revoked.key_id, recoverable: false });

  const expiring = await admin.createKey(project_id, { name: "expiring", expires_at: new Date(Date.now() + 1500).toISOString() });
  expect(expiring.recoverable).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 1600));
  expect(expectProblem(await admin.call("POST", revealPath(project_id, expiring.key_id)), 409, "conflict").detail).toMatch(/expired.*never be revealed/);

  const kept = await admin.createKey(project_id, { name: "kept" });
  expect((await admin.call("PUT", "/api/v1/workspace/policy", { body: { ...policy, recoverable_keys: "off" } })).status).toBe(200);
  expect(expectProblem(await admin.call("POST", revealPath(project_id, kept.key_id)), 409, "conflict").detail).toMatch(/turned off.*until an admin turns them on again/);
  const unsealed = await admin.createKey(project_id, { name: "made while off" });
  expect((await admin.call("PUT", "/api/v1/workspace/policy", { body: { ...policy, recoverable_keys: "on" } })).status).toBe(200);
  expect((await admin.call("POST", revealPath(project_id, kept.key_id))).body.key).toBe(kept.key);
  expectProblem(await admin.call("POST", revealPath(project_id, unsealed.key_id)), 409, "conflict");
  // A policy PUT that leaves recoverable_keys out keeps it as it is.
  const { recoverable_keys: _left, ...withoutIt } = policy;
  expect((await admin.call("PUT", "/api/v1/workspace/policy", { body: withoutIt })).body.recoverable_keys).toBe("on");
});

test("after KEYPORT_SECRET is rotated, with the old secret as KEYPORT_SECRET_PREVIOUS, keys sealed before still reveal", async () => {
  test.setTimeout(120_000);
  const { own, admin, project_id } = await recoverableWorkspace("reveal-rotation");
  const sealedBefore = await admin.createKey(project_id, { name: "sealed before" });
  // The suite's secret: playwright.config.ts gives its server and every instance one.
  const previous = process.env.KEYPORT_SECRET!;
  const rotated = await startInstance({
    DATABASE_URL: databaseUrl,
    KEYPORT_DATA_DIR: dataDir,
    KEYPORT_LOG_REQUESTS: "0",
    KEYPORT_WEBHOOK_WORKER: "0",
    KEYPORT_SECRET: randomBytes(32).toString("base64"),
    KEYPORT_SECRET_PREVIOUS: previous,
    ...(embedded ? { KEYPORT_EMBEDDED: "1" } : {}),
  });
  try {
    const onRotated = new ApiClient(own.admin, rotated.origin);
    expect((await onRotated.call("POST", revealPath(project_id, sealedBefore.key_id))).body.key).toBe(sealedBefore.key);
    // New keys are sealed under the new secret: the rotated instance opens them, the old one cannot.
    const sealedAfter = await onRotated.createKey(project_id, { name: "sealed after" });
    expect((await onRotated.call("POST", revealPath(project_id, sealedAfter.key_id))).body.key).toBe(sealedAfter.key);
    const old = expectProblem(await admin.call("POST", revealPath(project_id, sealedAfter.key_id)), 409, "conflict");
    expect(old.detail).toMatch(/KEYPORT_SECRET_PREVIOUS/);
  } finally {
    await rotated.stop();
  }
});
