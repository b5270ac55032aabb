import "server-only";
import { missingPermissions, sortPermissions } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { generateManagementKey } from "@/lib/keys/token";
import { logger } from "@/lib/log";
import { ACTOR_TYPES, type ActorType } from "@/lib/schemas/audit";
import {
  createdManagementKeyDtoSchema,
  managementKeyDtoSchema,
  type CreateManagementKeyInput,
  type CreatedManagementKeyDto,
  type ManagementKeyDto,
} from "@/lib/schemas/management-keys";
import { recordAuditEvent } from "./audit";
import { inTransaction, prisma, type Tx } from "./client";
import { announceKeyChange, notifyKeyChange } from "./events";
import type { Caller } from "./types";

// Management keys (`kpm_…`): credentials for scripts, CI and tools that call the management
// API of one workspace with the permissions they were given. Stored as a hash and a short
// start; the key itself is in the create answer only. Revoking one announces its hash on the
// same channel as an SDK key's, so every instance refuses it within the same bound.

export type ManagementKeyRecord = {
  id: string;
  workspaceId: string;
  name: string;
  start: string;
  permissions: string[];
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
  createdById: string;
  createdByName: string;
  createdByType: string;
  revokedAt: Date | null;
  leakedAt: Date | null;
};

const RECORD_SELECT = {
  id: true,
  workspaceId: true,
  name: true,
  start: true,
  permissions: true,
  expiresAt: true,
  lastUsedAt: true,
  createdAt: true,
  createdById: true,
  createdByName: true,
  createdByType: true,
  revokedAt: true,
  leakedAt: true,
} as const;

const actorType = (value: string): ActorType => ((ACTOR_TYPES as readonly string[]).includes(value) ? (value as ActorType) : "user");

export function toManagementKeyDto(record: ManagementKeyRecord): ManagementKeyDto {
  return managementKeyDtoSchema.parse({
    id: record.id,
    name: record.name,
    permissions: sortPermissions(record.permissions),
    start: record.start,
    created_at: record.createdAt.toISOString(),
    created_by: { id: record.createdById, name: record.createdByName, type: actorType(record.createdByType) },
    expires_at: record.expiresAt?.toISOString() ?? null,
    last_used_at: record.lastUsedAt?.toISOString() ?? null,
    revoked_at: record.revokedAt?.toISOString() ?? null,
    leaked_at: record.leakedAt?.toISOString() ?? null,
  });
}

/**
 * Creates a management key. `grantable` is what the caller may hand on: every permission for
 * an admin's session (null), and only its own for a management key, so no key can mint a
 * stronger one (403 naming what it lacks).
 */
export async function createManagementKey(
  caller: Caller,
  options: { input: CreateManagementKeyInput; grantable: readonly string[] | null; tx?: Tx },
): Promise<CreatedManagementKeyDto> {
  const { input, grantable } = options;
  if (grantable) {
    const lacking = missingPermissions(grantable, input.permissions);
    if (lacking.length > 0) {
      throw new AppError(
        "forbidden",
        `A management key can only grant permissions it holds itself; this one lacks ${lacking.join(", ")}.`,
      );
    }
  }
  const generated = generateManagementKey();
  return inTransaction(options.tx, async (tx) => {
    const record = await tx.managementKey.create({
      data: {
        workspaceId: caller.workspaceId,
        name: input.name,
        start: generated.start,
        hash: generated.hash,
        permissions: input.permissions,
        expiresAt: input.expiresAt,
        createdById: caller.actor.userId,
        createdByName: caller.actor.userName,
        createdByType: caller.actor.type ?? "user",
      },
      select: RECORD_SELECT,
    });
    await recordAuditEvent(tx, caller, {
      action: "management_key.created",
      targetKeyId: record.id,
      metadata: {
        name: record.name,
        start: record.start,
        permissions: record.permissions.join(" "),
        expires_at: record.expiresAt?.toISOString() ?? null,
      },
    });
    return createdManagementKeyDtoSchema.parse({ ...toManagementKeyDto(record), key: generated.key });
  });
}

/** The workspace's management keys, newest first, revoked ones too (never a secret). */
export async function listManagementKeys(workspaceId: string): Promise<ManagementKeyRecord[]> {
  return prisma.managementKey.findMany({
    where: { workspaceId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: RECORD_SELECT,
  });
}

/** Only the active ones: neither revoked nor expired (the Settings page's table). */
export async function listActiveManagementKeys(workspaceId: string): Promise<ManagementKeyRecord[]> {
  const now = new Date();
  return prisma.managementKey.findMany({
    where: { workspaceId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: RECORD_SELECT,
  });
}

/**
 * Revokes a management key of the caller's workspace (another workspace's is a 404). It is
 * refused on this instance at once and on every other within the staleness bound. Revoking a
 * revoked key succeeds again, and is audited once.
 */
export async function revokeManagementKey(caller: Caller, options: { id: string; tx?: Tx }): Promise<ManagementKeyRecord> {
  let changedHash: string | null = null;
  const record = await inTransaction(options.tx, async (tx) => {
    const existing = await tx.managementKey.findFirst({
      where: { id: options.id, workspaceId: caller.workspaceId },
      select: { ...RECORD_SELECT, hash: true },
    });
    if (!existing) throw new AppError("not_found", "No management key with this id in this workspace.");
    const { hash, ...current } = existing;
    if (current.revokedAt) return current;
    const revoked = await tx.managementKey.update({
      where: { id: current.id },
      data: { revokedAt: new Date(), revokedById: caller.actor.userId },
      select: RECORD_SELECT,
    });
    await recordAuditEvent(tx, caller, {
      action: "management_key.revoked",
      targetKeyId: revoked.id,
      metadata: { name: revoked.name, start: revoked.start },
    });
    await notifyKeyChange(tx, hash);
    changedHash = hash;
    return revoked;
  });
  if (changedHash) announceKeyChange(changedHash);
  return record;
}

/** How often one process writes a key's `last_used_at`: a busy script costs one write a minute. */
const LAST_USED_WRITE_MS = 60_000;
const lastWritten = new Map<string, number>();

/**
 * Notes that a management key was used (after its request was authenticated). Written in the
 * background, at most once a minute per key and process; a failed write is logged, never felt.
 */
export function recordManagementKeyUse(keyId: string, at: number): void {
  const previous = lastWritten.get(keyId);
  if (previous !== undefined && at - previous < LAST_USED_WRITE_MS) return;
  lastWritten.set(keyId, at);
  if (lastWritten.size > 10_000) lastWritten.clear();
  prisma.managementKey
    .update({ where: { id: keyId }, data: { lastUsedAt: new Date(at) } })
    .catch((error: unknown) => logger().warn({ error: String(error) }, "a management key's last use could not be recorded"));
}
