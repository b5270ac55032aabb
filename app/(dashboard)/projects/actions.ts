"use server";

import { revalidatePath } from "next/cache";
import { parseInput, runAction } from "@/lib/actions";
import type { ActionResult } from "@/lib/schemas/action-result";
import { createProject, runIdempotent } from "@/lib/data";
import { createProjectInputSchema } from "@/lib/schemas/projects";

export type CreatedProject = { projectId: string; name: string; key: string };

/** Creates a project; its default key is returned this once, for the reveal dialog. */
export async function createProjectAction(
  submissionId: string,
  form: { name: string },
): Promise<ActionResult<CreatedProject>> {
  return runAction({ role: "admin", write: true, name: "create a project" }, async ({ caller }) => {
    const input = parseInput(createProjectInputSchema, form);
    const { body } = await runIdempotent(
      caller,
      { operation: "action:create-project", key: submissionId || null, request: [form] },
      async (tx) => {
        const { project, defaultKey } = await createProject(caller, { input, tx });
        return { status: 201, body: { projectId: project.id, name: project.name, key: defaultKey.key } };
      },
    );
    revalidatePath("/projects");
    revalidatePath("/settings/api-keys");
    return body as CreatedProject;
  });
}
