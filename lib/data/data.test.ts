// Integration tests of the data layer against a real PostgreSQL (DATABASE_URL) or the
// embedded one. No mocks: every call goes through the data layer's front door.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { generateKey } from "@/lib/keys/token";
import {
  addSampleAuditEvents,
  addSampleKeys,
  createApiKey,
  createProject,
  flushUsage,
  getApiKeyOrThrow,
  getKeyUsage,
  listApiKeys,
  listAuditEvents,
  listProjects,
  recordUsage,
  revokeApiKey,
  getWorkspacePolicy,
  setActiveKeyCap,
  setWorkspacePolicy,
  toApiKeyDto,
  toApiKeyRow,
} from "@/lib/data";
import { verifyApiKey } from "@/lib/verify";
import { captureLogs, dumpDatabase, newWorkspace, sleep } from "@/test/fixtures";

async function expectAppError(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
}

describe("createApiKey", () => {
  it("returns the plaintext once and stores only its hash and start", async () => {
    const { project, admin, caller } = await newWorkspace();
    const { key, apiKey } = await createApiKey(caller, {
      projectId: project.id,
      input: {
        name: "Production API Key",
        environment: "live",
        description: "iOS app",
      },
    });
    expect(key).toMatch(/^fp_live_[0-9A-Za-z]{36}$/);
    expect(apiKey.start).toBe(key.slice(0, 16));
    expect(apiKey).not.toHaveProperty("hash");
    expect(apiKey).toMatchObject({ name: "Production API Key", projectId: project.id, createdByName: admin.userName });
    const dto = toApiKeyDto(apiKey);
    expect(JSON.stringify(dto)).not.toContain(key);
    expect(toApiKeyRow(apiKey).status).toBe("active");
  });

  it("creates workspace-wide keys and validates input with the shared schema", async () => {
    const { project, caller } = await newWorkspace();
    const { apiKey } = await createApiKey(caller, {
      projectId: project.id,
      input: {
        name: "server_prod",
        allProjects: true,
        scopes: ["flags:read", "flags:read"],
      },
    });
    expect(apiKey.projectId).toBeNull();
    expect(apiKey.environment).toBe("live"); // the default, as in the Create dialog
    expect(apiKey.scopes).toEqual(["flags:read"]);
    await expect(createApiKey(caller, { projectId: project.id, input: { name: "bad/name" } })).rejects.toThrow();
    await expect(createApiKey(caller, { projectId: project.id, input: { name: "x".repeat(65) } })).rejects.toThrow();
  });

  it("writes an audit event in the same transaction, with the request id", async () => {
    const { workspace, project, admin, caller } = await newWorkspace();
    const requestId = `req_${randomUUID().replace(/-/g, "")}`;
    const { apiKey } = await createApiKey({ ...caller, requestId, ip: "127.0.0.1" }, { projectId: project.id, input: { name: "audited" } });
    const events = await listAuditEvents(workspace.id, { keyId: apiKey.id });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "api_key.created", requestId, ip: "127.0.0.1", actorId: admin.userId });
  });

  it("enforces the workspace's key policy", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const policy = await getWorkspacePolicy(workspace.id);
    await setWorkspacePolicy(caller, { policy: { ...policy, maxLifetimeDays: { live: 30, test: 30 } } });
    await setActiveKeyCap(workspace.id, 2);
    await expectAppError(createApiKey(caller, { projectId: project.id, input: { name: "forever" } }), "validation_failed");
    const soon = new Date(Date.now() + 86_400_000);
    await createApiKey(caller, { projectId: project.id, input: { name: "ok", expiresAt: soon } });
    // The project's default key plus this one make two: the limit.
    await expectAppError(createApiKey(caller, { projectId: project.id, input: { name: "third", expiresAt: soon } }), "conflict");
  });
});

describe("tenancy: every function refuses another workspace's ids", () => {
  it("answers 404 for a project or key of another workspace", async () => {
    const acme = await newWorkspace("Acme");
    const globex = await newWorkspace("Globex");
    const { apiKey } = await createApiKey(globex.caller, { projectId: globex.project.id, input: { name: "globex" } });

    await expectAppError(createApiKey(acme.caller, { projectId: globex.project.id, input: { name: "x" } }), "not_found");
    await expectAppError(listApiKeys(acme.workspace.id, { projectId: globex.project.id }), "not_found");
    await expectAppError(getApiKeyOrThrow(acme.workspace.id, apiKey.id), "not_found");
    await expectAppError(revokeApiKey(acme.caller, { keyId: apiKey.id }), "not_found");
    await expectAppError(getApiKeyOrThrow(acme.workspace.id, "not-a-uuid"), "not_found");
    expect(await getKeyUsage(acme.workspace.id, apiKey.id)).toEqual([]);
    expect((await listProjects(acme.workspace.id)).map((p) => p.id)).not.toContain(globex.project.id);
    // The key is untouched.
    expect((await getApiKeyOrThrow(globex.workspace.id, apiKey.id)).revokedAt).toBeNull();
  });

  it("keeps a project's key out of another project's listing, but shows workspace-wide keys", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const { project: other } = await createProject(caller, { input: { name: "Other" } });
    const own = await createApiKey(caller, { projectId: other.id, input: { name: "other_only" } });
    const wide = await createApiKey(caller, { projectId: other.id, input: { name: "everywhere", allProjects: true } });
    const names = (await listApiKeys(workspace.id, { projectId: project.id })).items.map((k) => k.name);
    expect(names).toContain("everywhere");
    expect(names).not.toContain("other_only");
    await expectAppError(getApiKeyOrThrow(workspace.id, own.apiKey.id, { projectId: project.id }), "not_found");
    expect((await getApiKeyOrThrow(workspace.id, wide.apiKey.id, { projectId: project.id })).id).toBe(wide.apiKey.id);
  });
});

describe("projects and their default key", () => {
  it("creates a project with a default key named {projectId}_default_{suffix}", async () => {
    const { caller } = await newWorkspace();
    const { project, defaultKey } = await createProject(caller, { input: { name: "Mobile App" } });
    expect(project.slug).toBe("mobile-app");
    expect(defaultKey.apiKey.name).toMatch(new RegExp(`^${project.id}_default_\\d{6}$`));
    expect(defaultKey.apiKey.isAdminManaged).toBe(true);
    expect((await verifyApiKey(defaultKey.key)).valid).toBe(true);
    const second = await createProject(caller, { input: { name: "Mobile App" } });
    expect(second.project.slug).toBe("mobile-app-2");
  });

  it("refuses to revoke the default key", async () => {
    const { workspace, caller } = await newWorkspace();
    const { defaultKey } = await createProject(caller, { input: { name: "P" } });
    await expectAppError(revokeApiKey(caller, { keyId: defaultKey.apiKey.id }), "conflict");
    expect((await getApiKeyOrThrow(workspace.id, defaultKey.apiKey.id)).revokedAt).toBeNull();
    expect((await verifyApiKey(defaultKey.key)).valid).toBe(true);
  });
});

describe("addSampleKeys (the benchmark's keys in bulk)", () => {
  it("issues keys that verify in their project and are listed there, storing only their hashes", async () => {
    const { workspace, project, admin } = await newWorkspace();
    const keys = await addSampleKeys(workspace.id, project.id, 6, admin);
    expect(new Set(keys).size).toBe(6);
    for (const key of keys) {
      const outcome = await verifyApiKey(key, { appId: project.id });
      expect(outcome.valid, key).toBe(true);
    }
    const listed = await listApiKeys(workspace.id, { projectId: project.id, q: "sample" });
    expect(listed.items.map((k) => k.environment).sort()).toEqual(["live", "live", "live", "test", "test", "test"]);
    expect(JSON.stringify(await dumpDatabase())).not.toContain(keys[0]!);
  });
});

describe("addSampleAuditEvents (the benchmark's audit log in bulk)", () => {
  it("writes every event once, one second apart, across the statements it is split into", async () => {
    const { workspace, admin } = await newWorkspace();
    const count = 5003; // one full statement and three events more
    const now = new Date();
    await addSampleAuditEvents(workspace.id, count, admin, now);
    const sample = (event: { metadata: unknown }) => (event.metadata as { sample: number }).sample;
    const newest = await listAuditEvents(workspace.id, { action: "api_key.updated", limit: 100 });
    expect(newest.map(sample)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    // The oldest events, from the second statement, continue the first one's series.
    const oldest = await listAuditEvents(workspace.id, { action: "api_key.updated", to: new Date(now.getTime() - 4998_500), limit: 100 });
    expect(oldest.map(sample)).toEqual([4999, 5000, 5001, 5002, 5003]);
    const seconds = oldest.map((event) => event.createdAt.getTime());
    expect(seconds.slice(1).map((t, i) => seconds[i]! - t)).toEqual([1000, 1000, 1000, 1000]);
  });
});

describe("revokeApiKey", () => {
  it("is a soft delete, idempotent, audited once, and the key stops verifying", async () => {
    const { workspace, project, admin, caller } = await newWorkspace();
    const { key, apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "to-revoke" } });
    expect((await verifyApiKey(key)).valid).toBe(true);
    const first = await revokeApiKey(caller, { keyId: apiKey.id, projectId: project.id });
    expect(first.revokedAt).toBeInstanceOf(Date);
    expect(first.revokedById).toBe(admin.userId);
    const again = await revokeApiKey(caller, { keyId: apiKey.id });
    expect(again.revokedAt?.getTime()).toBe(first.revokedAt?.getTime());
    const events = await listAuditEvents(workspace.id, { keyId: apiKey.id, action: "api_key.revoked" });
    expect(events).toHaveLength(1);
    expect(await verifyApiKey(key)).toMatchObject({ valid: false, reason: "revoked" });
    expect(toApiKeyRow(await getApiKeyOrThrow(workspace.id, apiKey.id)).status).toBe("revoked");
  });
});

describe("revokeApiKey under concurrency", () => {
  it("50 concurrent revokes of one key all succeed and write one audit event", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const { apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "contended" } });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => revokeApiKey(caller, { keyId: apiKey.id })),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const revokedAt = new Set(results.map((r) => (r.status === "fulfilled" ? r.value.revokedAt?.toISOString() : null)));
    expect(revokedAt.size).toBe(1);
    const events = await listAuditEvents(workspace.id, { keyId: apiKey.id, action: "api_key.revoked" });
    expect(events).toHaveLength(1);
  });
});

describe("verifyApiKey", () => {
  it("rejects expired keys at their expiry instant", async () => {
    const { project, caller } = await newWorkspace();
    const expiresAt = new Date(Date.now() + 1500);
    const { key } = await createApiKey(caller, { projectId: project.id, input: { name: "short", expiresAt } });
    expect((await verifyApiKey(key)).valid).toBe(true);
    await sleep(expiresAt.getTime() - Date.now() + 5);
    expect(await verifyApiKey(key)).toMatchObject({ valid: false, reason: "expired" });
  });

  it("checks app, environment and scopes", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const other = await newWorkspace("Other");
    const { project: sibling } = await createProject(caller, { input: { name: "Sibling" } });
    const { key } = await createApiKey(caller, {
      projectId: project.id,
      input: {
        name: "scoped",
        environment: "live",
        scopes: ["flags:read"],
      },
    });
    expect(await verifyApiKey(key, { appId: project.id, environment: "live", scopes: ["flags:read"] })).toMatchObject({
      valid: true,
      key: { projectId: project.id, workspaceId: workspace.id, environment: "live", scopes: ["flags:read"] },
    });
    expect(await verifyApiKey(key, { appId: sibling.id })).toMatchObject({ valid: false, reason: "wrong_project" });
    expect(await verifyApiKey(key, { appId: other.project.id })).toMatchObject({ valid: false, reason: "wrong_project" });
    expect(await verifyApiKey(key, { environment: "test" })).toMatchObject({ valid: false, reason: "wrong_environment" });
    expect(await verifyApiKey(key, { scopes: ["events:write"] })).toMatchObject({ valid: false, reason: "missing_scope" });

    const wide = await createApiKey(caller, { projectId: project.id, input: { name: "wide", allProjects: true } });
    expect((await verifyApiKey(wide.key, { appId: sibling.id })).valid).toBe(true);
    expect(await verifyApiKey(wide.key, { appId: other.project.id })).toMatchObject({ valid: false, reason: "wrong_project" });
    expect(await verifyApiKey(wide.key, { appId: randomUUID() })).toMatchObject({ valid: false, reason: "wrong_project" });
  });

  it("rejects malformed keys and bad checksums before any lookup, and unknown keys after", async () => {
    const { project, caller } = await newWorkspace();
    const { key } = await createApiKey(caller, { projectId: project.id, input: { name: "k" } });
    const last = key.at(-1) === "A" ? "B" : "A";
    expect(await verifyApiKey(key.slice(0, -1) + last)).toMatchObject({ valid: false, reason: "bad_checksum" });
    expect(await verifyApiKey("fp_live_short")).toMatchObject({ valid: false, reason: "malformed" });
    expect(await verifyApiKey("")).toMatchObject({ valid: false, reason: "malformed" });
    // Well-formed, with a valid checksum, and never issued.
    const neverIssued = generateKey({ environment: "live" }).key;
    expect(await verifyApiKey(neverIssued)).toMatchObject({ valid: false, reason: "unknown" });
  });

  it("feeds last_used_at and daily counts in batches", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const { key, apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "used", scopes: ["flags:read"] } });
    const before = Date.now();
    await verifyApiKey(key);
    await verifyApiKey(key);
    await verifyApiKey(key, { scopes: ["events:write"] });
    expect((await getApiKeyOrThrow(workspace.id, apiKey.id)).lastUsedAt).toBeNull();
    await flushUsage();
    const used = (await getApiKeyOrThrow(workspace.id, apiKey.id)).lastUsedAt;
    expect(used!.getTime()).toBeGreaterThanOrEqual(before - 5);
    const usage = await getKeyUsage(workspace.id, apiKey.id);
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ valid: 2, invalid: 1 });
  });
});

describe("usage batching", () => {
  it("only ever moves last_used_at forward, whatever order flushes arrive in", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const { apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "monotonic" } });
    const now = Date.now();
    recordUsage(apiKey.id, true, now);
    await flushUsage();
    // A verification that happened earlier (another instance's late batch) must not win.
    recordUsage(apiKey.id, true, now - 60_000);
    await flushUsage();
    expect((await getApiKeyOrThrow(workspace.id, apiKey.id)).lastUsedAt!.getTime()).toBe(now);
    recordUsage(apiKey.id, true, now + 1000);
    await flushUsage();
    expect((await getApiKeyOrThrow(workspace.id, apiKey.id)).lastUsedAt!.getTime()).toBe(now + 1000);
    expect((await getKeyUsage(workspace.id, apiKey.id)).reduce((sum, day) => sum + day.valid, 0)).toBe(3);
  });
});

describe("listApiKeys", () => {
  it("filters, searches, sorts and pages with keyset cursors in both directions, own and workspace-wide keys merged", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const names: string[] = [];
    for (let i = 0; i < 37; i++) {
      const name = `key ${String(i).padStart(2, "0")} ${i % 3 === 0 ? "alpha" : "beta"}`;
      names.push(name);
      const { apiKey } = await createApiKey(caller, {
        projectId: project.id,
        input: {
          name,
          environment: i % 2 ? "live" : "test",
          // Workspace-wide keys are listed with the project's own, merged in order.
          allProjects: i % 3 === 1,
          ...(i % 4 === 0 ? { expiresAt: new Date(Date.now() + (i + 1) * 86_400_000) } : {}),
        },
      });
      if (i % 5 === 0) await revokeApiKey(caller, { keyId: apiKey.id });
    }
    // 37 keys plus the project's default key.
    const all = await listApiKeys(workspace.id, { projectId: project.id, limit: 100 });
    expect(all.total).toBe(38);
    expect(all.totalIsCapped).toBe(false);

    for (const sort of ["created", "name", "last_used", "expires"] as const) {
      for (const order of ["asc", "desc"] as const) {
        const seen: string[] = [];
        let page = await listApiKeys(workspace.id, { projectId: project.id, sort, order, limit: 7 });
        const pages = [page];
        seen.push(...page.items.map((k) => k.id));
        while (page.nextCursor) {
          page = await listApiKeys(workspace.id, { projectId: project.id, sort, order, limit: 7, cursor: page.nextCursor });
          pages.push(page);
          seen.push(...page.items.map((k) => k.id));
        }
        expect(new Set(seen).size, `${sort} ${order}`).toBe(38);
        expect(seen).toHaveLength(38);
        // The pages, joined, are in the requested order.
        const all = (await listApiKeys(workspace.id, { projectId: project.id, sort, order, limit: 100 })).items.map((k) => k.id);
        expect(seen, `${sort} ${order}`).toEqual(all);
        // Walking back from the last page gives the same pages.
        for (let i = pages.length - 1; i > 0; i--) {
          const back = await listApiKeys(workspace.id, { projectId: project.id, sort, order, limit: 7, cursor: pages[i]!.prevCursor! });
          expect(back.items.map((k) => k.id)).toEqual(pages[i - 1]!.items.map((k) => k.id));
        }
        expect(pages[0]!.prevCursor).toBeNull();
      }
    }

    const byName = await listApiKeys(workspace.id, { projectId: project.id, sort: "name", order: "asc", limit: 100 });
    const sortedNames = byName.items.map((k) => k.name);
    expect(sortedNames).toEqual([...sortedNames].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

    const live = await listApiKeys(workspace.id, { projectId: project.id, environment: "live", limit: 100 });
    expect(live.items.every((k) => k.environment === "live")).toBe(true);
    const revoked = await listApiKeys(workspace.id, { projectId: project.id, status: "revoked", limit: 100 });
    expect(revoked.total).toBe(8);
    const active = await listApiKeys(workspace.id, { projectId: project.id, status: "active", limit: 100 });
    expect(active.total).toBe(30);
    const alpha = await listApiKeys(workspace.id, { projectId: project.id, q: "ALPHA", limit: 100 });
    expect(alpha.total).toBe(13);
    await expectAppError(listApiKeys(workspace.id, { projectId: project.id, cursor: "garbage" }), "validation_failed");
  });
});

describe("listApiKeys search", () => {
  it("reads q as literal text: % and _ are not wildcards", async () => {
    const { workspace, project, caller } = await newWorkspace();
    for (const name of ["server_prod", "serverXprod", "plain", "back.slash"]) await createApiKey(caller, { projectId: project.id, input: { name } });
    const names = async (q: string) => (await listApiKeys(workspace.id, { projectId: project.id, q, limit: 100 })).items.map((k) => k.name).sort();
    expect(await names("%")).toEqual([]);
    expect(await names("server_prod")).toEqual(["server_prod"]);
    expect(await names("_")).toEqual((await names("")).filter((n) => n.includes("_")));
    expect(await names("%prod")).toEqual([]);
    expect(await names("\\")).toEqual([]);
    expect(await names("SERVER")).toEqual(["serverXprod", "server_prod"]);
  });
});

describe("listApiKeys counts", () => {
  it("stops counting past 1,000 keys and says so", async () => {
    const { workspace, project, caller } = await newWorkspace();
    // 1,001 keys plus the project's default key.
    for (let batch = 0; batch < 1001; batch += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, 1001 - batch) }, (_, i) =>
          createApiKey(caller, { projectId: project.id, input: { name: `many ${batch + i}` } }),
        ),
      );
    }
    const capped = await listApiKeys(workspace.id, { projectId: project.id, limit: 10 });
    expect(capped).toMatchObject({ total: 1000, totalIsCapped: true });
    expect(capped.items).toHaveLength(10);
    const exact = await listApiKeys(workspace.id, { projectId: project.id, q: "many 99", limit: 10 });
    expect(exact).toMatchObject({ total: 11, totalIsCapped: false }); // 99 and 990-999
  }, 120_000);
});

describe("secrets", () => {
  it("never stores or logs a plaintext key", async () => {
    const { caller } = await newWorkspace();
    const { output, result } = await captureLogs(async () => {
      const made = await createProject(caller, { input: { name: "Secrets" } });
      const created = await createApiKey(caller, { projectId: made.project.id, input: { name: "secret", scopes: ["flags:read"] } });
      await verifyApiKey(created.key);
      await verifyApiKey(created.key, { scopes: ["events:write"] });
      await verifyApiKey(created.key.slice(0, -1) + "0");
      await revokeApiKey(caller, { keyId: created.apiKey.id });
      await verifyApiKey(created.key);
      await flushUsage();
      return [made.defaultKey.key, created.key];
    });
    const dump = await dumpDatabase();
    for (const key of result) {
      const secret = key.slice(8);
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(secret.slice(8, 24));
      expect(output).not.toContain(secret.slice(8, 24));
    }
  });
});
