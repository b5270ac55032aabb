"use server";

import { revalidatePath } from "next/cache";
import { parseInput, runAction } from "@/lib/actions";
import type { ActionResult } from "@/lib/schemas/action-result";
import { createProject, fingerprintOf, withIdempotency } from "@/lib/data";
import { createProjectInputSchema } from "@/lib/schemas/projects";

export type CreatedProject = { projectId: string; name: string; key: string };

/** Creates a project; its default key is returned this once, for the reveal dialog. */
export async function createProjectAction(
  submissionId: string,
  form: { name: string },
): Promise<ActionResult<CreatedProject>> {
  return runAction({ role: "admin", write: true, name: "create a project" }, async ({ session, requestId, ip }) => {
    const input = parseInput(createProjectInputSchema, form);
    const { body } = await withIdempotency(
      {
        scope: `${session.workspaceId}:${session.userId}:action:create-project`,
        key: submissionId || null,
        fingerprint: fingerprintOf([form]),
      },
      async (tx) => {
        const { project, defaultKey } = await createProject(session.workspaceId, session, input, { requestId, ip }, tx);
        return { status: 201, body: { projectId: project.id, name: project.name, key: defaultKey.key } };
      },
    );
    revalidatePath("/projects");
    revalidatePath("/settings/api-keys");
    return body as CreatedProject;
  });
}
