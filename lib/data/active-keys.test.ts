// The one rule for "active": the where fragment the database filters by says what keyStatus
// says of each key, and the single-active-key rule and the cap count keys by it.
import { describe, expect, it } from "vitest";
import { createApiKey, createProject, getWorkspacePolicy, keyStatus, revokeApiKey, rollApiKey, setActiveKeyCap, setWorkspacePolicy } from "@/lib/data";
import { isAppError } from "@/lib/errors";
import { newWorkspace } from "@/test/fixtures";
import { activeKeyWhere, expiredKeyWhere, singleActiveGroupOf } from "./active-keys";
import { prisma } from "./client";

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return `${error.code}: ${error.detail}`;
}

describe("activeKeyWhere", () => {
  it("selects exactly the keys keyStatus calls active, and expiredKeyWhere the expired ones", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const make = async (name: string) => (await createApiKey(caller, { projectId: project.id, input: { name } })).apiKey.id;
    const [, revoked, expired, expiring] = await Promise.all(["active", "revoked", "expired", "expiring"].map(make));
    const now = new Date();
    await prisma.apiKey.update({ where: { id: revoked! }, data: { revokedAt: now } });
    // An expiry at this very instant has passed: both rules agree on the boundary.
    await prisma.apiKey.update({ where: { id: expired! }, data: { expiresAt: now } });
    await prisma.apiKey.update({ where: { id: expiring! }, data: { expiresAt: new Date(now.getTime() + 1) } });

    const keys = await prisma.apiKey.findMany({ where: { workspaceId: workspace.id } });
    const byStatus = (status: string) => keys.filter((k) => keyStatus(k, now) === status).map((k) => k.id).sort();
    const ids = async (where: object) =>
      (await prisma.apiKey.findMany({ where: { workspaceId: workspace.id, ...where }, select: { id: true } })).map((k) => k.id).sort();

    expect(await ids(activeKeyWhere(now))).toEqual(byStatus("active"));
    expect(await ids(activeKeyWhere(now))).toHaveLength(3); // active, expiring and the default key
    expect(await ids(expiredKeyWhere(now))).toEqual([expired]);
  });
});

describe("singleActiveGroupOf", () => {
  it("groups the whole workspace together, or each project and environment apart", () => {
    const a = { projectId: "p1", environment: "live" as const };
    expect(singleActiveGroupOf("workspace", a)).toBe(singleActiveGroupOf("workspace", { projectId: null, environment: "test" }));
    expect(singleActiveGroupOf("project_environment", a)).not.toBe(singleActiveGroupOf("project_environment", { ...a, environment: "test" }));
    expect(singleActiveGroupOf("project_environment", a)).not.toBe(singleActiveGroupOf("project_environment", { ...a, projectId: "p2" }));
  });
});

describe("enforceActiveKeyRule", () => {
  it("allows one active key per group; default keys and rolled keys in their grace period do not count", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const policy = await getWorkspacePolicy(workspace.id);
    await setWorkspacePolicy(caller, { policy: { ...policy, singleActiveKey: "project_environment" } });
    // The project's default key is active, and the first key is still allowed.
    await createApiKey(caller, { projectId: project.id, input: { name: "first" } });
    expect(await refusal(createApiKey(caller, { projectId: project.id, input: { name: "second" } }))).toMatch(/^conflict: This workspace allows one active Production key per project, and “first” is active\./);
    // Another environment, or another project, is another group.
    await createApiKey(caller, { projectId: project.id, input: { name: "test one", environment: "test" } });
    const { project: other } = await createProject(caller, { input: { name: "Other" } });
    const { apiKey: otherOne } = await createApiKey(caller, { projectId: other.id, input: { name: "other one" } });
    // The old key of a roll keeps working beside its successor, and is not counted.
    const rolled = await rollApiKey(caller, { keyId: otherOne.id, grace: "24h" });
    await revokeApiKey(caller, { keyId: rolled.apiKey.id });
    await createApiKey(caller, { projectId: other.id, input: { name: "other two" } });

    await setWorkspacePolicy(caller, { policy: { ...policy, singleActiveKey: "workspace" } });
    expect(await refusal(createApiKey(caller, { projectId: project.id, input: { name: "third", environment: "test" } }))).toMatch(
      /one active key in the whole workspace/,
    );
  });

  it("caps the active keys of the workspace, default keys included, and counts a revoked key out", async () => {
    const { workspace, project, caller } = await newWorkspace();
    await setActiveKeyCap(workspace.id, 2);
    const { apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "one" } });
    expect(await refusal(createApiKey(caller, { projectId: project.id, input: { name: "two" } }))).toMatch(/^conflict: This workspace allows 2 active key/);
    await prisma.apiKey.update({ where: { id: apiKey.id }, data: { revokedAt: new Date() } });
    await createApiKey(caller, { projectId: project.id, input: { name: "two" } });
  });
});
