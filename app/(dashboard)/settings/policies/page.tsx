import type { Metadata } from "next";
import { PolicyForm } from "@/components/policies/policy-form";
import { requirePageSession } from "@/lib/auth/page";
import { getWorkspacePolicy, listPolicyViolations } from "@/lib/data";
import { toWorkspacePolicyDto } from "@/lib/schemas/policy";

export const metadata: Metadata = { title: "Policies" };

// Settings -> Policies: the workspace's key policy. Admins change it; members read it.
export default async function PoliciesPage() {
  const session = await requirePageSession();
  const policy = await getWorkspacePolicy(session.workspaceId);
  const violations = await listPolicyViolations(session.workspaceId, policy);
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
    </div>
  );
}
