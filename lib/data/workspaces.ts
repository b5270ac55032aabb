import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { recordAuditEvent } from "./audit";
import { prisma } from "./client";
import { createProjectInTx, slugify } from "./projects";
import type { Actor, Caller, RequestContext } from "./types";

export type WorkspaceRecord = { id: string; name: string; slug: string; clerkOrganizationId: string | null };

/** Creates a workspace with a first project (and that project's default key). */
export async function createWorkspace(
  input: { name: string; slug?: string; clerkOrganizationId?: string },
  actor: Actor,
  context: RequestContext = {},
): Promise<WorkspaceRecord> {
  return prisma.$transaction(async (tx) => {
    const workspace = await tx.workspace.create({
      data: {
        name: input.name,
        slug: input.slug ?? `${slugify(input.name)}-${Math.random().toString(36).slice(2, 8)}`,
        clerkOrganizationId: input.clerkOrganizationId ?? null,
      },
    });
    // The workspace's first caller: whoever created it, on this request.
    const caller: Caller = { workspaceId: workspace.id, actor, requestId: context.requestId ?? null, ip: context.ip ?? null };
    await recordAuditEvent(tx, caller, {
      action: "workspace.created",
      metadata: { name: workspace.name, clerkOrganizationId: workspace.clerkOrganizationId },
    });
    await createProjectInTx(tx, caller, "Default project");
    return workspace;
  });
}

/**
 * The workspace of a Clerk Organization, created on first use. Two first requests racing
 * each other both end up with the one row the unique org id allows.
 */
export async function ensureWorkspaceForOrganization(
  organization: { id: string; name?: string | null; slug?: string | null },
  actor: Actor,
  context: RequestContext = {},
): Promise<WorkspaceRecord> {
  const existing = await prisma.workspace.findUnique({ where: { clerkOrganizationId: organization.id } });
  if (existing) return existing;
  try {
    return await createWorkspace(
      {
        name: organization.name || organization.slug || "Workspace",
        slug: `${organization.slug || "org"}-${organization.id.slice(-8).toLowerCase()}`,
        clerkOrganizationId: organization.id,
      },
      actor,
      context,
    );
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return prisma.workspace.findUniqueOrThrow({ where: { clerkOrganizationId: organization.id } });
    }
    throw error;
  }
}
