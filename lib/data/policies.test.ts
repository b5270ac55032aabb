// The workspace's key policies in the data layer: each refusal says its rule in words and
// keeps its code, and the list of keys that break a policy names each rule a key breaks.
import { describe, expect, it } from "vitest";
import { createApiKey, getWorkspacePolicy, listPolicyViolations, setWorkspacePolicy } from "@/lib/data";
import { isAppError, type AppError } from "@/lib/errors";
import { newWorkspace } from "@/test/fixtures";

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

const DAY = 86_400_000;

describe("key policies", () => {
  it("refuses a key that breaks the expiry rules with the rule in words, keeping the code", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const policy = await getWorkspacePolicy(workspace.id);
    await setWorkspacePolicy(caller, { policy: { ...policy, requireExpiry: { live: true, test: false }, maxLifetimeDays: { live: 90, test: null } } });

    const never = await refusal(createApiKey(caller, { projectId: project.id, input: { name: "never", environment: "live" } }));
    expect(never.code).toBe("validation_failed");
    expect(never.detail).toBe("Production keys must expire within 90 days in this workspace. Choose an expiry date.");
    expect(never.errors[0]).toMatchObject({ location: "expires_at" });

    const tooLong = await refusal(
      createApiKey(caller, { projectId: project.id, input: { name: "long", environment: "live", expiresAt: new Date(Date.now() + 365 * DAY) } }),
    );
    expect(tooLong.code).toBe("validation_failed");
    expect(tooLong.detail).toBe("Production keys must expire within 90 days in this workspace. Choose an earlier expiry.");
    expect(tooLong.errors[0]?.message).toMatch(/^Production keys in this workspace must expire within 90 days of their creation \(by \d{4}-\d{2}-\d{2} for this key\)\.$/);

    // Staging has no rule: a key that never expires is fine there.
    await expect(createApiKey(caller, { projectId: project.id, input: { name: "staging", environment: "test" } })).resolves.toBeTruthy();
  });

  it("says which scopes the workspace does not offer, without the policy's field name", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const policy = await getWorkspacePolicy(workspace.id);
    await setWorkspacePolicy(caller, { policy: { ...policy, scopes: [{ name: "reports:read", description: "Read reports" }] } });
    const error = await refusal(createApiKey(caller, { projectId: project.id, input: { name: "scoped", scopes: ["reports:read", "flags:read"] } }));
    expect(error.code).toBe("validation_failed");
    expect(error.detail).toBe("This workspace does not offer the scope flags:read. An admin can add scopes under Settings → Policies.");
    expect(error.errors).toEqual([{ location: "scopes.1", message: "This workspace does not offer the scope flags:read.", value: "flags:read" }]);
  });

  it("refuses a second active key under the single-active-key rule in words", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const policy = await getWorkspacePolicy(workspace.id);
    await setWorkspacePolicy(caller, { policy: { ...policy, singleActiveKey: "project_environment" } });
    await createApiKey(caller, { projectId: project.id, input: { name: "the only one", environment: "live" } });
    const error = await refusal(createApiKey(caller, { projectId: project.id, input: { name: "second", environment: "live" } }));
    expect(error.code).toBe("conflict");
    expect(error.detail).toBe("This workspace allows one active Production key per project, and “the only one” is active. Roll it to replace it, or revoke it first.");
  });

  it("lists every rule a key breaks, each with a sentence", async () => {
    const { workspace, project, caller } = await newWorkspace();
    const { apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "forever", environment: "live" } });
    const policy = await getWorkspacePolicy(workspace.id);
    const { violations } = await setWorkspacePolicy(caller, {
      policy: { ...policy, requireExpiry: { live: true, test: false }, maxLifetimeDays: { live: 30, test: null } },
    });
    const mine = violations.filter((v) => v.key_id === apiKey.id);
    expect(mine.map((v) => [v.policy, v.detail])).toEqual([
      ["require_expiry", "Production keys must expire; this one never does."],
      ["max_lifetime_days", "Production keys may live 30 days; this one lives longer (it never expires)."],
    ]);
    expect(await listPolicyViolations(workspace.id)).toEqual(violations);
  });
});
