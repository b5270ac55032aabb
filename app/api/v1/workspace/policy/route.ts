import { methodNotAllowed } from "@/lib/http/fallback";
import { apiRoute } from "@/lib/http/route";
import { getWorkspacePolicy, listPolicyViolations, setWorkspacePolicy } from "@/lib/data";
import { toWorkspacePolicyDto, workspacePolicyBodySchema } from "@/lib/schemas/policy";

// GET /api/v1/workspace/policy - the workspace's key policy, and the active keys that break it
export const GET = apiRoute({ role: "member" }, async (ctx) => {
  const policy = await getWorkspacePolicy(ctx.session.workspaceId);
  const violations = await listPolicyViolations(ctx.session.workspaceId, policy);
  return { status: 200, body: toWorkspacePolicyDto(policy, violations) };
});

// PUT /api/v1/workspace/policy - replace the policy (admin). Audited; no key is revoked: the
// answer lists those that break the new policy.
export const PUT = apiRoute({ role: "admin" }, async (ctx) => {
  const input = await ctx.body(workspacePolicyBodySchema);
  const { policy, violations } = await setWorkspacePolicy(ctx.caller, { policy: input });
  return { status: 200, body: toWorkspacePolicyDto(policy, violations) };
});

// Every other method: 405 problem+json.
const notAllowed = methodNotAllowed(["GET", "PUT"]);
export { notAllowed as POST, notAllowed as PATCH, notAllowed as DELETE, notAllowed as OPTIONS };
