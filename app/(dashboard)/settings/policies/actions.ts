"use server";

import { revalidatePath } from "next/cache";
import { parseInput, runAction } from "@/lib/actions";
import { setWorkspacePolicy } from "@/lib/data";
import type { ActionResult } from "@/lib/schemas/action-result";
import { toWorkspacePolicyDto, workspacePolicyBodySchema, type WorkspacePolicyDto } from "@/lib/schemas/policy";

// Adapter for the Policies page: guard -> parse (the REST API's own schema) -> data layer.

export async function saveWorkspacePolicyAction(body: unknown): Promise<ActionResult<WorkspacePolicyDto>> {
  return runAction({ role: "admin", write: true, name: "change the key policy" }, async ({ caller }) => {
    const policy = parseInput(workspacePolicyBodySchema, body);
    const saved = await setWorkspacePolicy(caller, { policy });
    revalidatePath("/settings/policies");
    revalidatePath("/settings/api-keys");
    return toWorkspacePolicyDto(saved.policy, saved.violations);
  });
}
