import "server-only";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Environment, KeyStatus } from "@/lib/schemas/keys/domain";
import { ENVIRONMENT_LABEL } from "@/lib/schemas/keys/labels";
import type { SingleActiveKeyMode } from "@/lib/schemas/policy";
import type { Tx } from "./client";
import type { ApiKeyRecord } from "./records";

// What "active" means for a key, written once: not revoked, not past its expiry and not
// deactivated, as a
// `where` for the database (activeKeyWhere) and as a status for a key already read
// (keyStatus). The workspace's single-active-key rule and its active-key cap count keys by it,
// and so do the keys table's status filter and the Policies page's list of violations.

/** Keys that verify at `now`: not revoked, not deactivated, and without an expiry or expiring later. */
export function activeKeyWhere(now = new Date()): Prisma.ApiKeyWhereInput {
  return { revokedAt: null, deactivatedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
}

/**
 * A key's status at `now`: revoked, expired (at its expiry instant or after), deactivated, or
 * active. Revoked and expired are final, so they win over deactivated.
 */
export function keyStatus(key: Pick<ApiKeyRecord, "revokedAt" | "expiresAt" | "deactivatedAt">, now = new Date()): KeyStatus {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return "expired";
  if (key.deactivatedAt) return "deactivated";
  return "active";
}

/** Deactivated keys that are neither revoked nor expired (as keyStatus says). */
export function deactivatedKeyWhere(now = new Date()): Prisma.ApiKeyWhereInput {
  return { revokedAt: null, deactivatedAt: { not: null }, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
}

/** Keys that stopped at their expiry (a revoked key counts as revoked, not expired). */
export function expiredKeyWhere(now = new Date()): Prisma.ApiKeyWhereInput {
  return { revokedAt: null, expiresAt: { lte: now } };
}

/**
 * Active keys that count against the single-active-key rule: default keys do not, nor does a
 * rolled key in its grace period (the hot-swap window).
 */
export function singleActiveCandidateWhere(now = new Date()): Prisma.ApiKeyWhereInput {
  return { isAdminManaged: false, rolledToId: null, ...activeKeyWhere(now) };
}

/**
 * The group a key's single-active-key rule is counted in: the whole workspace, or its project
 * and environment. Two active keys of one group break the rule.
 */
export function singleActiveGroupOf(
  mode: Exclude<SingleActiveKeyMode, "off">,
  key: { projectId: string | null; environment: Environment },
): string {
  return mode === "workspace" ? "all" : `${key.projectId ?? "all-projects"}:${key.environment}`;
}

/** The workspace's rule on active keys: at most one per group, at most `maxActiveKeys` in all. */
export type ActiveKeyRule = { singleActiveKey: SingleActiveKeyMode; maxActiveKeys: number | null };

/** Serialises every write that can make a key of the workspace active, until `tx` ends. */
async function lockActiveKeys(tx: Tx, workspaceId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`keyport:active-keys:${workspaceId}`}, 0))`;
}

/**
 * Refuses (409) a new active key that would break `rule`. The rule holds under concurrency:
 * the workspace's transaction-scoped advisory lock is taken first, so two creates cannot both
 * see "no active key" and both commit. Call it in the transaction that inserts the key.
 */
export async function enforceActiveKeyRule(
  tx: Tx,
  workspaceId: string,
  rule: ActiveKeyRule,
  key: { projectId: string | null; environment: Environment },
): Promise<void> {
  if (rule.singleActiveKey === "off" && rule.maxActiveKeys === null) return;
  await lockActiveKeys(tx, workspaceId);
  if (rule.singleActiveKey !== "off") {
    const existing = await tx.apiKey.findFirst({
      where: {
        workspaceId,
        ...singleActiveCandidateWhere(),
        ...(rule.singleActiveKey === "project_environment" ? { projectId: key.projectId, environment: key.environment } : {}),
      },
      select: { name: true },
    });
    if (existing) {
      const scope =
        rule.singleActiveKey === "workspace"
          ? "one active key in the whole workspace"
          : `one active ${ENVIRONMENT_LABEL[key.environment]} key per project`;
      throw new AppError(
        "conflict",
        `This workspace allows ${scope}, and “${existing.name}” is active. Roll it to replace it, or revoke it first.`,
      );
    }
  }
  if (rule.maxActiveKeys !== null) {
    const active = await tx.apiKey.count({ where: { workspaceId, ...activeKeyWhere() } });
    if (active >= rule.maxActiveKeys) {
      throw new AppError("conflict", `This workspace allows ${rule.maxActiveKeys} active key(s). Revoke one before creating another.`);
    }
  }
}
