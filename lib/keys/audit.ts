import "server-only";
import type { Tx } from "@/lib/db";
import type { Actor, RequestContext } from "./types";

export type AuditAction = "api_key.created" | "api_key.revoked" | "project.created" | "workspace.created";

/** Writes an audit event. Always called inside the transaction of the change it records. */
export async function recordAuditEvent(
  tx: Tx,
  event: {
    workspaceId: string;
    actor: Actor;
    action: AuditAction;
    context: RequestContext;
    targetKeyId?: string;
    projectId?: string | null;
    metadata?: Record<string, string | number | boolean | null>;
  },
): Promise<void> {
  await tx.auditEvent.create({
    data: {
      workspaceId: event.workspaceId,
      actorId: event.actor.userId,
      actorName: event.actor.userName,
      action: event.action,
      targetKeyId: event.targetKeyId ?? null,
      projectId: event.projectId ?? null,
      requestId: event.context.requestId ?? null,
      ip: event.context.ip ?? null,
      metadata: event.metadata ?? {},
    },
  });
}
