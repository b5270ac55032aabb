import type { Metadata } from "next";
import { PolicyForm } from "@/components/policies/policy-form";
import { PolicyViolations } from "@/components/policies/policy-violations";
import { groupViolations } from "@/components/policies/violating-keys";
import { requirePageSession } from "@/lib/auth/page";
import { getApiKeyOrThrow, getWorkspacePolicy, listPolicyViolations, listProjects, toApiKeyRow } from "@/lib/data";
import { toWorkspacePolicyDto } from "@/lib/schemas/policy";

export const metadata: Metadata = { title: "Policies" };

/** The most keys the list shows with their rows (each is read once, for its dialogs). */
const LISTED_KEYS_MAX = 200;

// Settings -> Policies: the workspace's key policy, and the keys that break it. Admins change
// it, and roll or revoke those keys in place; members read it.
export default async function PoliciesPage() {
  const session = await requirePageSession();
  const [policy, projects] = await Promise.all([getWorkspacePolicy(session.workspaceId), listProjects(session.workspaceId)]);
  const violations = await listPolicyViolations(session.workspaceId, policy);
  const keyIds = [...new Set(violations.map((v) => v.key_id))].slice(0, LISTED_KEYS_MAX);
  const rows = new Map(
    (await Promise.all(keyIds.map((id) => getApiKeyOrThrow(session.workspaceId, id)))).map((key) => [key.id, toApiKeyRow(key)] as const),
  );
  // A key of every project is rolled or revoked from any one of them: the first will do.
  const keys = groupViolations(violations, rows, projects[0]?.id ?? null);
  return (
    <div className="space-y-8">
      <header>
        <p className="text-sm text-fg-muted">Settings</p>
        <h1 className="text-2xl font-semibold">Policies</h1>
        <p className="mt-1 max-w-2xl text-sm text-fg-muted">
          Rules every new or edited key in this workspace must follow, in the dashboard and the API alike. Changing a policy
          never revokes a key: keys that break the new rules are listed below for you to roll or revoke.
        </p>
      </header>
      <PolicyForm initial={toWorkspacePolicyDto(policy, violations)} canWrite={session.role === "admin"} />
      <PolicyViolations keys={keys} canWrite={session.role === "admin"} policy={policy} />
    </div>
  );
}
