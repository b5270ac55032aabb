import "server-only";
import { AppError } from "@/lib/errors";
import type { Identity, Prisma } from "@/lib/generated/prisma/client";
import {
  identityDtoSchema,
  type CreateIdentityInput,
  type IdentityChanges,
  type IdentityChoice,
  type IdentityDto,
  type ListIdentitiesQuery,
} from "@/lib/schemas/identities";
import { isUuid } from "@/lib/schemas/ids";
import { activeKeyWhere } from "./active-keys";
import { revokeKeyInTx } from "./api-keys";
import { recordAuditEvent } from "./audit";
import { inTransaction, prisma, type Tx } from "./client";
import { creditColumnsOf, patchCreditsInTx, refillRowIfDue, toCreditsDto } from "./credits";
import { isUniqueViolation } from "./errors";
import { announceKeyChange, notifyKeyChange } from "./events";
import type { Caller } from "./types";
import { createdCursorOf, decodeCreatedCursor } from "./cursor";

// Identities: the customers of a product built on Keyport. An identity owns keys; its credits
// and its rate limit are shared by all of them, and its `meta` is returned with every valid
// verification of one. `externalId` is the product's own id for the customer, unique in the
// workspace. Every read and write is scoped to the caller's workspace: another workspace's
// identity is a 404.

/** An identity as the data layer hands it out: its row and how many active keys it owns. */
export type IdentityRecord = Identity & { keyCount: number };

export const identityNotFound = () => new AppError("not_found", "No identity with this id in this workspace.");

const duplicateExternalId = (externalId: string) =>
  new AppError("conflict", `An identity with the external id “${externalId}” already exists in this workspace.`, {
    errors: [{ location: "body.external_id", message: "Another identity of this workspace has this external id.", value: externalId }],
  });

export function toIdentityDto(record: IdentityRecord, now = Date.now()): IdentityDto {
  return identityDtoSchema.parse({
    id: record.id,
    external_id: record.externalId,
    name: record.name,
    meta: record.meta && typeof record.meta === "object" && !Array.isArray(record.meta) ? record.meta : {},
    credits: toCreditsDto(record, now),
    rate_limit: record.rateLimit !== null && record.rateLimitWindowS !== null ? { limit: record.rateLimit, window_s: record.rateLimitWindowS } : null,
    key_count: record.keyCount,
    created_at: record.createdAt.toISOString(),
    updated_at: record.updatedAt.toISOString(),
  });
}

/** How many active keys each identity owns. */
async function activeKeyCounts(db: Tx, identityIds: readonly string[]): Promise<Map<string, number>> {
  if (identityIds.length === 0) return new Map();
  const groups = await db.apiKey.groupBy({
    by: ["identityId"],
    where: { identityId: { in: [...identityIds] }, ...activeKeyWhere() },
    _count: { _all: true },
  });
  return new Map(groups.map((group) => [group.identityId!, group._count._all]));
}

/** Rows as records: due refills applied first (a read is when a missed refill happens), then the key counts. */
async function toRecords(db: Tx, rows: Identity[]): Promise<IdentityRecord[]> {
  const now = Date.now();
  const refreshed = await Promise.all(
    rows.map(async (row) => ((await refillRowIfDue({ kind: "identity", id: row.id }, row, now, db === prisma ? undefined : db)) ? ((await db.identity.findUnique({ where: { id: row.id } })) ?? row) : row)),
  );
  const counts = await activeKeyCounts(db, refreshed.map((row) => row.id));
  return refreshed.map((row) => ({ ...row, keyCount: counts.get(row.id) ?? 0 }));
}

/** An identity of the workspace, or a 404 (also for another workspace's: no leak). */
export async function getIdentityOrThrow(workspaceId: string, identityId: string, db: Tx = prisma): Promise<IdentityRecord> {
  const row = isUuid(identityId) ? await db.identity.findFirst({ where: { id: identityId, workspaceId } }) : null;
  if (!row) throw identityNotFound();
  const [record] = await toRecords(db, [row]);
  return record!;
}

/**
 * The identity a key is being given (`identity_id` on a key's create or edit): one of the
 * workspace's, or a 422 at `field`. Another workspace's identity is as unknown as none.
 */
export async function checkIdentityForKey(tx: Tx, workspaceId: string, identityId: string, field = "body.identity_id"): Promise<void> {
  const found = isUuid(identityId) ? await tx.identity.findFirst({ where: { id: identityId, workspaceId }, select: { id: true } }) : null;
  if (!found) {
    throw new AppError("validation_failed", "The identity does not exist in this workspace.", {
      errors: [{ location: field, message: "No identity with this id in this workspace.", value: identityId }],
    });
  }
}

/** Creates an identity. A duplicate external id in the workspace is a 409. Audited. */
export async function createIdentity(caller: Caller, options: { input: CreateIdentityInput; tx?: Tx }): Promise<IdentityRecord> {
  const { input } = options;
  try {
    return await inTransaction(options.tx, async (tx) => {
      // A savepoint-free check first: inside a caller's transaction a unique violation would abort it.
      const existing = await tx.identity.findFirst({ where: { workspaceId: caller.workspaceId, externalId: input.externalId }, select: { id: true } });
      if (existing) throw duplicateExternalId(input.externalId);
      const row = await tx.identity.create({
        data: {
          workspaceId: caller.workspaceId,
          externalId: input.externalId,
          name: input.name,
          meta: input.meta as Prisma.InputJsonValue,
          ...creditColumnsOf(input.credits),
          rateLimit: input.rateLimit?.limit ?? null,
          rateLimitWindowS: input.rateLimit?.windowS ?? null,
        },
      });
      await recordAuditEvent(tx, caller, {
        action: "identity.created",
        metadata: { identityId: row.id, externalId: row.externalId, name: row.name, credits: row.creditsRemaining },
      });
      return { ...row, keyCount: 0 };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateExternalId(input.externalId);
    throw error;
  }
}

export type IdentityPage = { items: IdentityRecord[]; nextCursor: string | null };


/** `q` as a literal substring: `%`, `_` and `\` match themselves. */
const containsText = (q: string) => ({ contains: q, mode: "insensitive" as const });

/**
 * The workspace's identities, newest first, a page at a time (keyset cursors: page 200 costs
 * what page 1 does). `q` searches external ids and names (case-insensitive, literal text);
 * `external_id` finds the one identity with exactly that id.
 */
export async function listIdentities(workspaceId: string, query: ListIdentitiesQuery): Promise<IdentityPage> {
  const cursor = decodeCreatedCursor(query.cursor);
  const where: Prisma.IdentityWhereInput = {
    workspaceId,
    ...(query.external_id !== undefined ? { externalId: query.external_id } : {}),
    AND: [
      ...(query.q ? [{ OR: [{ externalId: containsText(query.q) }, { name: containsText(query.q) }] }] : []),
      ...(cursor ? [{ OR: [{ createdAt: { lt: new Date(cursor.t) } }, { createdAt: new Date(cursor.t), id: { lt: cursor.id } }] }] : []),
    ],
  };
  const rows = await prisma.identity.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: query.limit + 1 });
  const items = await toRecords(prisma, rows.slice(0, query.limit));
  const last = items.at(-1);
  const nextCursor =
    rows.length > query.limit && last ? createdCursorOf(last) : null;
  return { items, nextCursor };
}

/** Every instance forgets its cached view of the identity's keys (their verification carries the identity). */
async function notifyIdentityKeys(tx: Tx, identityId: string): Promise<string[]> {
  const keys = await tx.apiKey.findMany({ where: { identityId }, select: { hash: true } });
  for (const key of keys) await notifyKeyChange(tx, key.hash);
  return keys.map((key) => key.hash);
}

/**
 * Edits an identity: only what differs is written and audited. `credits: null` makes it
 * unlimited; credits without `remaining` keep the balance (see patchCreditsInTx).
 */
export async function updateIdentity(caller: Caller, options: { id: string; changes: IdentityChanges; tx?: Tx }): Promise<IdentityRecord> {
  const { changes } = options;
  let hashes: string[] = [];
  try {
    const record = await inTransaction(options.tx, async (tx) => {
      const current = isUuid(options.id)
        ? (await tx.$queryRaw<{ id: string }[]>`SELECT id FROM identities WHERE id = ${options.id}::uuid AND workspace_id = ${caller.workspaceId}::uuid FOR UPDATE`)[0]
        : undefined;
      if (!current) throw identityNotFound();
      const row = (await tx.identity.findUnique({ where: { id: current.id } }))!;
      if (changes.externalId !== undefined && changes.externalId !== row.externalId) {
        const taken = await tx.identity.findFirst({ where: { workspaceId: caller.workspaceId, externalId: changes.externalId }, select: { id: true } });
        if (taken) throw duplicateExternalId(changes.externalId);
      }
      const differs = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);
      const credits = changes.credits === undefined ? null : await patchCreditsInTx(tx, caller, { owner: { kind: "identity", id: row.id }, row, patch: changes.credits });
      const rateLimitNow = row.rateLimit !== null ? { limit: row.rateLimit, windowS: row.rateLimitWindowS } : null;
      const data: Prisma.IdentityUpdateInput = {
        ...(changes.externalId !== undefined && changes.externalId !== row.externalId ? { externalId: changes.externalId } : {}),
        ...(changes.name !== undefined && changes.name !== row.name ? { name: changes.name } : {}),
        ...(changes.meta !== undefined && differs(changes.meta, row.meta) ? { meta: changes.meta as Prisma.InputJsonValue } : {}),
        ...(credits ?? {}),
        ...(changes.rateLimit !== undefined && differs(changes.rateLimit, rateLimitNow)
          ? { rateLimit: changes.rateLimit?.limit ?? null, rateLimitWindowS: changes.rateLimit?.windowS ?? null }
          : {}),
      };
      const changed = [
        ...("externalId" in data ? ["external id"] : []),
        ...("name" in data ? ["name"] : []),
        ...("meta" in data ? ["meta"] : []),
        ...("creditsRemaining" in data ? ["credits"] : []),
        ...("rateLimit" in data ? ["rate limit"] : []),
      ];
      if (changed.length === 0) return (await toRecords(tx, [row]))[0]!;
      const updated = await tx.identity.update({ where: { id: row.id }, data });
      await recordAuditEvent(tx, caller, {
        action: "identity.updated",
        metadata: { identityId: row.id, externalId: updated.externalId, changed: changed.join(", ") },
      });
      hashes = await notifyIdentityKeys(tx, row.id);
      return (await toRecords(tx, [updated]))[0]!;
    });
    for (const hash of hashes) announceKeyChange(hash);
    return record;
  } catch (error) {
    if (isUniqueViolation(error) && changes.externalId !== undefined) throw duplicateExternalId(changes.externalId);
    throw error;
  }
}

/**
 * Deletes an identity. One that owns active keys is a 409 unless `revokeKeys`: then each of
 * them is revoked (each audited and announced, as a revoke is), and the identity deleted with
 * them. Keys already revoked or expired simply lose their identity.
 */
export async function deleteIdentity(caller: Caller, options: { id: string; revokeKeys: boolean; tx?: Tx }): Promise<{ revokedKeys: number }> {
  const hashes: string[] = [];
  const result = await inTransaction(options.tx, async (tx) => {
    const row = isUuid(options.id)
      ? (await tx.$queryRaw<{ id: string; external_id: string }[]>`SELECT id, external_id FROM identities WHERE id = ${options.id}::uuid AND workspace_id = ${caller.workspaceId}::uuid FOR UPDATE`)[0]
      : undefined;
    if (!row) throw identityNotFound();
    const active = await tx.apiKey.findMany({ where: { identityId: row.id, ...activeKeyWhere() }, select: { id: true, isAdminManaged: true } });
    if (active.length > 0 && !options.revokeKeys) {
      throw new AppError(
        "conflict",
        `This identity owns ${active.length} active ${active.length === 1 ? "key" : "keys"}. Revoke ${active.length === 1 ? "it" : "them"} first, or delete with ?revoke_keys=true to revoke ${active.length === 1 ? "it" : "them"} with the identity.`,
      );
    }
    let revokedKeys = 0;
    for (const key of active) {
      if (key.isAdminManaged) {
        // A project's default key cannot be revoked: it only loses its identity.
        await tx.apiKey.update({ where: { id: key.id }, data: { identityId: null } });
        continue;
      }
      const revoked = await revokeKeyInTx(tx, caller, { keyId: key.id });
      if (revoked.hash) hashes.push(revoked.hash);
      if (revoked.outcome === "revoked") revokedKeys += 1;
    }
    hashes.push(...(await notifyIdentityKeys(tx, row.id)));
    await tx.identity.delete({ where: { id: row.id } });
    await recordAuditEvent(tx, caller, {
      action: "identity.deleted",
      metadata: { identityId: row.id, externalId: row.external_id, revokedKeys },
    });
    return { revokedKeys };
  });
  for (const hash of new Set(hashes)) announceKeyChange(hash);
  return result;
}

/** An identity's keys (newest first, revoked ones too), for its page. */
export async function listIdentityKeys(workspaceId: string, identityId: string) {
  await getIdentityOrThrow(workspaceId, identityId);
  return prisma.apiKey.findMany({
    where: { workspaceId, identityId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    omit: { hash: true },
    take: 200,
  });
}

/**
 * Up to `limit` identities of the workspace whose external id or name contains `q` (all of
 * them when `q` is empty), newest first, for the key dialogs' picker: a workspace may have
 * thousands, so the picker asks for a few at a time. `include` (the key's identity) is
 * returned as `included`, found or not among them, so the picker can name what is chosen.
 */
export async function searchIdentityChoices(
  workspaceId: string,
  options: { q: string; limit: number; include?: string | null | undefined },
): Promise<{ items: IdentityChoice[]; included: IdentityChoice | null }> {
  const select = { id: true, externalId: true, name: true } as const;
  const q = options.q.trim();
  const [items, included] = await Promise.all([
    prisma.identity.findMany({
      where: { workspaceId, ...(q ? { OR: [{ externalId: containsText(q) }, { name: containsText(q) }] } : {}) },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: options.limit,
      select,
    }),
    options.include && isUuid(options.include) ? prisma.identity.findFirst({ where: { workspaceId, id: options.include }, select }) : Promise.resolve(null),
  ]);
  return { items, included };
}
