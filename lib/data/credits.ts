import "server-only";
import { dueRefill, nextRefillAt } from "@/lib/credits/refill";
import { AppError } from "@/lib/errors";
import {
  CREDITS_MAX,
  creditsDtoSchema,
  ledgerEntryDtoSchema,
  type CreditChange,
  type CreditRefill,
  type Credits,
  type CreditsDto,
  type CreditsPatch,
  type LedgerEntryDto,
  type LedgerKind,
  type LedgerQuery,
  type RefillInterval,
} from "@/lib/schemas/identities";
import type { CreditLedgerEntry } from "@/lib/generated/prisma/client";
import { recordAuditEvent } from "./audit";
import { inTransaction, prisma, type Tx } from "./client";
import { announceKeyChange, notifyKeyChange } from "./events";
import type { Caller } from "./types";
import { queueWebhookEvent } from "./webhooks/deliveries";
import { createdCursorOf, decodeCreatedCursor } from "./cursor";

// Credits: balances on identities and on keys (null: unlimited), refilled at 00:00 UTC daily or
// on a day of the month, and changed by hand with add and set. Every change other than a
// verification's charge is written to the ledger with its actor and the balance it left.
// Refills are applied by whoever reads a balance first after its refill moment (a verification,
// a page, the periodic sweep), with a conditional UPDATE, so each refill happens once whatever
// the number of instances, and one missed while every instance was down happens on the next read.

/** The credit columns an identity and a key share. */
export type CreditColumns = {
  creditsRemaining: number | null;
  creditsRefillAmount: number | null;
  creditsRefillInterval: string | null;
  creditsRefillDay: number | null;
  creditsLowThreshold: number | null;
  creditsRefilledAt: Date | null;
};

/** Whose balance: an identity's or a key's. */
export type BalanceOwner = { kind: "identity"; id: string } | { kind: "key"; id: string };

/** The system actor that refills balances. */
export const REFILL_ACTOR = { userId: "system", userName: "Keyport", type: "system" as const };

export function refillOf(row: CreditColumns): CreditRefill | null {
  if (row.creditsRefillAmount === null || (row.creditsRefillInterval !== "daily" && row.creditsRefillInterval !== "monthly")) return null;
  return {
    amount: row.creditsRefillAmount,
    interval: row.creditsRefillInterval as RefillInterval,
    dayOfMonth: row.creditsRefillInterval === "monthly" ? (row.creditsRefillDay ?? 1) : null,
  };
}

export function creditsOf(row: CreditColumns): Credits | null {
  if (row.creditsRemaining === null) return null;
  return { remaining: row.creditsRemaining, refill: refillOf(row), lowThreshold: row.creditsLowThreshold };
}

/** The columns that store `credits` (null: unlimited, and no refill). Setting credits counts as a refill now. */
export function creditColumnsOf(credits: Credits | null, now = new Date()): CreditColumns {
  return {
    creditsRemaining: credits?.remaining ?? null,
    creditsRefillAmount: credits?.refill?.amount ?? null,
    creditsRefillInterval: credits?.refill?.interval ?? null,
    creditsRefillDay: credits?.refill?.dayOfMonth ?? null,
    creditsLowThreshold: credits?.lowThreshold ?? null,
    creditsRefilledAt: credits ? now : null,
  };
}

/** Credits as the API shows them, with when the next refill is due. */
export function toCreditsDto(row: CreditColumns, now = Date.now()): CreditsDto {
  const credits = creditsOf(row);
  if (!credits) return null;
  return creditsDtoSchema.parse({
    remaining: credits.remaining,
    refill: credits.refill ? { amount: credits.refill.amount, interval: credits.refill.interval, day_of_month: credits.refill.dayOfMonth } : null,
    low_threshold: credits.lowThreshold,
    refilled_at: row.creditsRefilledAt?.toISOString() ?? null,
    next_refill_at: credits.refill ? new Date(nextRefillAt(credits.refill, now)).toISOString() : null,
  });
}

const TABLE = { identity: "identities", key: "api_keys" } as const;

/** Who a webhook about a balance names: the identity's external id, or the key. */
async function balanceSubject(tx: Tx, owner: BalanceOwner): Promise<Record<string, unknown>> {
  if (owner.kind === "identity") {
    const identity = await tx.identity.findUnique({ where: { id: owner.id }, select: { id: true, externalId: true, name: true } });
    return { identity: identity ? { id: identity.id, external_id: identity.externalId, name: identity.name } : { id: owner.id } };
  }
  const key = await tx.apiKey.findUnique({ where: { id: owner.id }, select: { id: true, name: true, start: true, projectId: true, identityId: true } });
  return { key: key ? { key_id: key.id, name: key.name, key_prefix: key.start, project_id: key.projectId, identity_id: key.identityId } : { key_id: owner.id } };
}

/**
 * Queues what a balance's move from `before` to `after` means: `credits.low` when it crosses
 * below its threshold, `credits.exhausted` when it reaches zero. The move comes from one
 * atomic UPDATE, which concurrent changes pass one at a time, so each crossing is seen by
 * exactly one change and sent once.
 */
export async function queueBalanceEvents(
  tx: Tx,
  workspaceId: string,
  owner: BalanceOwner,
  move: { before: number; after: number; lowThreshold: number | null },
): Promise<void> {
  const { before, after, lowThreshold } = move;
  const low = lowThreshold !== null && before >= lowThreshold && after < lowThreshold;
  const exhausted = before > 0 && after === 0;
  if (!low && !exhausted) return;
  const subject = await balanceSubject(tx, owner);
  if (low) await queueWebhookEvent(tx, workspaceId, "credits.low", { ...subject, remaining: after, low_threshold: lowThreshold });
  if (exhausted) await queueWebhookEvent(tx, workspaceId, "credits.exhausted", { ...subject, remaining: 0 });
}

async function writeLedger(
  tx: Tx,
  caller: Pick<Caller, "workspaceId" | "actor">,
  entry: { owner: BalanceOwner; kind: LedgerKind; amount: number; balance: number; reason: string | null },
): Promise<CreditLedgerEntry> {
  return tx.creditLedgerEntry.create({
    data: {
      workspaceId: caller.workspaceId,
      identityId: entry.owner.kind === "identity" ? entry.owner.id : null,
      keyId: entry.owner.kind === "key" ? entry.owner.id : null,
      kind: entry.kind,
      amount: entry.amount,
      balance: entry.balance,
      reason: entry.reason,
      actorId: caller.actor.userId,
      actorName: caller.actor.userName,
      actorType: caller.actor.type ?? "user",
    },
  });
}

/** The hashes of the keys whose verification reads this balance (a key's own, or an identity's keys). */
async function hashesReading(tx: Tx, owner: BalanceOwner): Promise<string[]> {
  const keys = await tx.apiKey.findMany({
    where: owner.kind === "key" ? { id: owner.id } : { identityId: owner.id },
    select: { hash: true },
  });
  return keys.map((key) => key.hash);
}

/** Tells every instance that the balances behind these keys changed (within `tx`, so only if it commits). */
export async function notifyBalanceChange(tx: Tx, owner: BalanceOwner): Promise<string[]> {
  const hashes = await hashesReading(tx, owner);
  for (const hash of hashes) await notifyKeyChange(tx, hash);
  return hashes;
}

/**
 * Voids the blocks instances hold of a balance (see credit-charges.ts), once its row is locked
 * (by the UPDATE that sets the balance, or the edit's SELECT … FOR UPDATE); a block's return
 * locks the row before its lease too, so the two never deadlock. A set or a refill replaces the balance the blocks came from: what
 * they did not spend is not given back, and instances stop spending them as they hear of the
 * change, which every set and refill announces.
 */
export async function voidLeases(tx: Tx, owner: BalanceOwner): Promise<void> {
  await tx.$executeRaw`DELETE FROM credit_leases WHERE owner_id = ${owner.id}::uuid`;
}

/** Deletes the blocks that expired: each one's instance stopped using it long before. */
export async function purgeExpiredLeases(): Promise<number> {
  return prisma.$executeRaw`DELETE FROM credit_leases WHERE expires_at <= now()`;
}

type RefillRow = { id: string; workspace_id: string; credits_remaining: number | null; credits_refill_amount: number };

/**
 * Applies a balance's due refill, once: the UPDATE matches only while the balance has not had
 * this refill moment, so of several instances reading it at once one refills it and writes the
 * ledger and `credits.refilled`; the others match nothing. Returns whether it refilled.
 */
export async function refillIfDue(
  owner: BalanceOwner,
  schedule: Pick<CreditRefill, "interval" | "dayOfMonth"> | null,
  refilledAt: number | null,
  now: number,
  db?: Tx,
): Promise<boolean> {
  const due = dueRefill(schedule, refilledAt, now);
  if (due === null) return false;
  const moment = new Date(due);
  const hashes: string[] = [];
  const refilled = await inTransaction(db, async (tx) => {
    const table = TABLE[owner.kind];
    const rows = await tx.$queryRawUnsafe<RefillRow[]>(
      `UPDATE ${table} SET credits_remaining = credits_refill_amount, credits_refilled_at = $2
       WHERE id = $1::uuid AND credits_refill_amount IS NOT NULL AND credits_remaining IS NOT NULL
         AND (credits_refilled_at IS NULL OR credits_refilled_at < $2)
       RETURNING id, workspace_id, credits_remaining, credits_refill_amount`,
      owner.id,
      moment,
    );
    const updated = rows[0];
    if (!updated) return false;
    await voidLeases(tx, owner);
    const caller = { workspaceId: updated.workspace_id, actor: REFILL_ACTOR };
    await writeLedger(tx, caller, { owner, kind: "refill", amount: updated.credits_refill_amount, balance: updated.credits_refill_amount, reason: null });
    const subject = await balanceSubject(tx, owner);
    await queueWebhookEvent(tx, updated.workspace_id, "credits.refilled", { ...subject, remaining: updated.credits_refill_amount, refilled_at: moment.toISOString() });
    hashes.push(...(await notifyBalanceChange(tx, owner)));
    return true;
  });
  if (!db) for (const hash of hashes) announceKeyChange(hash);
  return refilled;
}

/** refillIfDue for a row as read (its schedule and last refill). */
export function refillRowIfDue(owner: BalanceOwner, row: CreditColumns, now: number, db?: Tx): Promise<boolean> {
  if (row.creditsRemaining === null) return Promise.resolve(false);
  return refillIfDue(owner, refillOf(row), row.creditsRefilledAt?.getTime() ?? null, now, db);
}

const SWEEP_BATCH = 500;

/**
 * Applies every due refill (each instance runs this at start and then periodically), so a
 * refill missed while every instance was down happens at the next start, and a balance nobody
 * reads is refilled on time too. Returns how many balances it refilled.
 */
export async function applyDueRefills(now = Date.now()): Promise<number> {
  let refilled = 0;
  for (const kind of ["identity", "key"] as const) {
    let after: string | undefined;
    for (;;) {
      const where = { creditsRefillAmount: { not: null }, creditsRemaining: { not: null }, ...(after ? { id: { gt: after } } : {}) };
      const select = {
        id: true,
        creditsRemaining: true,
        creditsRefillAmount: true,
        creditsRefillInterval: true,
        creditsRefillDay: true,
        creditsLowThreshold: true,
        creditsRefilledAt: true,
      } as const;
      const rows =
        kind === "identity"
          ? await prisma.identity.findMany({ where, select, orderBy: { id: "asc" }, take: SWEEP_BATCH })
          : await prisma.apiKey.findMany({ where: { ...where, revokedAt: null }, select, orderBy: { id: "asc" }, take: SWEEP_BATCH });
      for (const row of rows) if (await refillRowIfDue({ kind, id: row.id }, row, now)) refilled += 1;
      if (rows.length < SWEEP_BATCH) break;
      after = rows.at(-1)!.id;
    }
  }
  return refilled;
}

type ChangedRow = { workspace_id: string; before: number | null; after: number; credits_low_threshold: number | null };

/**
 * Adds to a balance or sets it, writes the ledger entry (with the caller as its actor), audits
 * it, and queues what the move means (`credits.low`, `credits.exhausted`). Adding to an
 * unlimited balance is a 409: set it first. The change is one UPDATE, so concurrent changes
 * and verifications never lose one another's work.
 */
export async function changeBalance(
  caller: Caller,
  options: { owner: BalanceOwner; change: CreditChange; subject: { name?: string; start?: string; externalId?: string; projectId?: string | null }; tx?: Tx },
): Promise<{ credits: CreditsDto; entry: LedgerEntryDto }> {
  const { owner, change } = options;
  const table = TABLE[owner.kind];
  let hashes: string[] = [];
  const result = await inTransaction(options.tx, async (tx) => {
    const now = new Date();
    const rows =
      change.op === "set"
        ? await tx.$queryRawUnsafe<ChangedRow[]>(
            `UPDATE ${table} t SET credits_remaining = $2, credits_refilled_at = COALESCE(t.credits_refilled_at, $3)
             FROM (SELECT id, credits_remaining AS before FROM ${table} WHERE id = $1::uuid AND workspace_id = $4::uuid FOR UPDATE) old
             WHERE t.id = old.id
             RETURNING t.workspace_id, old.before, t.credits_remaining AS after, t.credits_low_threshold`,
            owner.id,
            change.amount,
            now,
            caller.workspaceId,
          )
        : await tx.$queryRawUnsafe<ChangedRow[]>(
            `UPDATE ${table} SET credits_remaining = credits_remaining + $2
             WHERE id = $1::uuid AND workspace_id = $3::uuid AND credits_remaining IS NOT NULL AND credits_remaining + $2 <= $4
             RETURNING workspace_id, credits_remaining - $2 AS before, credits_remaining AS after, credits_low_threshold`,
            owner.id,
            change.amount,
            caller.workspaceId,
            CREDITS_MAX,
          );
    const row = rows[0];
    // A set voids the blocks of the balance it replaces.
    if (row && change.op === "set") await voidLeases(tx, owner);
    if (!row) {
      const current = await tx.$queryRawUnsafe<{ credits_remaining: number | null }[]>(
        `SELECT credits_remaining FROM ${table} WHERE id = $1::uuid AND workspace_id = $2::uuid`,
        owner.id,
        caller.workspaceId,
      );
      if (!current[0]) throw new AppError("not_found", owner.kind === "identity" ? "No identity with this id in this workspace." : "No API key with that id exists in this project.");
      if (current[0].credits_remaining === null) {
        throw new AppError("conflict", "This balance is unlimited: set it to a number first, then add to it.");
      }
      throw new AppError("validation_failed", "The balance would exceed its maximum.", {
        errors: [{ location: "body.amount", message: `A balance is at most ${CREDITS_MAX.toLocaleString("en-US")} credits.`, value: change.amount }],
      });
    }
    const entry = await writeLedger(tx, caller, { owner, kind: change.op, amount: change.amount, balance: row.after, reason: change.reason });
    await recordAuditEvent(tx, caller, {
      action: "credits.changed",
      ...(owner.kind === "key" ? { targetKeyId: owner.id, projectId: options.subject.projectId ?? null } : {}),
      metadata: {
        op: change.op,
        amount: change.amount,
        balance: row.after,
        reason: change.reason,
        ...(owner.kind === "identity" ? { identityId: owner.id, externalId: options.subject.externalId ?? null } : { name: options.subject.name ?? null, start: options.subject.start ?? null }),
      },
    });
    if (row.before !== null) await queueBalanceEvents(tx, row.workspace_id, owner, { before: row.before, after: row.after, lowThreshold: row.credits_low_threshold });
    hashes = await notifyBalanceChange(tx, owner);
    const columns = await readCreditColumns(tx, owner);
    return { credits: toCreditsDto(columns!), entry: toLedgerEntryDto(entry) };
  });
  for (const hash of hashes) announceKeyChange(hash);
  return result;
}

const sameSchedule = (a: CreditRefill | null, b: CreditRefill | null) => a?.interval === b?.interval && a?.dayOfMonth === b?.dayOfMonth;
const sameCredits = (a: Credits | null, b: Credits | null) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What an edit of `credits` (a PATCH of an identity or of a key) writes to its owner's row,
 * which the caller has locked in `tx` and read as `row`: the credit columns, or null when
 * nothing differs. Without `remaining` the balance is kept as it is now (a refill that is due
 * is applied first), so an edit of the refill or the alert never undoes what verifications
 * charged since the editor read the balance; an unlimited balance has none to keep (422). A
 * new balance is written to the ledger as a set, with the caller as its actor, as POST
 * …/credits does, and queues what its move means (`credits.low`, `credits.exhausted`).
 */
export async function patchCreditsInTx(
  tx: Tx,
  caller: Pick<Caller, "workspaceId" | "actor">,
  options: { owner: BalanceOwner; row: CreditColumns; patch: CreditsPatch | null },
): Promise<CreditColumns | null> {
  const { owner, patch } = options;
  const now = new Date();
  if (patch === null) {
    if (options.row.creditsRemaining === null) return null;
    await voidLeases(tx, owner);
    return creditColumnsOf(null, now);
  }
  if (patch.remaining === undefined) {
    if (options.row.creditsRemaining === null) {
      throw new AppError("validation_failed", "The balance is unlimited, so there is no balance to keep: give credits.remaining.", {
        errors: [{ location: "body.credits.remaining", message: "Give the balance: this one is unlimited, so there is none to keep." }],
      });
    }
    const row = (await refillRowIfDue(owner, options.row, now.getTime(), tx)) ? ((await readCreditColumns(tx, owner)) ?? options.row) : options.row;
    const current = creditsOf(row)!;
    const next: Credits = { remaining: current.remaining, refill: patch.refill, lowThreshold: patch.lowThreshold };
    if (sameCredits(next, current)) return null;
    // A new schedule counts from now: it does not refill at once for moments before it existed.
    return { ...creditColumnsOf(next, now), creditsRefilledAt: sameSchedule(next.refill, current.refill) ? row.creditsRefilledAt : now };
  }
  const next: Credits = { remaining: patch.remaining, refill: patch.refill, lowThreshold: patch.lowThreshold };
  const before = options.row.creditsRemaining;
  if (sameCredits(next, creditsOf(options.row))) return null;
  if (before !== next.remaining) {
    // A new balance replaces the one instances hold blocks of, as a set does.
    await voidLeases(tx, owner);
    await writeLedger(tx, caller, { owner, kind: "set", amount: next.remaining, balance: next.remaining, reason: null });
    if (before !== null) await queueBalanceEvents(tx, caller.workspaceId, owner, { before, after: next.remaining, lowThreshold: next.lowThreshold });
  }
  return creditColumnsOf(next, now);
}

const CREDIT_SELECT = {
  creditsRemaining: true,
  creditsRefillAmount: true,
  creditsRefillInterval: true,
  creditsRefillDay: true,
  creditsLowThreshold: true,
  creditsRefilledAt: true,
} as const;

async function readCreditColumns(db: Tx, owner: BalanceOwner): Promise<CreditColumns | null> {
  return owner.kind === "identity"
    ? db.identity.findUnique({ where: { id: owner.id }, select: CREDIT_SELECT })
    : db.apiKey.findUnique({ where: { id: owner.id }, select: CREDIT_SELECT });
}

export function toLedgerEntryDto(entry: CreditLedgerEntry): LedgerEntryDto {
  return ledgerEntryDtoSchema.parse({
    id: entry.id,
    kind: entry.kind,
    amount: entry.amount,
    balance: entry.balance,
    reason: entry.reason,
    actor: { id: entry.actorId, name: entry.actorName, type: entry.actorType },
    created_at: entry.createdAt.toISOString(),
  });
}


/** A balance's ledger, newest first, a page at a time (keyset cursors). The owner must be checked by the caller. */
export async function listLedger(
  workspaceId: string,
  owner: BalanceOwner,
  query: LedgerQuery,
): Promise<{ items: CreditLedgerEntry[]; nextCursor: string | null }> {
  const cursor = decodeCreatedCursor(query.cursor);
  const rows = await prisma.creditLedgerEntry.findMany({
    where: {
      workspaceId,
      ...(owner.kind === "identity" ? { identityId: owner.id } : { keyId: owner.id }),
      ...(cursor
        ? { OR: [{ createdAt: { lt: new Date(cursor.t) } }, { createdAt: new Date(cursor.t), id: { lt: cursor.id } }] }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > query.limit && last ? createdCursorOf(last) : null;
  return { items, nextCursor };
}
