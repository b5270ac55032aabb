import "server-only";
import type { KeyStatus } from "@/lib/schemas/keys/domain";
import { keyStatus } from "./active-keys";
import { getApiKeyOrThrow } from "./api-keys";
import { AUDIT_SELECT, toAuditRecord, type AuditEventRecord } from "./audit";
import { prisma } from "./client";
import type { ApiKeyRecord } from "./records";
import { flushVerificationLog } from "./verification-log";

// What a key's page reads besides the key itself: where it sits (its project, or every
// project), its lineage (the key it replaced and the key that replaced it), who revoked it,
// the audit events of the whole lineage, its recent verifications with their user agents, and
// the workspace's total traffic for the Usage page.

/** A key next to another in a roll: enough to name it and link to it. */
export type KeyNeighbour = { id: string; name: string; start: string; status: KeyStatus };

export type KeyDetail = {
  key: ApiKeyRecord;
  /** The key's project; null when it covers every project of the workspace. */
  project: { id: string; name: string } | null;
  /** The key this one replaced, by a roll. */
  predecessor: KeyNeighbour | null;
  /** The key that replaced this one, by a roll. */
  successor: KeyNeighbour | null;
  /** Who revoked the key (a name), when it is revoked. */
  revokedByName: string | null;
};

const NEIGHBOUR_SELECT = { id: true, name: true, start: true, revokedAt: true, expiresAt: true, deactivatedAt: true } as const;

/** A key of `workspaceId` with its project, lineage and revoker, or a 404. */
export async function getKeyDetailOrThrow(workspaceId: string, keyId: string): Promise<KeyDetail> {
  const key = await getApiKeyOrThrow(workspaceId, keyId);
  const neighbours = [key.rolledFromId, key.rolledToId].filter((id): id is string => id !== null);
  const [project, lineage, revocation] = await Promise.all([
    key.projectId ? prisma.project.findFirst({ where: { id: key.projectId, workspaceId }, select: { id: true, name: true } }) : null,
    neighbours.length > 0 ? prisma.apiKey.findMany({ where: { workspaceId, id: { in: neighbours } }, select: NEIGHBOUR_SELECT }) : [],
    // The revoke is recorded by the event of whoever did it: a revoke, or a roll that stopped the
    // key at once. The newest such event names them.
    key.revokedAt && key.revokedById
      ? prisma.auditEvent.findFirst({
          where: { workspaceId, targetKeyId: key.id, actorId: key.revokedById, action: { in: ["api_key.revoked", "api_key.rolled"] } },
          orderBy: { createdAt: "desc" },
          select: { actorName: true },
        })
      : null,
  ]);
  const neighbour = (id: string | null): KeyNeighbour | null => {
    const found = id ? lineage.find((k) => k.id === id) : undefined;
    return found ? { id: found.id, name: found.name, start: found.start, status: keyStatus(found) } : null;
  };
  let revokedByName: string | null = null;
  if (key.revokedAt) {
    revokedByName = revocation?.actorName ?? (key.revokedById === key.createdById ? key.createdByName : (key.revokedById ?? null));
  }
  return { key, project, predecessor: neighbour(key.rolledFromId), successor: neighbour(key.rolledToId), revokedByName };
}

/**
 * The audit events of several keys (a key and the keys next to it in its roll), newest first:
 * a rolled key's replacement has no events of its own until it is changed, and the roll itself
 * is recorded on the old key.
 */
export async function listKeysAuditEvents(workspaceId: string, keyIds: readonly string[], limit = 30): Promise<AuditEventRecord[]> {
  if (keyIds.length === 0) return [];
  const rows = await prisma.auditEvent.findMany({
    where: { workspaceId, targetKeyId: { in: [...keyIds] } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(limit, 100),
    select: AUDIT_SELECT,
  });
  return rows.map(toAuditRecord);
}

/** A verification as the key's page lists it. */
export type RecentVerification = {
  requestId: string;
  at: Date;
  status: number;
  code: string | null;
  reason: string | null;
  ip: string | null;
  userAgent: string | null;
};

/** A key's most recent verifications, newest first, with where they came from. */
export async function listRecentVerifications(workspaceId: string, keyId: string, limit = 20): Promise<RecentVerification[]> {
  await flushVerificationLog();
  const rows = await prisma.$queryRaw<
    { request_id: string; at: Date; status: number; code: string | null; reason: string | null; ip: string | null; user_agent: string | null }[]
  >`
    SELECT e.request_id, e.at, e.status, e.code, e.reason, e.ip, e.user_agent
    FROM verification_events e JOIN api_keys k ON k.id = e.key_id
    WHERE e.key_id = ${keyId}::uuid AND k.workspace_id = ${workspaceId}::uuid
    ORDER BY e.at DESC LIMIT ${Math.min(limit, 100)}`;
  return rows.map((r) => ({ requestId: r.request_id, at: r.at, status: r.status, code: r.code, reason: r.reason, ip: r.ip, userAgent: r.user_agent }));
}

