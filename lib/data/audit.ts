import "server-only";
import { ACTOR_TYPES, type ActorType, type AuditAction } from "@/lib/schemas/audit";
import { prisma, type Tx } from "./client";
import type { Caller } from "./types";
import { createdCursorOf, decodeCreatedCursor } from "./cursor";

export type { AuditAction } from "@/lib/schemas/audit";

/** Writes an audit event of `caller`. Always called inside the transaction of the change it records. */
export async function recordAuditEvent(
  tx: Tx,
  caller: Caller,
  event: {
    action: AuditAction;
    targetKeyId?: string;
    projectId?: string | null;
    metadata?: Record<string, string | number | boolean | null>;
  },
): Promise<void> {
  await tx.auditEvent.create({
    data: {
      workspaceId: caller.workspaceId,
      actorId: caller.actor.userId,
      actorName: caller.actor.userName,
      actorType: caller.actor.type ?? "user",
      action: event.action,
      targetKeyId: event.targetKeyId ?? null,
      projectId: event.projectId ?? null,
      requestId: caller.requestId ?? null,
      ip: caller.ip ?? null,
      metadata: event.metadata ?? {},
    },
  });
}

/** A member tried what only admins may do: recorded, with what was tried. */
export async function recordAccessDenied(caller: Caller, options: { attempt: string; permission?: string; tx?: Tx }): Promise<void> {
  const metadata: Record<string, string> = { attempt: options.attempt };
  if (options.permission) metadata.permission = options.permission;
  await recordAuditEvent(options.tx ?? prisma, caller, { action: "access.denied", metadata });
}

export type AuditEventRecord = {
  id: string;
  action: string;
  actorId: string;
  actorName: string;
  actorType: ActorType;
  targetKeyId: string | null;
  projectId: string | null;
  requestId: string | null;
  ip: string | null;
  metadata: unknown;
  createdAt: Date;
};

export const AUDIT_SELECT = {
  id: true,
  action: true,
  actorId: true,
  actorName: true,
  actorType: true,
  targetKeyId: true,
  projectId: true,
  requestId: true,
  ip: true,
  metadata: true,
  createdAt: true,
} as const;

/** An event as read: an actor type this version does not know reads as a person. */
export const toAuditRecord = (row: Omit<AuditEventRecord, "actorType"> & { actorType: string }): AuditEventRecord => ({
  ...row,
  actorType: (ACTOR_TYPES as readonly string[]).includes(row.actorType) ? (row.actorType as ActorType) : "user",
});

export type AuditFilter = {
  keyId?: string | undefined;
  /** Any of these keys (the Audit log page's filter by name or start); none matches nothing. */
  keyIds?: string[] | undefined;
  actor?: string | undefined;
  action?: AuditAction | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  requestId?: string | undefined;
};

const whereOf = (workspaceId: string, filter: AuditFilter) => ({
  workspaceId,
  ...(filter.keyId ? { targetKeyId: filter.keyId } : {}),
  ...(filter.keyIds ? { AND: [{ targetKeyId: { in: filter.keyIds } }] } : {}),
  ...(filter.actor ? { actorId: filter.actor } : {}),
  ...(filter.action ? { action: filter.action } : {}),
  ...(filter.requestId ? { requestId: filter.requestId } : {}),
  ...(filter.from || filter.to
    ? { createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) } }
    : {}),
});

/** A workspace's audit events, newest first, optionally for one key and one action. */
export async function listAuditEvents(
  workspaceId: string,
  filter: AuditFilter & { limit?: number } = {},
): Promise<AuditEventRecord[]> {
  const rows = await prisma.auditEvent.findMany({
    where: whereOf(workspaceId, filter),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(filter.limit ?? 100, 100),
    select: AUDIT_SELECT,
  });
  return rows.map(toAuditRecord);
}

/** The position a cursor names, with its time as a Date for the query. */
function decodeCursor(raw: string | undefined): { t: Date; id: string } | null {
  const cursor = decodeCreatedCursor(raw);
  return cursor && { t: new Date(cursor.t), id: cursor.id };
}

/**
 * A page of the audit log, newest first, with a keyset cursor to the next: any page costs what
 * the first does, whatever the log's size (the indexes lead with the workspace and the filter).
 */
export async function listAuditEventsPage(
  workspaceId: string,
  filter: AuditFilter & { cursor?: string | undefined; limit: number },
): Promise<{ items: AuditEventRecord[]; nextCursor: string | null }> {
  const after = decodeCursor(filter.cursor);
  const rows = await prisma.auditEvent.findMany({
    where: {
      ...whereOf(workspaceId, filter),
      ...(after ? { OR: [{ createdAt: { lt: after.t } }, { createdAt: after.t, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: filter.limit + 1,
    select: AUDIT_SELECT,
  });
  const items = rows.slice(0, filter.limit).map(toAuditRecord);
  return { items, nextCursor: rows.length > filter.limit ? createdCursorOf(items[items.length - 1]!) : null };
}

/** Every matching event, newest first, a page at a time (for the CSV export). */
export async function* eachAuditEvent(workspaceId: string, filter: AuditFilter): AsyncGenerator<AuditEventRecord[]> {
  let cursor: string | undefined;
  do {
    const page = await listAuditEventsPage(workspaceId, { ...filter, cursor, limit: 1000 });
    if (page.items.length > 0) yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/**
 * The people who appear in a workspace's audit log, for the page's actor filter. A skip scan
 * over the (workspace, actor) index: one index probe per actor, however many events each has.
 */
export async function listAuditActors(workspaceId: string): Promise<{ id: string; name: string }[]> {
  const rows = await prisma.$queryRaw<{ actor_id: string; actor_name: string }[]>`
    WITH RECURSIVE actors AS (
      (SELECT actor_id, actor_name FROM audit_events WHERE workspace_id = ${workspaceId}::uuid ORDER BY actor_id LIMIT 1)
      UNION ALL
      SELECT next.actor_id, next.actor_name FROM actors, LATERAL (
        SELECT actor_id, actor_name FROM audit_events
        WHERE workspace_id = ${workspaceId}::uuid AND actor_id > actors.actor_id
        ORDER BY actor_id LIMIT 1
      ) next
    )
    SELECT actor_id, actor_name FROM actors LIMIT 200`;
  return rows.map((r) => ({ id: r.actor_id, name: r.actor_name }));
}
