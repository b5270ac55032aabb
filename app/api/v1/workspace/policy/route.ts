import { operations } from "@/lib/api/operations";
import { apiRoute, handle } from "@/lib/http/route";
import { getWorkspacePolicy, listPolicyViolations, setWorkspacePolicy } from "@/lib/data";
import { toWorkspacePolicyDto } from "@/lib/schemas/policy";

// GET /api/v1/workspace/policy - the workspace's key policy, and the active keys that break it
const get = handle(operations.getWorkspacePolicy, async (ctx) => {
  const policy = await getWorkspacePolicy(ctx.session.workspaceId);
  const violations = await listPolicyViolations(ctx.session.workspaceId, policy);
  return { status: 200, body: toWorkspacePolicyDto(policy, violations) };
});

// PUT /api/v1/workspace/policy - replace the policy (admin). Audited; no key is revoked: the
// answer lists those that break the new policy.
const replace = handle(operations.setWorkspacePolicy, async (ctx) => {
  const input = await ctx.body();
  const { policy, violations } = await setWorkspacePolicy(ctx.caller, { policy: input });
  return { status: 200, body: toWorkspacePolicyDto(policy, violations) };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(get, replace);
