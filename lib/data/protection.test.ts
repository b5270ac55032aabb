// Key protections in the data layer: stored rate limits and allowlists, verification from
// allowed and refused addresses, and leak reports (revoke or flag, once, audited each time).
import { describe, expect, it } from "vitest";
import {
  acknowledgeLeak,
  applyLeakReport,
  countUnacknowledgedLeaks,
  createApiKey,
  getApiKeyOrThrow,
  listAuditEvents,
  getWorkspacePolicy,
  setWorkspacePolicy,
  toApiKeyDto,
  toApiKeyRow,
} from "@/lib/data";
import { verifyApiKey } from "@/lib/verify";
import { newWorkspace } from "@/test/fixtures";

const report = (token: string, url = "https://example.com/leak") => ({ token, type: "keyport_api_key", url, source: "content" });

describe("rate limits and allowlists on keys", () => {
  it("stores both, canonical, and shows them in the API and the table", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const { apiKey } = await createApiKey(caller, {
      projectId: project.id,
      input: {
        name: "protected",
        rateLimit: { limit: 100, windowS: 60 },
        allowedIps: ["10.0.0.0/8", "2001:DB8::/32", "::ffff:192.0.2.1", "10.0.0.0/8"],
      },
    });
    expect(toApiKeyDto(apiKey)).toMatchObject({
      rate_limit: { limit: 100, window_s: 60 },
      allowed_ips: ["10.0.0.0/8", "2001:db8::/32", "192.0.2.1"],
    });
    expect(toApiKeyRow(apiKey)).toMatchObject({ rateLimit: { limit: 100, windowS: 60 }, allowedIps: ["10.0.0.0/8", "2001:db8::/32", "192.0.2.1"] });
    const audit = await listAuditEvents(workspace.id, { keyId: apiKey.id, action: "api_key.created" });
    expect(audit[0]?.metadata).toMatchObject({ rateLimit: 100, rateLimitWindowS: 60, allowedIps: "10.0.0.0/8, 2001:db8::/32, 192.0.2.1" });
  });

  it("refuses more than 100 entries and bad entries before writing anything", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const many = Array.from({ length: 101 }, (_, i) => `10.0.0.${i}`);
    await expect(createApiKey(caller, { projectId: project.id, input: { name: "too many", allowedIps: many } })).rejects.toThrow(/at most 100/);
    await expect(createApiKey(caller, { projectId: project.id, input: { name: "bad", allowedIps: ["10.0.0.256"] } })).rejects.toThrow(/not an IP address/);
    await expect(createApiKey(caller, { projectId: project.id, input: { name: "zero", rateLimit: { limit: 0, windowS: 60 } } })).rejects.toThrow();
    // Only the default key of the workspace's first project exists.
    expect(await listAuditEvents(workspace.id, { action: "api_key.created" })).toHaveLength(1);
  });

  it("verifies from an allowed address, IPv4 or IPv6 or mapped, and refuses others naming the address", async () => {
    const { project, caller } = await newWorkspace();
    const { key } = await createApiKey(caller, { projectId: project.id, input: { name: "listed", allowedIps: ["192.0.2.0/24", "2001:db8::/32"] } });
    expect((await verifyApiKey(key, { clientIp: "192.0.2.10" })).valid).toBe(true);
    expect((await verifyApiKey(key, { clientIp: "::ffff:192.0.2.10" })).valid).toBe(true);
    expect((await verifyApiKey(key, { clientIp: "2001:db8:1::5" })).valid).toBe(true);
    const refused = await verifyApiKey(key, { clientIp: "198.51.100.1" });
    expect(refused).toMatchObject({ valid: false, reason: "ip_not_allowed" });
    if (refused.valid) throw new Error("unreachable");
    expect(refused.detail).toContain("198.51.100.1");
    expect(refused.detail).not.toContain("192.0.2.0");
    expect(await verifyApiKey(key, { clientIp: null })).toMatchObject({ valid: false, reason: "ip_not_allowed" });
    expect(await verifyApiKey(key, { clientIp: "not an ip" })).toMatchObject({ valid: false, reason: "ip_not_allowed" });
  });
});

describe("applyLeakReport", () => {
  it("revokes a reported key once, audits every report, and labels the rest false positives", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const { key, apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "leaked" } });
    expect((await verifyApiKey(key)).valid).toBe(true);
    const verdicts = await applyLeakReport([report(key, "https://a.example"), report("fp_live_nope"), report(key, "https://b.example")]);
    expect(verdicts.map((v) => v.label)).toEqual(["true_positive", "false_positive", "true_positive"]);
    expect(verdicts[1]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyApiKey(key)).toMatchObject({ valid: false, reason: "revoked" });
    const events = await listAuditEvents(workspace.id, { keyId: apiKey.id, action: "api_key.leaked" });
    expect(events.map((e) => (e.metadata as { action: string; url: string }).action).sort()).toEqual(["already_revoked", "revoked"]);
    expect(events.map((e) => (e.metadata as { url: string }).url).sort()).toEqual(["https://a.example", "https://b.example"]);
    const stored = await getApiKeyOrThrow(workspace.id, apiKey.id);
    expect(stored.revokedById).toBe("secret-scanning");
    expect(toApiKeyRow(stored).leak).toMatchObject({ url: "https://b.example" });
  });

  it("stores where a leak was found even when the scanner's text holds NUL or lone surrogates", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const { key, apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "odd report" } });
    const verdicts = await applyLeakReport([{ token: key, type: "t\u0000", url: "https://x.example/\u0000a\ud800b", source: "\udfffsrc" }]);
    expect(verdicts[0]).toMatchObject({ label: "true_positive", type: "t\u0000" });
    const [event] = await listAuditEvents(workspace.id, { keyId: apiKey.id, action: "api_key.leaked" });
    expect(event?.metadata).toMatchObject({ url: "https://x.example/a\ufffdb", source: "\ufffdsrc", type: "t" });
  });

  it("only flags under the `flag` response", async () => {
    const { workspace, project, caller } = await newWorkspace();
    await setWorkspacePolicy(caller, { policy: { ...(await getWorkspacePolicy(workspace.id)), leakResponse: "flag" } });
    const { key, apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "flag me" } });
    await applyLeakReport([report(key)]);
    expect((await verifyApiKey(key)).valid).toBe(true);
    const [event] = await listAuditEvents(workspace.id, { keyId: apiKey.id, action: "api_key.leaked" });
    expect(event?.metadata).toMatchObject({ action: "flagged" });
    expect(toApiKeyRow(await getApiKeyOrThrow(workspace.id, apiKey.id))).toMatchObject({ status: "active", leak: { url: "https://example.com/leak" } });
  });

  it("shows the leak until an admin acknowledges it, and again after a new report", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const { key, apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "ack" } });
    expect(await countUnacknowledgedLeaks(workspace.id)).toBe(0);
    await expect(acknowledgeLeak(caller, { keyId: apiKey.id })).rejects.toThrow(/No leak/);
    await applyLeakReport([report(key)]);
    expect(await countUnacknowledgedLeaks(workspace.id)).toBe(1);
    const acknowledged = await acknowledgeLeak(caller, { keyId: apiKey.id });
    expect(toApiKeyRow(acknowledged).leak).toBeNull();
    expect(await countUnacknowledgedLeaks(workspace.id)).toBe(0);
    await new Promise((r) => setTimeout(r, 5));
    await applyLeakReport([report(key)]);
    expect(await countUnacknowledgedLeaks(workspace.id)).toBe(1);
    expect((await listAuditEvents(workspace.id, { keyId: apiKey.id, action: "api_key.leak_acknowledged" })).length).toBe(1);
  });
});
