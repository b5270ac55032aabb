import "server-only";
import { acceptedKeyPrefixes } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { hashKey, parseKey, parseManagementKey } from "@/lib/keys/token";
import { cleanDisplayText } from "@/lib/schemas/text";
import { getApiKeyOrThrow, revokeKeyInTx } from "./api-keys";
import { revokeManagementKey, toManagementKeyDto } from "./management-keys";
import { recordAuditEvent } from "./audit";
import { inTransaction, prisma, type Tx } from "./client";
import { announceKeyChange } from "./events";
import type { ApiKeyRecord } from "./records";
import type { Actor, Caller, RequestContext } from "./types";
import { keyEventData, queueWebhookEvent } from "./webhooks/deliveries";

// Leak reports from a secret scanner: each reported token that is one of our keys is flagged
// (the dashboard shows a banner until an admin acknowledges it), audited with where it was
// found, and, under the workspace's default `revoke` response, revoked at once on every
// instance. A token that is not one of our keys is a false positive.

export type LeakedToken = { token: string; type: string; url: string; source: string };
export type LeakLabel = "true_positive" | "false_positive";
export type LeakVerdict = { token: string; hash: string; type: string; label: LeakLabel };

/** Who acts in the audit trail when a scanner's report changes a key. */
export const SECRET_SCANNING_ACTOR: Actor = { userId: "secret-scanning", userName: "Secret scanning", type: "scanner" };

/** What the report did to a key, as the audit event records it. */
type LeakAction = "revoked" | "flagged" | "already_revoked" | "flagged_default_key";

async function applyLeak(keyId: string, hash: string, report: LeakedToken, context: RequestContext): Promise<boolean> {
  const revoked = await prisma.$transaction(async (tx) => {
    // The key's row is locked first, so two reports of one key apply one after the other.
    const [key] = await tx.apiKey.updateManyAndReturn({
      where: { id: keyId },
      data: { leakedAt: new Date(), leakUrl: report.url || null },
      include: { workspace: { select: { leakResponse: true } } },
      omit: { hash: true },
    });
    if (!key) return false;
    const { workspace, ...marked } = key;
    const caller: Caller = { workspaceId: key.workspaceId, actor: SECRET_SCANNING_ACTOR, ...context };
    let action: LeakAction;
    let current: ApiKeyRecord = marked;
    if (key.revokedAt) action = "already_revoked";
    else if (workspace.leakResponse === "flag") action = "flagged";
    // A project's default key cannot be revoked: it is flagged for its owner to roll.
    else if (key.isAdminManaged) action = "flagged_default_key";
    else {
      // The revoke every other caller uses; this report's audit event records it.
      const leak = { url: report.url, source: report.source, type: report.type, action: "revoked" };
      const outcome = await revokeKeyInTx(tx, caller, { keyId: key.id, leak });
      current = outcome.record;
      action = outcome.outcome;
    }
    await recordAuditEvent(tx, caller, {
      action: "api_key.leaked",
      targetKeyId: key.id,
      projectId: key.projectId,
      metadata: { name: key.name, start: key.start, url: report.url, source: report.source, type: report.type, action },
    });
    const leak = { url: report.url, source: report.source, type: report.type, action };
    await queueWebhookEvent(tx, key.workspaceId, "key.leaked", keyEventData(current, caller, { leak }));
    return action === "revoked";
  });
  if (revoked) announceKeyChange(hash);
  return revoked;
}

/**
 * A reported management key: flagged, audited and announced (`management_key.leaked`), and
 * revoked at once unless its workspace only flags leaks.
 */
async function applyManagementKeyLeak(keyId: string, report: LeakedToken, context: RequestContext): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const [key] = await tx.managementKey.updateManyAndReturn({
      where: { id: keyId },
      data: { leakedAt: new Date(), leakUrl: report.url || null },
      include: { workspace: { select: { leakResponse: true } } },
      omit: { hash: true },
    });
    if (!key) return;
    const { workspace, ...marked } = key;
    const caller: Caller = { workspaceId: key.workspaceId, actor: SECRET_SCANNING_ACTOR, ...context };
    let action: "revoked" | "flagged" | "already_revoked" = "flagged";
    let current = marked;
    if (key.revokedAt) action = "already_revoked";
    else if (workspace.leakResponse === "revoke") {
      current = { ...marked, ...(await revokeManagementKey(caller, { id: key.id, tx })) };
      action = "revoked";
    }
    await recordAuditEvent(tx, caller, {
      action: "management_key.leaked",
      targetKeyId: key.id,
      metadata: { name: key.name, start: key.start, url: report.url, source: report.source, type: report.type, action },
    });
    await queueWebhookEvent(tx, key.workspaceId, "management_key.leaked", {
      management_key: toManagementKeyDto(current),
      actor: { id: caller.actor.userId, name: caller.actor.userName, type: "scanner" },
      request_id: caller.requestId ?? null,
      leak: { url: report.url, source: report.source, type: report.type, action },
    });
  });
}

/**
 * Applies a scanner's report, token by token and in order (the same token twice revokes once
 * and is audited twice). Returns each token's label.
 */
export async function applyLeakReport(input: readonly LeakedToken[], context: RequestContext = {}): Promise<LeakVerdict[]> {
  const prefixes = acceptedKeyPrefixes();
  // Where a leak was found is the scanner's text: stored as faithfully as PostgreSQL can (no
  // NUL, no lone surrogate), never refused for it.
  const report = input.map((item) => ({ ...item, url: cleanDisplayText(item.url), source: cleanDisplayText(item.source), type: cleanDisplayText(item.type) }));
  const hashes = report.map((item) => hashKey(item.token));
  const wellFormed = report.map((item) => parseKey(item.token, prefixes).ok);
  const candidates = [...new Set(hashes.filter((_, i) => wellFormed[i]))];
  const keys =
    candidates.length === 0
      ? []
      : await prisma.apiKey.findMany({ where: { hash: { in: candidates } }, select: { id: true, hash: true } });
  const keyIdByHash = new Map(keys.map((k) => [k.hash, k.id]));
  // Management keys (`kpm_…`) have their own table, and the same response to a leak.
  const managementCandidates = [...new Set(hashes.filter((_, i) => parseManagementKey(report[i]!.token).ok))];
  const managementKeys =
    managementCandidates.length === 0
      ? []
      : await prisma.managementKey.findMany({ where: { hash: { in: managementCandidates } }, select: { id: true, hash: true } });
  const managementKeyIdByHash = new Map(managementKeys.map((k) => [k.hash, k.id]));
  const verdicts: LeakVerdict[] = [];
  for (const [i, item] of report.entries()) {
    const hash = hashes[i]!;
    const keyId = wellFormed[i] ? keyIdByHash.get(hash) : undefined;
    const managementKeyId = managementKeyIdByHash.get(hash);
    if (keyId) await applyLeak(keyId, hash, item, context);
    else if (managementKeyId) await applyManagementKeyLeak(managementKeyId, item, context);
    const found = Boolean(keyId ?? managementKeyId);
    verdicts.push({ token: item.token, hash, type: input[i]!.type, label: found ? "true_positive" : "false_positive" });
  }
  return verdicts;
}

/** An admin has seen the leak report of a key: its banner goes away (a later report brings it back). */
export async function acknowledgeLeak(
  caller: Caller,
  options: { keyId: string; projectId?: string | undefined; tx?: Tx },
): Promise<ApiKeyRecord> {
  return inTransaction(options.tx, async (tx) => {
    const key = await getApiKeyOrThrow(caller.workspaceId, options.keyId, { projectId: options.projectId }, tx);
    if (!key.leakedAt) throw new AppError("conflict", "No leak has been reported for this key.");
    const [updated] = await tx.apiKey.updateManyAndReturn({
      where: { id: key.id },
      data: { leakAcknowledgedAt: new Date() },
      omit: { hash: true },
    });
    await recordAuditEvent(tx, caller, {
      action: "api_key.leak_acknowledged",
      targetKeyId: key.id,
      projectId: key.projectId,
      metadata: { name: key.name, start: key.start },
    });
    return updated ?? key;
  });
}

/** Whether any key of the workspace has a leak report no admin has acknowledged. */
export async function countUnacknowledgedLeaks(workspaceId: string): Promise<number> {
  const rows = await prisma.$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM api_keys
    WHERE workspace_id = ${workspaceId}::uuid AND leaked_at IS NOT NULL
      AND (leak_acknowledged_at IS NULL OR leak_acknowledged_at < leaked_at)`;
  return Number(rows[0]?.count ?? 0);
}
