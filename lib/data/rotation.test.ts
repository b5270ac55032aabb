// Rotation in the data layer, with a test clock: the old key stops at the exact instant its
// grace period ends. Also what rolls, edits, bulk revokes and policy changes leave in the
// audit trail.
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  bulkRevokeApiKeys,
  createApiKey,
  getApiKeyOrThrow,
  getWorkspacePolicy,
  listAuditEvents,
  rollApiKey,
  setWorkspacePolicy,
  updateApiKey,
} from "@/lib/data";
import { verifyApiKey } from "@/lib/verify";
import { newWorkspace } from "@/test/fixtures";

afterEach(() => {
  vi.useRealTimers();
});

describe("rollApiKey", () => {
  for (const [grace, ms] of [
    ["1h", 3_600_000],
    ["24h", 86_400_000],
    ["7d", 7 * 86_400_000],
  ] as const) {
    it(`keeps the old key working for ${grace}, to the millisecond`, async () => {
      const { workspace, project, caller } = await newWorkspace();
      const { key: oldKey, apiKey: old } = await createApiKey(caller, { projectId: project.id, input: { name: `grace ${grace}` } });
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
      const rolledAt = Date.now();
      const { key: newKey, apiKey } = await rollApiKey(caller, { keyId: old.id, grace });
      expect(apiKey.rolledFromId).toBe(old.id);
      const previous = await getApiKeyOrThrow(workspace.id, old.id);
      expect(previous.rolledToId).toBe(apiKey.id);
      expect(previous.expiresAt!.getTime()).toBe(rolledAt + ms);
      vi.setSystemTime(rolledAt + ms - 1);
      expect((await verifyApiKey(oldKey)).valid).toBe(true);
      vi.setSystemTime(rolledAt + ms);
      expect(await verifyApiKey(oldKey)).toMatchObject({ valid: false, reason: "expired" });
      expect((await verifyApiKey(newKey)).valid).toBe(true);
    });
  }

  it("never extends a lifetime: the old key stops at its own expiry if that comes first", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const expiresAt = new Date(Date.now() + 3_600_000);
    const { apiKey: old } = await createApiKey(caller, { projectId: project.id, input: { name: "short", expiresAt } });
    const { apiKey } = await rollApiKey(caller, { keyId: old.id, grace: "7d" });
    expect(apiKey.expiresAt).toEqual(expiresAt);
    expect((await getApiKeyOrThrow(workspace.id, old.id)).expiresAt).toEqual(expiresAt);
  });

  it("records the roll once, with the grace period and the successor", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const { apiKey: old } = await createApiKey(caller, { projectId: project.id, input: { name: "audited roll" } });
    const results = await Promise.allSettled([
      rollApiKey(caller, { keyId: old.id, grace: "24h" }),
      rollApiKey(caller, { keyId: old.id, grace: "24h" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(String(rejected.reason)).toMatch(/already rolled/);
    const events = await listAuditEvents(workspace.id, { keyId: old.id, action: "api_key.rolled" });
    expect(events).toHaveLength(1);
    expect(events[0]!.metadata).toMatchObject({ grace: "24h" });
  });
});

describe("audit trail of edits, bulk revokes and policy changes", () => {
  it("records what changed, and nothing when nothing did", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const { apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "before", scopes: ["flags:read"] } });
    await updateApiKey(caller, { keyId: apiKey.id, changes: { name: "after", scopes: ["flags:read"], rateLimit: null, allowedIps: [] } });
    await updateApiKey(caller, { keyId: apiKey.id, changes: { name: "after" } });
    const events = await listAuditEvents(workspace.id, { keyId: apiKey.id, action: "api_key.updated" });
    expect(events).toHaveLength(1);
    expect(events[0]!.metadata).toMatchObject({ changed: "name" });
  });

  it("audits each key of a bulk revoke on its own", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const keys = await Promise.all([1, 2].map((i) => createApiKey(caller, { projectId: project.id, input: { name: `bulk ${i}` } })));
    const results = await bulkRevokeApiKeys(caller, { keyIds: keys.map((k) => k.apiKey.id) });
    expect(results.map((r) => r.status)).toEqual(["revoked", "revoked"]);
    for (const k of keys) {
      const [event] = await listAuditEvents(workspace.id, { keyId: k.apiKey.id, action: "api_key.revoked" });
      expect(event?.metadata).toMatchObject({ bulk: true });
    }
  });

  it("audits a policy change with what changed, and never revokes", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const { key } = await createApiKey(caller, { projectId: project.id, input: { name: "kept" } });
    const policy = await getWorkspacePolicy(workspace.id);
    const { violations } = await setWorkspacePolicy(caller, { policy: { ...policy, requireExpiry: { live: true, test: true } } });
    expect(violations.map((v) => v.policy)).toEqual(["require_expiry"]);
    expect((await verifyApiKey(key)).valid).toBe(true);
    const [event] = await listAuditEvents(workspace.id, { action: "workspace.policy_changed" });
    expect(event?.metadata).toMatchObject({ changed: "requireExpiry" });
  });
});
