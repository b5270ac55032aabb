// Deactivating and reactivating keys, and recoverable keys, in the data layer against the real
// database: what verification sees, what the listing and the DTO say, which refusals hold, what
// is audited, and that no sealed copy outlives a revocation or an expiry.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createApiKey,
  deactivateApiKey,
  getApiKeyOrThrow,
  getWorkspacePolicy,
  listApiKeys,
  listAuditEvents,
  listProjects,
  queueExpiryEvents,
  reactivateApiKey,
  revealApiKey,
  revokeApiKey,
  rollApiKey,
  setWorkspacePolicy,
  toApiKeyDto,
  type Caller,
} from "@/lib/data";
import { verifyApiKey } from "@/lib/verify";
import { dumpDatabase, newWorkspace } from "@/test/fixtures";

let db: pg.Client;
beforeAll(async () => {
  db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
});
afterAll(async () => db.end());

/** The stored sealed copy of a key, straight from the table. */
async function sealedCopy(keyId: string): Promise<string | null> {
  const { rows } = await db.query<{ sealed_key: string | null }>("SELECT sealed_key FROM api_keys WHERE id = $1", [keyId]);
  return rows[0]!.sealed_key;
}

async function setRecoverable(caller: Caller, value: "on" | "off") {
  const policy = await getWorkspacePolicy(caller.workspaceId);
  await setWorkspacePolicy(caller, { policy: { ...policy, recoverableKeys: value } });
}

const conflict = (detail: RegExp) => expect.objectContaining({ code: "conflict", detail: expect.stringMatching(detail) });

describe("deactivating and reactivating a key", () => {
  it("refuses the key with the same answer as a revoked one until it is reactivated, with everything it had", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const { key, apiKey } = await createApiKey(caller, {
      projectId: project.id,
      input: { name: "paused", scopes: ["flags:read"], rateLimit: { limit: 50, windowS: 60 }, allowedIps: ["127.0.0.1"] },
    });
    const { key: other, apiKey: otherKey } = await createApiKey(caller, { projectId: project.id, input: { name: "revoked" } });
    await revokeApiKey(caller, { keyId: otherKey.id });
    expect((await verifyApiKey(key, { clientIp: "127.0.0.1" })).valid).toBe(true);

    const deactivated = await deactivateApiKey(caller, { keyId: apiKey.id, projectId: project.id });
    const dto = toApiKeyDto(deactivated);
    expect(dto).toMatchObject({ status: "deactivated", is_active: false, revoked_at: null });
    expect(dto.deactivated_at).not.toBeNull();
    const refused = await verifyApiKey(key, { clientIp: "127.0.0.1" });
    const revoked = await verifyApiKey(other, { clientIp: "127.0.0.1" });
    expect(refused).toMatchObject({ valid: false, reason: "deactivated" });
    if (!refused.valid && !revoked.valid) expect(refused.detail).toBe(revoked.detail);
    // Again: nothing changes, nothing more is audited.
    await deactivateApiKey(caller, { keyId: apiKey.id });

    const listed = await listApiKeys(workspace.id, { projectId: project.id, status: "deactivated" });
    expect(listed.items.map((k) => k.id)).toEqual([apiKey.id]);
    const active = await listApiKeys(workspace.id, { projectId: project.id, status: "active" });
    expect(active.items.map((k) => k.id)).not.toContain(apiKey.id);
    const byName = await listApiKeys(workspace.id, { projectId: project.id, status: "deactivated", sort: "name" });
    expect(byName.items.map((k) => k.id)).toEqual([apiKey.id]);

    const reactivated = await reactivateApiKey(caller, { keyId: apiKey.id, projectId: project.id });
    expect(toApiKeyDto(reactivated)).toMatchObject({ status: "active", is_active: true, deactivated_at: null, scopes: ["flags:read"], rate_limit: { limit: 50, window_s: 60 }, allowed_ips: ["127.0.0.1"] });
    const verified = await verifyApiKey(key, { clientIp: "127.0.0.1", scopes: ["flags:read"] });
    expect(verified).toMatchObject({ valid: true, key: { id: apiKey.id, scopes: ["flags:read"] } });

    const audit = await listAuditEvents(workspace.id, { keyId: apiKey.id });
    expect(audit.map((e) => e.action)).toEqual(["api_key.reactivated", "api_key.deactivated", "api_key.created"]);
  });

  it("refuses the default key (409), and keeps revocation final (409)", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const [withDefault] = await listProjects(workspace.id);
    const keys = await listApiKeys(workspace.id, { projectId: withDefault!.id });
    const defaultKey = keys.items.find((k) => k.isAdminManaged)!;
    await expect(deactivateApiKey(caller, { keyId: defaultKey.id })).rejects.toEqual(conflict(/default key.*cannot be deactivated/));

    const { apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "final" } });
    await deactivateApiKey(caller, { keyId: apiKey.id });
    await revokeApiKey(caller, { keyId: apiKey.id });
    await expect(reactivateApiKey(caller, { keyId: apiKey.id })).rejects.toEqual(conflict(/revocation is final/));
    await expect(deactivateApiKey(caller, { keyId: apiKey.id })).rejects.toEqual(conflict(/revoked/));
    expect(toApiKeyDto(await getApiKeyOrThrow(workspace.id, apiKey.id)).status).toBe("revoked");
  });

  it("counts reactivating as activating under the single-active-key policy (409), and a deactivated key as inactive", async () => {
    const { project, caller } = await newWorkspace();
    const { apiKey: first } = await createApiKey(caller, { projectId: project.id, input: { name: "first" } });
    const policy = await getWorkspacePolicy(caller.workspaceId);
    await setWorkspacePolicy(caller, { policy: { ...policy, singleActiveKey: "project_environment" } });
    await deactivateApiKey(caller, { keyId: first.id });
    // Deactivated, it does not count: a second key may be created.
    const { apiKey: second } = await createApiKey(caller, { projectId: project.id, input: { name: "second" } });
    await expect(reactivateApiKey(caller, { keyId: first.id })).rejects.toEqual(conflict(/one active Production key per project.*“second” is active/));
    await deactivateApiKey(caller, { keyId: second.id });
    expect(toApiKeyDto(await reactivateApiKey(caller, { keyId: first.id })).status).toBe("active");
  });

  it("cannot roll a deactivated key", async () => {
    const { project, caller } = await newWorkspace();
    const { apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "paused" } });
    await deactivateApiKey(caller, { keyId: apiKey.id });
    await expect(rollApiKey(caller, { keyId: apiKey.id, grace: "none" })).rejects.toEqual(conflict(/deactivated key cannot be rolled/));
  });
});

describe("recoverable keys", () => {
  it("keeps nothing while the policy is off (the default): such a key can never be revealed", async () => {
    const { project, caller } = await newWorkspace();
    const { apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "plain" } });
    expect(await sealedCopy(apiKey.id)).toBeNull();
    expect(toApiKeyDto(apiKey).recoverable).toBe(false);
    await setRecoverable(caller, "on");
    await expect(revealApiKey(caller, { keyId: apiKey.id })).rejects.toEqual(conflict(/created while recoverable keys were off.*never be revealed/));
  });

  it("seals new keys while on, reveals them (audited with who and from where), and refuses while off", async () => {
    const { workspace, project, caller } = await newWorkspace();
    await setRecoverable(caller, "on");
    const { key, apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "recoverable" } });
    const sealed = await sealedCopy(apiKey.id);
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain(key.slice(8));
    expect(toApiKeyDto(apiKey).recoverable).toBe(true);
    // The key is in no row in the clear, sealed copy and all.
    expect(await dumpDatabase()).not.toContain(key);

    const from = { ...caller, requestId: "req_reveal_test", ip: "203.0.113.9" };
    expect((await revealApiKey(from, { keyId: apiKey.id, projectId: project.id })).key).toBe(key);
    const [revealed] = await listAuditEvents(workspace.id, { keyId: apiKey.id, action: "api_key.revealed" });
    expect(revealed).toMatchObject({ actorId: caller.actor.userId, ip: "203.0.113.9", requestId: "req_reveal_test" });
    expect(JSON.stringify(revealed)).not.toContain(key);

    await setRecoverable(caller, "off");
    await expect(revealApiKey(caller, { keyId: apiKey.id })).rejects.toEqual(conflict(/turned off.*until an admin turns them on again/));
    // The sealed copy is kept while off, and opens again once the policy is back on.
    expect(await sealedCopy(apiKey.id)).toBe(sealed);
    await setRecoverable(caller, "on");
    expect((await revealApiKey(caller, { keyId: apiKey.id })).key).toBe(key);
    // A deactivated key can still be revealed.
    await deactivateApiKey(caller, { keyId: apiKey.id });
    expect((await revealApiKey(caller, { keyId: apiKey.id })).key).toBe(key);
  });

  it("deletes the sealed copy when the key is revoked, or rolled with no grace period", async () => {
    const { project, caller } = await newWorkspace();
    await setRecoverable(caller, "on");
    const { apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "revoked" } });
    expect(await sealedCopy(apiKey.id)).not.toBeNull();
    await revokeApiKey(caller, { keyId: apiKey.id });
    expect(await sealedCopy(apiKey.id)).toBeNull();
    await expect(revealApiKey(caller, { keyId: apiKey.id })).rejects.toEqual(conflict(/revoked.*sealed copy was deleted/));

    const { apiKey: rolled } = await createApiKey(caller, { projectId: project.id, input: { name: "rolled" } });
    const { key: successorKey, apiKey: successor } = await rollApiKey(caller, { keyId: rolled.id, grace: "none" });
    expect(await sealedCopy(rolled.id)).toBeNull();
    // The successor is new, and recoverable as the policy stands.
    expect((await revealApiKey(caller, { keyId: successor.id })).key).toBe(successorKey);
  });

  it("deletes the sealed copy when the key expires, and refuses to reveal an expired key", async () => {
    const { project, caller } = await newWorkspace();
    await setRecoverable(caller, "on");
    const { apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "expiring", expiresAt: new Date(Date.now() + 60_000) } });
    expect(await sealedCopy(apiKey.id)).not.toBeNull();
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 61_000 });
    try {
      await expect(revealApiKey(caller, { keyId: apiKey.id })).rejects.toEqual(conflict(/expired.*never be revealed/));
      await queueExpiryEvents(new Date());
    } finally {
      vi.useRealTimers();
    }
    expect(await sealedCopy(apiKey.id)).toBeNull();
  });
});
