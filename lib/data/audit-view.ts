import "server-only";
import type { AuditPageQuery } from "@/lib/schemas/audit";
import { listAuditEventsPage, type AuditEventRecord } from "./audit";
import { prisma } from "./client";

// The Audit log page's reads: events with the keys they name (name and start, linked), and the
// key filter by a key's name or start. The log itself is read by listAuditEventsPage.

/** A key an audit event names, as the page shows it. */
export type AuditKeyRef = { id: string; name: string; start: string };

/** Most keys one filter stands for (a name shared across projects and rolls, or a start's prefix). */
const KEY_FILTER_MAX = 1000;

/**
 * The keys of the workspace that `text` names: the same name (any case), or a start that begins
 * with it (`fp_live_Ab12`). A key id is followed too. A rolled key and its successor share a
 * name, so a name usually stands for several keys.
 */
export async function findAuditKeyIds(workspaceId: string, text: string): Promise<string[]> {
  const query = text.trim();
  if (!query) return [];
  const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(query);
  const keys = await prisma.apiKey.findMany({
    where: {
      workspaceId,
      OR: [{ name: { equals: query, mode: "insensitive" } }, { start: { startsWith: query } }, ...(isId ? [{ id: query }] : [])],
    },
    select: { id: true },
    take: KEY_FILTER_MAX,
  });
  return keys.map((key) => key.id);
}

/** The keys (of this workspace) that `keyIds` name, by id: what the page links to. */
export async function resolveAuditKeys(workspaceId: string, keyIds: readonly string[]): Promise<Map<string, AuditKeyRef>> {
  const ids = [...new Set(keyIds)];
  if (ids.length === 0) return new Map();
  const keys = await prisma.apiKey.findMany({
    where: { workspaceId, id: { in: ids } },
    select: { id: true, name: true, start: true },
  });
  return new Map(keys.map((key) => [key.id, key]));
}

export type AuditLogEvent = AuditEventRecord & {
  /** The key the event is about, when it still exists in this workspace. */
  key: AuditKeyRef | null;
};

/**
 * A page of the Audit log page: the events matching the page's filters, newest first, each
 * with its key's current name and start.
 */
export async function listAuditLogPage(
  workspaceId: string,
  query: AuditPageQuery & { limit: number },
): Promise<{ items: AuditLogEvent[]; nextCursor: string | null; matchedKeyIds: string[] | null }> {
  const keyIds = query.key ? await findAuditKeyIds(workspaceId, query.key) : undefined;
  const page = await listAuditEventsPage(workspaceId, {
    keyId: query.keyId,
    keyIds,
    actor: query.actor,
    action: query.action,
    from: query.from,
    to: query.to,
    requestId: query.requestId,
    cursor: query.cursor,
    limit: query.limit,
  });
  const keys = await resolveAuditKeys(
    workspaceId,
    page.items.flatMap((event) => (event.targetKeyId ? [event.targetKeyId] : [])),
  );
  return {
    items: page.items.map((event) => ({ ...event, key: event.targetKeyId ? (keys.get(event.targetKeyId) ?? null) : null })),
    nextCursor: page.nextCursor,
    matchedKeyIds: keyIds ?? null,
  };
}
