import "server-only";
import { randomInt } from "node:crypto";
import { env } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import { generateKey, type KeyEnvironment } from "@/lib/keys/token";
import { createApiKeyInputSchema, type CreateApiKeyInput, type KeyRateLimit } from "@/lib/schemas/keys/domain";
import type { CreditsPatch } from "@/lib/schemas/identities";
import { isUuid } from "@/lib/schemas/ids";
import { recordAuditEvent } from "./audit";
import { inTransaction, prisma, type Tx } from "./client";
import { announceKeyChange, notifyKeyChange } from "./events";
import { enforceEditedKeyPolicy, enforceNewKeyPolicy } from "./policies";
import { enforceActiveKeyRule, keyStatus } from "./active-keys";
import { recoverableKeySealer } from "./recoverable";
import { creditColumnsOf, patchCreditsInTx, type CreditColumns } from "./credits";
import { checkIdentityForKey } from "./identities";
import { OMIT_HASH, toApiKeyDto, type ApiKeyRecord } from "./records";
import type { Caller } from "./types";
import { keyEventData, queueWebhookEvent } from "./webhooks/deliveries";

/** A project of `workspaceId`, or a 404 (also for another workspace's project: no leak). */
export async function getProjectOrThrow(workspaceId: string, projectId: string, db: Tx = prisma) {
  const project = isUuid(projectId)
    ? await db.project.findFirst({ where: { id: projectId, workspaceId } })
    : null;
  if (!project) throw new AppError("not_found", "No project with that id exists in this workspace.");
  return project;
}

/**
 * A key of `workspaceId`, or a 404. With `projectId`, the key must belong to that project or
 * cover every project of the workspace.
 */
export async function getApiKeyOrThrow(
  workspaceId: string,
  keyId: string,
  options: { projectId?: string } = {},
  db: Tx = prisma,
): Promise<ApiKeyRecord> {
  // Ids that are not UUIDs name no key: a 404, never a query the database refuses.
  const key = isUuid(keyId) && (options.projectId === undefined || isUuid(options.projectId))
    ? await db.apiKey.findFirst({
        where: {
          id: keyId,
          workspaceId,
          ...(options.projectId ? { OR: [{ projectId: options.projectId }, { projectId: null }] } : {}),
        },
        omit: OMIT_HASH,
      })
    : null;
  if (!key) throw new AppError("not_found", "No API key with that id exists in this project.");
  return key;
}

/** Inserts a key of the caller's workspace in `tx`. Returns the plaintext once, with the stored record. */
export async function insertApiKey(
  tx: Tx,
  caller: Caller,
  data: {
    projectId: string | null;
    name: string;
    description?: string | undefined;
    environment: KeyEnvironment;
    scopes: string[];
    expiresAt?: Date | undefined;
    isAdminManaged?: boolean;
    rateLimit?: KeyRateLimit | null;
    allowedIps?: string[];
    rolledFromId?: string;
    identityId?: string | null;
    /** The key's own credit columns (a roll copies the old key's). */
    credits?: CreditColumns;
    /** Whether to record the creation (a roll records itself instead). */
    audit?: boolean;
  },
): Promise<{ key: string; apiKey: ApiKeyRecord }> {
  const { key, hash, start } = generateKey({ prefix: env().KEYPORT_KEY_PREFIX, environment: data.environment });
  // While the workspace keeps recoverable keys, the key is also kept sealed, for a later reveal.
  const workspace = await tx.workspace.findUniqueOrThrow({ where: { id: caller.workspaceId }, select: { recoverableKeys: true } });
  const apiKey = await tx.apiKey.create({
    data: {
      workspaceId: caller.workspaceId,
      projectId: data.projectId,
      name: data.name,
      description: data.description ?? null,
      environment: data.environment,
      start,
      hash,
      scopes: data.scopes,
      expiresAt: data.expiresAt ?? null,
      createdById: caller.actor.userId,
      createdByName: caller.actor.userName,
      isAdminManaged: data.isAdminManaged ?? false,
      rateLimit: data.rateLimit?.limit ?? null,
      rateLimitWindowS: data.rateLimit?.windowS ?? null,
      allowedIps: data.allowedIps ?? [],
      rolledFromId: data.rolledFromId ?? null,
      sealedKey: workspace.recoverableKeys ? recoverableKeySealer().seal(key) : null,
      end: workspace.recoverableKeys ? key.slice(-4) : null,
      identityId: data.identityId ?? null,
      ...(data.credits ?? creditColumnsOf(null)),
    },
    omit: OMIT_HASH,
  });
  if (data.audit === false) return { key, apiKey };
  await recordAuditEvent(tx, caller, {
    action: "api_key.created",
    targetKeyId: apiKey.id,
    projectId: data.projectId,
    metadata: {
      name: apiKey.name,
      environment: apiKey.environment,
      allProjects: data.projectId === null,
      start: apiKey.start,
      ...(data.rateLimit ? { rateLimit: data.rateLimit.limit, rateLimitWindowS: data.rateLimit.windowS } : {}),
      ...(data.allowedIps?.length ? { allowedIps: data.allowedIps.join(", ") } : {}),
      ...(data.identityId ? { identityId: data.identityId } : {}),
      ...(data.credits?.creditsRemaining != null ? { credits: data.credits.creditsRemaining } : {}),
    },
  });
  await queueWebhookEvent(tx, caller.workspaceId, "key.created", keyEventData(apiKey, caller));
  return { key, apiKey };
}

/**
 * Creates a key in a project (or, with `allProjects`, for the whole workspace). With `tx` (as
 * runIdempotent passes it), the key commits with that transaction.
 */
export async function createApiKey(
  caller: Caller,
  options: { projectId: string; input: CreateApiKeyInput; tx?: Tx },
): Promise<{ key: string; apiKey: ApiKeyRecord }> {
  const { workspaceId } = caller;
  const { projectId } = options;
  const values = createApiKeyInputSchema.parse(options.input);
  return inTransaction(options.tx, async (tx) => {
    await getProjectOrThrow(workspaceId, projectId, tx);
    if (values.identityId) await checkIdentityForKey(tx, workspaceId, values.identityId);
    await enforceNewKeyPolicy(tx, workspaceId, {
      environment: values.environment,
      projectId: values.allProjects ? null : projectId,
      scopes: values.scopes,
      expiresAt: values.expiresAt,
    });
    return insertApiKey(tx, caller, {
      projectId: values.allProjects ? null : projectId,
      name: values.name,
      description: values.description,
      environment: values.environment,
      scopes: values.scopes,
      expiresAt: values.expiresAt,
      rateLimit: values.rateLimit,
      allowedIps: values.allowedIps,
      identityId: values.identityId,
      credits: creditColumnsOf(values.credits),
    });
  });
}

/** What revoking one key did. */
export type RevokeOutcome = "revoked" | "already_revoked";

/** Where a scanner found a leaked key, when its report is what revokes it. */
export type LeakNotice = { url: string; source: string; type: string; action: string };

/**
 * Revokes a key in `tx`: a soft delete (`revokedAt`, `revokedById`). Revoking a revoked key
 * changes nothing and succeeds. A project's default key cannot be revoked (409). Returns the
 * hash of a key revoked now, for the caller to announce once `tx` has committed.
 *
 * With `leak`, a scanner's report revokes the key: the report's own audit event records the
 * revocation (so there is no second one), and the `key.revoked` event says where it leaked.
 */
export async function revokeKeyInTx(
  tx: Tx,
  caller: Caller,
  options: { keyId: string; projectId?: string | undefined; bulk?: boolean; leak?: LeakNotice },
): Promise<{ record: ApiKeyRecord; outcome: RevokeOutcome; hash: string | null }> {
  const { keyId } = options;
  const lookup = { projectId: options.projectId };
  const key = await getApiKeyOrThrow(caller.workspaceId, keyId, lookup, tx);
  if (key.isAdminManaged) {
    throw new AppError(
      "conflict",
      "This is the project's default key, which the platform manages: it cannot be revoked. Roll it to replace it, or create a new key for your traffic.",
    );
  }
  if (key.revokedAt) return { record: key, outcome: "already_revoked", hash: null };
  // Only the request whose update finds the key still active revokes it: a concurrent revoke
  // waits for this row, then matches nothing, so there is one audit event and one notice.
  const [revoked] = await tx.apiKey.updateManyAndReturn({
    where: { id: key.id, revokedAt: null },
    // Revocation is final: a recoverable key's sealed copy goes with it.
    data: { revokedAt: new Date(), revokedById: caller.actor.userId, sealedKey: null },
  });
  if (!revoked) return { record: await getApiKeyOrThrow(caller.workspaceId, keyId, lookup, tx), outcome: "already_revoked", hash: null };
  if (!options.leak) {
    await recordAuditEvent(tx, caller, {
      action: "api_key.revoked",
      targetKeyId: key.id,
      projectId: key.projectId,
      metadata: { name: key.name, start: key.start, ...(options.bulk ? { bulk: true } : {}) },
    });
  }
  await notifyKeyChange(tx, revoked.hash);
  const { hash, ...record } = revoked;
  const extra = { ...(options.bulk ? { bulk: true } : {}), ...(options.leak ? { leak: options.leak } : {}) };
  await queueWebhookEvent(tx, caller.workspaceId, "key.revoked", keyEventData(record, caller, extra));
  return { record, outcome: "revoked", hash };
}

/** Revokes a key (see revokeKeyInTx) and tells this instance once it is done. */
export async function revokeApiKeyWithOutcome(
  caller: Caller,
  options: { keyId: string; projectId?: string | undefined; bulk?: boolean; tx?: Tx },
): Promise<{ record: ApiKeyRecord; outcome: RevokeOutcome }> {
  const { record, outcome, hash } = await inTransaction(options.tx, (tx) => revokeKeyInTx(tx, caller, options));
  if (hash) announceKeyChange(hash);
  return { record, outcome };
}

export async function revokeApiKey(
  caller: Caller,
  options: { keyId: string; projectId?: string | undefined; tx?: Tx },
): Promise<ApiKeyRecord> {
  return (await revokeApiKeyWithOutcome(caller, options)).record;
}

export const BULK_REVOKE_MAX = 1000;

export type BulkRevokeResult = {
  keyId: string;
  status: "revoked" | "already_revoked" | "not_found" | "refused";
  detail: string;
};

/**
 * Revokes each key on its own (its own transaction, audit event and notice), so one refusal
 * never holds up the rest. Default keys are refused; unknown ids are not found.
 */
export async function bulkRevokeApiKeys(
  caller: Caller,
  options: { keyIds: readonly string[]; projectId?: string | undefined; tx?: Tx },
): Promise<BulkRevokeResult[]> {
  const results: BulkRevokeResult[] = [];
  for (const keyId of new Set(options.keyIds)) {
    try {
      const { record, outcome } = await revokeApiKeyWithOutcome(caller, { keyId, projectId: options.projectId, bulk: true, tx: options.tx });
      results.push({
        keyId,
        status: outcome,
        detail: outcome === "revoked" ? `“${record.name}” was revoked.` : `“${record.name}” was already revoked.`,
      });
    } catch (error) {
      if (!isAppError(error) || (error.code !== "not_found" && error.code !== "conflict")) throw error;
      results.push({ keyId, status: error.code === "not_found" ? "not_found" : "refused", detail: error.detail });
    }
  }
  return results;
}

/** How long a rolled key keeps working beside its replacement. */
export const GRACE_PERIOD_MS = { none: 0, "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000 } as const;
export type GracePeriod = keyof typeof GRACE_PERIOD_MS;

/**
 * Rolls a key: a new key with everything of the old one (name, description, environment,
 * projects, scopes, rate limit, allowlist, expiry: never longer), and the old key stopping
 * at the end of `grace` (at once with "none", as a revoke does). Both record the link. A
 * default key's replacement stays the project's default key.
 */
export async function rollApiKey(
  caller: Caller,
  options: { keyId: string; projectId?: string | undefined; grace: GracePeriod; tx?: Tx },
): Promise<{ key: string; apiKey: ApiKeyRecord; previous: ApiKeyRecord }> {
  const { workspaceId, actor } = caller;
  const { keyId } = options;
  let changedHash: string | null = null;
  const rolled = await inTransaction(options.tx, async (tx) => {
    await getApiKeyOrThrow(workspaceId, keyId, options, tx);
    // The old key's row is locked: two rolls of one key run one after the other.
    await tx.$queryRaw`SELECT id FROM api_keys WHERE id = ${keyId}::uuid FOR UPDATE`;
    const old = await getApiKeyOrThrow(workspaceId, keyId, options, tx);
    if (old.rolledToId) {
      const successor = await tx.apiKey.findUnique({ where: { id: old.rolledToId }, select: { id: true, name: true } });
      throw new AppError(
        "conflict",
        `This key was already rolled: its successor is “${successor?.name ?? "unknown"}” (${old.rolledToId}). Roll that key instead.`,
      );
    }
    const status = keyStatus(old);
    if (status !== "active") throw new AppError("conflict", `A ${status} key cannot be rolled. Create a new key instead.`);
    const { key, apiKey } = await insertApiKey(tx, caller, {
      projectId: old.projectId,
      name: old.name,
      description: old.description ?? undefined,
      environment: old.environment,
      scopes: old.scopes,
      expiresAt: old.expiresAt ?? undefined,
      isAdminManaged: old.isAdminManaged,
      rateLimit: old.rateLimit !== null && old.rateLimitWindowS !== null ? { limit: old.rateLimit, windowS: old.rateLimitWindowS } : null,
      allowedIps: old.allowedIps,
      rolledFromId: old.id,
      identityId: old.identityId,
      credits: {
        creditsRemaining: old.creditsRemaining,
        creditsRefillAmount: old.creditsRefillAmount,
        creditsRefillInterval: old.creditsRefillInterval,
        creditsRefillDay: old.creditsRefillDay,
        creditsLowThreshold: old.creditsLowThreshold,
        creditsRefilledAt: old.creditsRefilledAt,
      },
      audit: false,
    });
    const now = new Date();
    const graceEnd = new Date(now.getTime() + GRACE_PERIOD_MS[options.grace]);
    const stopsAt = old.expiresAt && old.expiresAt.getTime() < graceEnd.getTime() ? old.expiresAt : graceEnd;
    const [previous] = await tx.apiKey.updateManyAndReturn({
      where: { id: old.id, rolledToId: null },
      data: {
        rolledToId: apiKey.id,
        rolledAt: now,
        // The replacement is the project's default key now; the old one may be revoked early.
        isAdminManaged: false,
        ...(options.grace === "none" ? { revokedAt: now, revokedById: actor.userId, sealedKey: null } : { expiresAt: stopsAt }),
      },
    });
    if (!previous) throw new AppError("conflict", "This key was rolled by another request meanwhile.");
    await recordAuditEvent(tx, caller, {
      action: "api_key.rolled",
      targetKeyId: old.id,
      projectId: old.projectId,
      metadata: {
        name: old.name,
        start: old.start,
        grace: options.grace,
        stopsAt: options.grace === "none" ? now.toISOString() : stopsAt.toISOString(),
        successorId: apiKey.id,
        successorStart: apiKey.start,
      },
    });
    await notifyKeyChange(tx, previous.hash);
    changedHash = previous.hash;
    const { hash: _hash, ...previousRecord } = previous;
    await queueWebhookEvent(
      tx,
      workspaceId,
      "key.rolled",
      keyEventData(apiKey, caller, { previous_key: toApiKeyDto(previousRecord), grace: options.grace }),
    );
    return { key, apiKey, previous: previousRecord };
  });
  if (changedHash) announceKeyChange(changedHash);
  return rolled;
}

/**
 * Deactivates a key: it is refused exactly as a revoked key is (the same 401), on this instance
 * before the answer leaves and on every other within the staleness bound, through the same
 * channel as a revocation, until it is reactivated with everything it had. Deactivating a
 * deactivated key succeeds and changes nothing. A project's default key, and a revoked or
 * expired key, cannot be deactivated (409).
 */
export async function deactivateApiKey(
  caller: Caller,
  options: { keyId: string; projectId?: string | undefined; tx?: Tx },
): Promise<ApiKeyRecord> {
  return setKeyActivation(caller, { ...options, deactivate: true });
}

/**
 * Reactivates a deactivated key: it verifies again, with everything it had. Reactivating counts
 * as activating, so the workspace's single-active-key rule (and its cap on active keys) may
 * refuse it (409). A revoked key stays revoked (409): revocation is final. Reactivating an
 * active key succeeds and changes nothing.
 */
export async function reactivateApiKey(
  caller: Caller,
  options: { keyId: string; projectId?: string | undefined; tx?: Tx },
): Promise<ApiKeyRecord> {
  return setKeyActivation(caller, { ...options, deactivate: false });
}

async function setKeyActivation(
  caller: Caller,
  options: { keyId: string; projectId?: string | undefined; tx?: Tx; deactivate: boolean },
): Promise<ApiKeyRecord> {
  const { workspaceId } = caller;
  const { keyId, deactivate } = options;
  let changedHash: string | null = null;
  const result = await inTransaction(options.tx, async (tx) => {
    await getApiKeyOrThrow(workspaceId, keyId, options, tx);
    // The row is locked: a deactivation and a revoke or roll of one key run one after the other.
    await tx.$queryRaw`SELECT id FROM api_keys WHERE id = ${keyId}::uuid FOR UPDATE`;
    const key = await getApiKeyOrThrow(workspaceId, keyId, options, tx);
    const status = keyStatus(key);
    if (deactivate && key.isAdminManaged) {
      throw new AppError(
        "conflict",
        "This is the project's default key, which the platform manages: it cannot be deactivated. Roll it to replace it, or create a new key for your traffic.",
      );
    }
    if (status === "revoked") {
      throw new AppError(
        "conflict",
        deactivate
          ? "This key is revoked, which is final: it cannot be deactivated."
          : "This key is revoked, and revocation is final: it cannot be reactivated. Create a new key instead.",
      );
    }
    if (status === "expired") {
      throw new AppError("conflict", `This key has expired: it cannot be ${deactivate ? "deactivated" : "reactivated"}. Create a new key instead.`);
    }
    if (deactivate ? status === "deactivated" : status === "active") return key;
    if (!deactivate) {
      const rule = await tx.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { singleActiveKey: true, maxActiveKeys: true } });
      // As for a new key; a rolled key in its grace period is not counted by the rule, as ever.
      await enforceActiveKeyRule(tx, workspaceId, key.rolledToId ? { ...rule, singleActiveKey: "off" } : rule, key);
    }
    const [row] = await tx.apiKey.updateManyAndReturn({
      where: { id: key.id, revokedAt: null },
      data: deactivate ? { deactivatedAt: new Date(), deactivatedById: caller.actor.userId } : { deactivatedAt: null, deactivatedById: null },
    });
    if (!row) throw new AppError("conflict", "This key was revoked by another request meanwhile.");
    const { hash, ...record } = row;
    await recordAuditEvent(tx, caller, {
      action: deactivate ? "api_key.deactivated" : "api_key.reactivated",
      targetKeyId: key.id,
      projectId: key.projectId,
      metadata: { name: key.name, start: key.start },
    });
    await queueWebhookEvent(tx, workspaceId, deactivate ? "key.deactivated" : "key.reactivated", keyEventData(record, caller));
    await notifyKeyChange(tx, hash);
    changedHash = hash;
    return record;
  });
  if (changedHash) announceKeyChange(changedHash);
  return result;
}

/**
 * A recoverable key, in the clear, for an admin holding `keys:reveal`; every reveal is audited
 * (who, when, the request and its IP). Refused (409, saying why) for a key created while the
 * workspace kept no recoverable keys (never, whatever the policy becomes), for revoked and
 * expired keys (their sealed copy is deleted), and for every key while the policy is off.
 */
export async function revealApiKey(
  caller: Caller,
  options: { keyId: string; projectId?: string | undefined; tx?: Tx },
): Promise<{ key: string; apiKey: ApiKeyRecord }> {
  const { workspaceId } = caller;
  return inTransaction(options.tx, async (tx) => {
    const key = await getApiKeyOrThrow(workspaceId, options.keyId, options, tx);
    const status = keyStatus(key);
    if (status === "revoked" || status === "expired") {
      // An expired key's copy is deleted by the expiry sweep; until then it is never opened.
      throw new AppError("conflict", `This key is ${status}: its sealed copy was deleted, so it can never be revealed.`);
    }
    if (!key.sealedKey) {
      throw new AppError(
        "conflict",
        "This key was created while recoverable keys were off, so it was never kept: it can never be revealed. Roll it for a new key (shown once, and recoverable while the policy is on).",
      );
    }
    const workspace = await tx.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { recoverableKeys: true } });
    if (!workspace.recoverableKeys) {
      throw new AppError(
        "conflict",
        "Recoverable keys are turned off for this workspace: no key can be revealed until an admin turns them on again under Settings → Policies.",
      );
    }
    const plaintext = recoverableKeySealer().open(key.sealedKey);
    if (plaintext === null) {
      throw new AppError(
        "conflict",
        "This key's sealed copy cannot be opened with this instance's KEYPORT_SECRET or KEYPORT_SECRET_PREVIOUS: set the secret it was sealed under as KEYPORT_SECRET_PREVIOUS.",
      );
    }
    await recordAuditEvent(tx, caller, {
      action: "api_key.revealed",
      targetKeyId: key.id,
      projectId: key.projectId,
      metadata: { name: key.name, start: key.start },
    });
    return { key: plaintext, apiKey: key };
  });
}

/** Fields an edit may change. `undefined`: unchanged; `null` clears what may be cleared. */
export type ApiKeyChanges = {
  name?: string | undefined;
  description?: string | null | undefined;
  scopes?: string[] | undefined;
  expiresAt?: Date | undefined;
  rateLimit?: KeyRateLimit | null | undefined;
  allowedIps?: string[] | undefined;
  identityId?: string | null | undefined;
  /** Without `remaining`, the balance is kept (see patchCreditsInTx). */
  credits?: CreditsPatch | null | undefined;
};

/**
 * Edits a key. Expiry may only move earlier (never later, never past the workspace's maximum
 * lifetime); every instance sees the change on its next verification.
 */
export async function updateApiKey(
  caller: Caller,
  options: { keyId: string; projectId?: string | undefined; changes: ApiKeyChanges; tx?: Tx },
): Promise<ApiKeyRecord> {
  const { workspaceId } = caller;
  const { keyId, changes } = options;
  let changedHash: string | null = null;
  const updated = await inTransaction(options.tx, async (tx) => {
    await getApiKeyOrThrow(workspaceId, keyId, options, tx);
    await tx.$queryRaw`SELECT id FROM api_keys WHERE id = ${keyId}::uuid FOR UPDATE`;
    const key = await getApiKeyOrThrow(workspaceId, keyId, options, tx);
    const status = keyStatus(key);
    if (status !== "active") throw new AppError("conflict", `A ${status} key cannot be edited.`);
    if (changes.identityId) await checkIdentityForKey(tx, workspaceId, changes.identityId);
    if (changes.expiresAt !== undefined) {
      if (changes.expiresAt.getTime() <= Date.now()) {
        throw new AppError("validation_failed", "The expiry must be in the future.", {
          errors: [{ location: "expires_at", message: "Choose a time in the future.", value: changes.expiresAt.toISOString() }],
        });
      }
      if (key.expiresAt && changes.expiresAt.getTime() > key.expiresAt.getTime()) {
        throw new AppError("validation_failed", "An edit can only bring a key's expiry earlier.", {
          errors: [
            {
              location: "expires_at",
              message: `Choose a time before the current expiry, ${key.expiresAt.toISOString()}. A roll keeps the expiry too: for a longer life, create a new key.`,
              value: changes.expiresAt.toISOString(),
            },
          ],
        });
      }
    }
    const next = {
      scopes: changes.scopes ?? key.scopes,
      expiresAt: changes.expiresAt ?? key.expiresAt,
    };
    await enforceEditedKeyPolicy(tx, workspaceId, { environment: key.environment, createdAt: key.createdAt, ...next }, {
      scopes: changes.scopes !== undefined && changes.scopes.some((s) => !key.scopes.includes(s)),
    });
    // Only what differs is written, audited and announced (a dialog sends every field).
    const differs = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);
    const credits = changes.credits === undefined ? null : await patchCreditsInTx(tx, caller, { owner: { kind: "key", id: key.id }, row: key, patch: changes.credits });
    const data = {
      ...(changes.name !== undefined && changes.name !== key.name ? { name: changes.name } : {}),
      ...(changes.description !== undefined && changes.description !== key.description ? { description: changes.description } : {}),
      ...(changes.scopes !== undefined && differs(changes.scopes, key.scopes) ? { scopes: changes.scopes } : {}),
      ...(changes.expiresAt !== undefined ? { expiresAt: changes.expiresAt } : {}),
      ...(changes.rateLimit !== undefined &&
      differs(changes.rateLimit, key.rateLimit === null ? null : { limit: key.rateLimit, windowS: key.rateLimitWindowS })
        ? { rateLimit: changes.rateLimit?.limit ?? null, rateLimitWindowS: changes.rateLimit?.windowS ?? null }
        : {}),
      ...(changes.allowedIps !== undefined && differs(changes.allowedIps, key.allowedIps) ? { allowedIps: changes.allowedIps } : {}),
      ...(changes.identityId !== undefined && changes.identityId !== key.identityId ? { identityId: changes.identityId } : {}),
      ...(credits ?? {}),
    };
    const changed = Object.keys(data)
      .filter((field) => field !== "rateLimitWindowS" && !(field.startsWith("credits") && field !== "creditsRemaining"))
      .map((field) => (field === "creditsRemaining" ? "credits" : field));
    if (changed.length === 0) return key;
    const [row] = await tx.apiKey.updateManyAndReturn({ where: { id: key.id }, data });
    const { hash, ...record } = row!;
    await recordAuditEvent(tx, caller, {
      action: "api_key.updated",
      targetKeyId: key.id,
      projectId: key.projectId,
      metadata: { name: record.name, start: record.start, changed: changed.join(", ") },
    });
    await queueWebhookEvent(tx, workspaceId, "key.updated", keyEventData(record, caller, { changed: changed.map(apiFieldName) }));
    await notifyKeyChange(tx, hash);
    changedHash = hash;
    return record;
  });
  if (changedHash) announceKeyChange(changedHash);
  return updated;
}

/** A changed column as the API names the field. */
function apiFieldName(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** Random digits for a default key's name: `{projectId}_default_{suffix}`. */
export function defaultKeySuffix(): string {
  return String(randomInt(100_000, 1_000_000));
}
