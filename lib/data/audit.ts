import "server-only";
import { prisma, type Tx } from "./client";
import type { Actor, RequestContext } from "./types";

export type AuditAction =
  | "api_key.created"
  | "api_key.revoked"
  | "api_key.rolled"
  | "api_key.updated"
  | "api_key.leaked"
  | "api_key.leak_acknowledged"
  | "project.created"
  | "workspace.created"
  | "workspace.policy_changed";

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

export type AuditEventRecord = {
  id: string;
  action: string;
  actorId: string;
  actorName: string;
  targetKeyId: string | null;
  projectId: string | null;
  requestId: string | null;
  ip: string | null;
  metadata: unknown;
  createdAt: Date;
};

/** A workspace's audit events, newest first, optionally for one key and one action. */
export async function listAuditEvents(
  workspaceId: string,
  filter: { keyId?: string; action?: AuditAction; limit?: number } = {},
): Promise<AuditEventRecord[]> {
  return prisma.auditEvent.findMany({
    where: {
      workspaceId,
      ...(filter.keyId ? { targetKeyId: filter.keyId } : {}),
      ...(filter.action ? { action: filter.action } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(filter.limit ?? 100, 100),
    select: {
      id: true,
      action: true,
      actorId: true,
      actorName: true,
      targetKeyId: true,
      projectId: true,
      requestId: true,
      ip: true,
      metadata: true,
      createdAt: true,
    },
  });
}
