// Usage per key against the real database: hourly series from the verification log, daily
// series and sparklines from the daily counts, the overview's leaders, and a key's impact.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createApiKey,
  createIdentity,
  getIdentityUsageSeries,
  getKeyImpact,
  getUsageSeries,
  getUsageOverview,
  getUsageSparklines,
  recordUsage,
  recordVerification,
} from "@/lib/data";
import { newWorkspace } from "@/test/fixtures";

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** `count` verifications of a key at `at`, recorded as the verify route records them. */
function verifications(keyId: string, at: number, count: number, status = 200) {
  for (let i = 0; i < count; i++) {
    recordVerification({ at, requestId: `req_${randomUUID().replace(/-/g, "")}`, keyId, status, code: null, reason: null, ip: "192.0.2.7", userAgent: "test" });
    recordUsage(keyId, status === 200, at);
  }
}

describe("usage series", () => {
  it("counts valid and invalid verifications per hour for the last 24 hours, every hour present", async () => {
    const { workspace, project, caller } = await newWorkspace("Usage");
    const { apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "charted" } });
    const now = Date.now();
    verifications(apiKey.id, now - 2 * HOUR, 3);
    verifications(apiKey.id, now - 2 * HOUR, 2, 401);
    verifications(apiKey.id, now, 4);
    verifications(apiKey.id, now - 30 * HOUR, 9); // outside the window
    const series = await getUsageSeries(workspace.id, { keyId: apiKey.id, granularity: "hour" }, new Date(now));
    expect(series).toHaveLength(24);
    expect(new Date(series.at(-1)!.at).getTime()).toBe(Math.floor(now / HOUR) * HOUR);
    const at = (time: number) => series.find((p) => p.at === new Date(Math.floor(time / HOUR) * HOUR).toISOString());
    expect(at(now - 2 * HOUR)).toMatchObject({ valid: 3, invalid: 2 });
    expect(at(now)).toMatchObject({ valid: 4, invalid: 0 });
    expect(series.reduce((sum, p) => sum + p.valid + p.invalid, 0)).toBe(9);

    const days = await getUsageSeries(workspace.id, { keyId: apiKey.id, granularity: "day" }, new Date(now));
    expect(days).toHaveLength(30);
    expect(days.reduce((sum, p) => sum + p.valid, 0)).toBe(16);
    expect(days.reduce((sum, p) => sum + p.invalid, 0)).toBe(2);
    // Another workspace sees nothing of it.
    const other = await newWorkspace("Other");
    const foreign = await getUsageSeries(other.workspace.id, { keyId: apiKey.id, granularity: "day" }, new Date(now));
    expect(foreign.every((p) => p.valid === 0 && p.invalid === 0)).toBe(true);
  });

  it("sums an identity's keys per day, and only its keys", async () => {
    const { workspace, project, caller } = await newWorkspace("Identity usage");
    const identity = await createIdentity(caller, { input: { externalId: "cust_usage", name: null, meta: {}, credits: null, rateLimit: null } });
    const input = (name: string, identityId: string | null) => ({ projectId: project.id, input: { name, identityId } });
    const { apiKey: first } = await createApiKey(caller, input("first", identity.id));
    const { apiKey: second } = await createApiKey(caller, input("second", identity.id));
    const { apiKey: stranger } = await createApiKey(caller, input("stranger", null));
    const now = Date.now();
    verifications(first.id, now, 4);
    verifications(second.id, now, 2);
    verifications(second.id, now, 3, 402);
    verifications(first.id, now - 2 * DAY, 5);
    verifications(stranger.id, now, 50);
    const days = await getIdentityUsageSeries(workspace.id, identity.id, new Date(now));
    expect(days).toHaveLength(30);
    expect(days.at(-1)).toMatchObject({ valid: 6, invalid: 3 });
    expect(days.at(-3)).toMatchObject({ valid: 5, invalid: 0 });
    expect(days.reduce((sum, p) => sum + p.valid + p.invalid, 0)).toBe(14);
    const other = await newWorkspace("Not theirs");
    const foreign = await getIdentityUsageSeries(other.workspace.id, identity.id, new Date(now));
    expect(foreign.every((p) => p.valid === 0 && p.invalid === 0)).toBe(true);
  });

  it("draws 14-day sparklines for a page of keys in one query, oldest day first", async () => {
    const { workspace, project, caller } = await newWorkspace("Spark");
    const { apiKey: busy } = await createApiKey(caller, { projectId: project.id, input: { name: "busy" } });
    const { apiKey: quiet } = await createApiKey(caller, { projectId: project.id, input: { name: "quiet" } });
    const now = Date.now();
    verifications(busy.id, now, 5);
    verifications(busy.id, now - 3 * DAY, 2, 403);
    verifications(busy.id, now - 20 * DAY, 7);
    await getUsageSeries(workspace.id, { keyId: busy.id, granularity: "day" }); // flushes the counts
    const lines = await getUsageSparklines(workspace.id, [busy.id, quiet.id], new Date(now));
    expect(lines.get(busy.id)).toEqual([...Array(10).fill(0), 2, 0, 0, 5]);
    expect(lines.get(quiet.id)).toEqual(Array(14).fill(0));
  });
});

describe("overview and impact", () => {
  it("ranks the busiest keys and those with the most failures, over 24 hours and 30 days", async () => {
    const { workspace, project, caller } = await newWorkspace("Leaders");
    const keys = await Promise.all(["alpha", "bravo", "charlie"].map((name) => createApiKey(caller, { projectId: project.id, input: { name } })));
    const [alpha, bravo, charlie] = keys.map((k) => k.apiKey);
    const now = Date.now();
    verifications(alpha!.id, now, 10);
    verifications(bravo!.id, now, 3, 401);
    verifications(bravo!.id, now, 1);
    verifications(charlie!.id, now - 5 * DAY, 50);
    const overview = await getUsageOverview(workspace.id, new Date(now));
    expect(overview.day.busiest.map((l) => l.name)).toEqual(["alpha", "bravo"]);
    expect(overview.day.failing.map((l) => [l.name, l.invalid])).toEqual([["bravo", 3]]);
    expect(overview.month.busiest.map((l) => l.name)).toEqual(["charlie", "alpha", "bravo"]);
    expect(overview.month.busiest[0]).toMatchObject({ valid: 50, invalid: 0, start: charlie!.start });
  });

  it("tells what a revoke would cut off: the last 24 hours and the last use", async () => {
    const { workspace, project, caller } = await newWorkspace("Impact");
    const { apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "in use" } });
    expect(await getKeyImpact(workspace.id, apiKey.id)).toEqual({ valid: 0, invalid: 0, lastUsedAt: null });
    const now = Date.now();
    verifications(apiKey.id, now - HOUR, 6);
    verifications(apiKey.id, now - HOUR, 1, 429);
    verifications(apiKey.id, now - 2 * DAY, 8);
    const impact = await getKeyImpact(workspace.id, apiKey.id, new Date(now));
    expect(impact).toMatchObject({ valid: 6, invalid: 1 });
    expect(new Date(impact.lastUsedAt!).getTime()).toBe(now - HOUR);
    const other = await newWorkspace("Elsewhere");
    await expect(getKeyImpact(other.workspace.id, apiKey.id)).rejects.toMatchObject({ code: "not_found" });
  });
});
