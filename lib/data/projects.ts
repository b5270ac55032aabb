import "server-only";
import { createProjectInputSchema, projectDtoSchema, type ProjectDto } from "@/lib/schemas/projects";
import { defaultKeySuffix, insertApiKey } from "./api-keys";
import { recordAuditEvent } from "./audit";
import { inTransaction, prisma, type Tx } from "./client";
import type { ApiKeyRecord } from "./records";
import type { Caller } from "./types";

export function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
  return slug || "project";
}

/**
 * Inserts the project under the first free slug of its name (`name`, `name-2`, …). Two
 * same-name projects created at once cannot both take a slug: the insert skips a taken one
 * (ON CONFLICT DO NOTHING, waiting for a concurrent insert to settle) and tries the next, so
 * the unique index never aborts the transaction.
 */
async function insertProjectWithFreeSlug(tx: Tx, workspaceId: string, name: string) {
  const base = slugify(name);
  const taken = new Set(
    (
      await tx.project.findMany({
        where: { workspaceId, slug: { startsWith: base } },
        select: { slug: true },
      })
    ).map((p) => p.slug),
  );
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (taken.has(slug)) continue;
    const [project] = await tx.project.createManyAndReturn({ data: { workspaceId, name, slug }, skipDuplicates: true });
    if (project) return project;
  }
}

/**
 * Creates a project and its default key, `{projectId}_default_{suffix}`, which
 * the platform manages and nobody can revoke. The key's plaintext is returned this once.
 */
export async function createProjectInTx(tx: Tx, caller: Caller, name: string) {
  const project = await insertProjectWithFreeSlug(tx, caller.workspaceId, name);
  await recordAuditEvent(tx, caller, {
    action: "project.created",
    projectId: project.id,
    metadata: { name: project.name },
  });
  const defaultKey = await insertApiKey(tx, caller, {
    projectId: project.id,
    name: `${project.id}_default_${defaultKeySuffix()}`,
    description: "Default key, issued with the project.",
    environment: "live",
    scopes: [],
    isAdminManaged: true,
  });
  return { project, defaultKey };
}

export async function createProject(
  caller: Caller,
  options: { input: { name: string }; tx?: Tx },
): Promise<{ project: ProjectRecord; defaultKey: { key: string; apiKey: ApiKeyRecord } }> {
  const { name } = createProjectInputSchema.parse(options.input);
  return inTransaction(options.tx, (tx) => createProjectInTx(tx, caller, name));
}

export type ProjectRecord = { id: string; workspaceId: string; name: string; slug: string; createdAt: Date };

export async function listProjects(workspaceId: string): Promise<ProjectRecord[]> {
  return prisma.project.findMany({ where: { workspaceId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/** A project as the REST API returns it, parsed so nothing else can slip out. */
export function toProjectDto(project: ProjectRecord): ProjectDto {
  return projectDtoSchema.parse({
    project_id: project.id,
    name: project.name,
    slug: project.slug,
    created_at: project.createdAt.toISOString(),
  });
}
