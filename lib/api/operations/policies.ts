// The rules every key of the workspace must follow.
import { workspacePolicyBodySchema, workspacePolicyDtoSchema } from "@/lib/schemas/policy";
import { defineOperations } from "../operation";

export const policyOperations = defineOperations({
  getWorkspacePolicy: {
    method: "GET",
    path: "/api/v1/workspace/policy",
    tags: ["Policies"],
    summary: "The workspace's key policy",
    description: "Its rules, and the active keys that break them.",
    role: "member",
    permission: "policy:read",
    responses: { 200: { description: "The policy.", body: workspacePolicyDtoSchema } },
  },
  setWorkspacePolicy: {
    method: "PUT",
    path: "/api/v1/workspace/policy",
    tags: ["Policies"],
    summary: "Replace the workspace's key policy (admin)",
    description:
      "The whole policy, every field: the body `GET` answers can be sent back as it is (the read-only `violations` is ignored). Audited. A change never revokes a key: the answer lists the active keys that break the new policy (`violations`). New and edited keys are held to it; refusals name the policy (`single_active_key`: 409; the others: 422).",
    role: "admin",
    permission: "policy:write",
    body: workspacePolicyBodySchema,
    responses: { 200: { description: "The saved policy.", body: workspacePolicyDtoSchema } },
  },
});
