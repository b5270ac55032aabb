import "server-only";
import type { Balance, ChargeResult, CreditLedger } from "@/lib/verify/service";
import { prisma, type Tx } from "./client";
import { notifyBalanceChange, refillIfDue } from "./credits";
import { announceKeyChange } from "./events";

// Charging verifications to balances, exactly. Each balance is charged by one conditional
// UPDATE (`remaining >= cost`), which PostgreSQL applies to a row one transaction at a time, so
// no number of instances, with or without Redis, can spend a credit twice or go below zero; a
// key charged with its identity has both UPDATEs in one transaction, all or nothing. Nothing
// about an amount is cached: what this process remembers is only an upper bound (a balance
// only goes down between the changes every instance hears of), used to refuse at once what
// could not be paid. A crash loses nothing that was answered: a charge commits before its
// answer is written.
//
// The same statement queues `credits.low` and `credits.exhausted`: it sees the balance before
// and after its own charge, and concurrent charges pass the row one at a time, so each
// crossing is seen by exactly one of them, and the event commits with the charge.
//
// A large balance is not worth a round trip per verification. When a balance holds at least
// LEASE_FLOOR credits above its low threshold, an instance takes a block of it (a lease: a
// 256th of what is above the threshold, at most LEASE_MAX) with the same kind of conditional
// UPDATE, and spends the block in memory. The block is gone from the balance while it is out,
// so the instances together can never spend more than the balance held. What a block has not
// spent goes back after a second without use or five seconds after it was taken, and at
// shutdown. A set or a refill voids the blocks that are out (their unspent credits belonged to
// the balance it replaces) and makes every instance drop its cached view of the balance, and
// with it the block: the instance that answered the set at once, the others as they hear of
// it, as with a revocation. A block whose instance died is forfeited when it expires
// (LEASE_TIMES.expiryMs), and its instance stops using it long before (LEASE_TIMES.useMs): a
// crash can cost a customer at most a block's unspent credits, and never gives a free
// verification. A block never takes a balance below its low threshold, so `credits.low` and
// `credits.exhausted` still come from single charges, once each.

/** A balance is leased only with at least this much above its low threshold (blocks of 16 or more). */
export const LEASE_FLOOR = 4096;
/** The largest block an instance takes at once. */
export const LEASE_MAX = 1000;
/** How long blocks last, in milliseconds. */
export type LeaseTimes = {
  /** A block with nothing spent for this long goes back. */
  idleMs: number;
  /** Every block goes back this long after it was taken, however busy (a new one follows). */
  returnMs: number;
  /** An instance spends from a block for at most this long after asking for it. */
  useMs: number;
  /** The database forgets a block (and what it held) this long after granting it: well after useMs. */
  expiryMs: number;
};

const LEASE_TIMES: LeaseTimes = { idleMs: 1000, returnMs: 5000, useMs: 10_000, expiryMs: 30_000 };
/** How often blocks are looked at for returning. */
const LEASE_SWEEP_MS = 250;

/** Charges in flight at once per process; the rest wait their turn in memory, not in the connection pool's queue. */
const CHARGE_CONCURRENCY = 4;

/** A tiny counting semaphore: waiting here costs no connection and refuses nobody. */
class Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}

const TABLES = {
  identity: {
    name: "identities",
    subject: "'identity', json_build_object('id', id, 'external_id', external_id, 'name', name)",
  },
  key: {
    name: "api_keys",
    subject: "'key', json_build_object('key_id', id, 'name', name, 'key_prefix', start, 'project_id', project_id, 'identity_id', identity_id)",
  },
} as const;

/**
 * Charges $2 to one balance if it holds at least that much (and at least one credit), and
 * queues the events its move crosses, in one statement. Returns the balance after, or no row
 * when it cannot pay; an unlimited balance (NULL) pays anything and stays unlimited.
 */
function chargeStatement(kind: Balance["kind"]): string {
  const table = TABLES[kind];
  return `
    WITH charged AS (
      UPDATE ${table.name} SET credits_remaining = credits_remaining - $2::int
      WHERE id = $1::uuid AND (credits_remaining IS NULL OR credits_remaining >= GREATEST($2::int, 1))
      RETURNING workspace_id, credits_remaining AS after, credits_remaining + $2::int AS before,
        credits_low_threshold AS low, json_build_object(${table.subject}) AS subject
    ),
    events AS MATERIALIZED (
      SELECT c.workspace_id, ev.type, 'msg_' || replace(gen_random_uuid()::text, '-', '') AS message_id,
        json_build_object('type', ev.type, 'timestamp', $3::text, 'data', ev.data)::text AS payload
      FROM charged c
      CROSS JOIN LATERAL (VALUES
        ('credits.low', c.low IS NOT NULL AND c.before >= c.low AND c.after < c.low,
          json_build_object('${kind}', c.subject->'${kind}', 'remaining', c.after, 'low_threshold', c.low)),
        ('credits.exhausted', c.before > 0 AND c.after = 0,
          json_build_object('${kind}', c.subject->'${kind}', 'remaining', 0))
      ) AS ev(type, fires, data)
      WHERE ev.fires
    ),
    queued AS (
      INSERT INTO webhook_deliveries (id, endpoint_id, workspace_id, message_id, event_type, payload)
      SELECT gen_random_uuid(), e.id, e.workspace_id, ev.message_id, ev.type, ev.payload
      FROM events ev
      JOIN webhook_endpoints e ON e.workspace_id = ev.workspace_id AND e.disabled_at IS NULL AND ev.type = ANY(e.events)
    )
    SELECT after, low FROM charged`;
}

/** What a balance holds now, without charging it (cost 0, and to say which balance could not pay). */
async function remainingOf(db: Tx, balance: Balance): Promise<number | null> {
  const rows = await db.$queryRawUnsafe<{ remaining: number | null }[]>(
    `SELECT credits_remaining AS remaining FROM ${TABLES[balance.kind].name} WHERE id = $1::uuid`,
    balance.id,
  );
  // A balance deleted meanwhile (its identity, say) no longer limits anything.
  return rows[0] ? rows[0].remaining : null;
}

class Refused extends Error {
  constructor(readonly exhausted: Balance[]) {
    super("a balance cannot pay");
  }
}

/** A block of a balance that this process holds (see LEASE_FLOOR). */
type Lease = {
  id: string;
  owner: { kind: Balance["kind"]; id: string };
  /** Credits of the block not spent yet. */
  available: number;
  /** What the balance held in the database just after the block was taken. */
  balanceAfter: number;
  /** performance.now() when the block was asked for, and when it was last spent from. */
  askedAt: number;
  usedAt: number;
  /** Returned (or being returned): nothing more is spent from it. */
  closed: boolean;
};

/** Takes a block of $2 at most from a balance with enough above its threshold (blocks of $3 or more), valid for $4 ms. */
function leaseStatement(kind: Balance["kind"]): string {
  const table = TABLES[kind].name;
  return `
    WITH current AS (
      SELECT id, LEAST($2::int, (credits_remaining - COALESCE(credits_low_threshold, 0)) / 256) AS amount
      FROM ${table} WHERE id = $1::uuid AND credits_remaining IS NOT NULL FOR UPDATE
    ),
    taken AS (
      UPDATE ${table} t SET credits_remaining = t.credits_remaining - current.amount
      FROM current WHERE t.id = current.id AND current.amount >= $3::int
      RETURNING t.credits_remaining AS after, current.amount
    ),
    lease AS (
      INSERT INTO credit_leases (id, owner_kind, owner_id, amount, expires_at)
      SELECT gen_random_uuid(), '${kind}', $1::uuid, amount, now() + $4::int * interval '1 millisecond' FROM taken
      RETURNING id
    )
    SELECT lease.id, taken.after, taken.amount FROM taken, lease`;
}

/** Gives $2 unspent credits of lease $1 back to its balance, unless the lease has expired. */
function returnStatement(kind: Balance["kind"]): string {
  return `
    WITH returned AS (DELETE FROM credit_leases WHERE id = $1::uuid AND expires_at > now() RETURNING owner_id)
    UPDATE ${TABLES[kind].name} t SET credits_remaining = t.credits_remaining + $2::int
    FROM returned WHERE t.id = returned.owner_id AND t.credits_remaining IS NOT NULL
    RETURNING t.credits_remaining - $2::int AS before`;
}

export class DatabaseCreditLedger implements CreditLedger {
  private readonly gate = new Gate(CHARGE_CONCURRENCY);
  private readonly times: LeaseTimes;

  constructor(times: Partial<LeaseTimes> = {}) {
    this.times = { ...LEASE_TIMES, ...times };
  }

  /**
   * The most each balance (by the cached object that describes it) can hold: what the last
   * charge left. A change that raises a balance (add, set, refill) makes every instance drop
   * its cached key, and with it this bound.
   */
  private readonly upperBound = new WeakMap<Balance, number>();
  /**
   * Each balance's current block, by the cached object that describes the balance: when a set
   * or a refill makes every instance drop that object, its block is no longer spent from (the
   * set voided it), and the sweeper gives it back.
   */
  private readonly current = new WeakMap<Balance, Lease>();
  /** Every block this process holds, for the sweeper and for shutdown. */
  private readonly held = new Set<Lease>();
  /** A block being asked for: concurrent verifications wait for the one request. */
  private readonly asking = new WeakMap<Balance, Promise<Lease | null>>();
  /** Balances last seen large enough to lease, with the block each would give (by their last charge). */
  private readonly leasable = new WeakMap<Balance, number>();
  private sweeper: NodeJS.Timeout | null = null;
  /** How often each path ran: for tests and the bench. */
  readonly stats = { leased: 0, spentFromLeases: 0, charged: 0, returned: 0 };

  async charge(balances: readonly Balance[], cost: number, now: number): Promise<ChargeResult> {
    const needed = Math.max(cost, 1);
    for (const balance of balances) {
      if (balance.refill) await refillIfDue({ kind: balance.kind, id: balance.id }, balance.refill, balance.refilledAt, now);
    }
    if (cost > 0) {
      const spent = await this.spendFromLeases(balances, cost);
      if (spent) return spent;
    }
    const known = balances.filter((balance) => (this.upperBound.get(balance) ?? Infinity) < needed);
    if (known.length > 0) return { ok: false, exhausted: known };
    return this.gate.run(() => (cost === 0 ? this.check(balances) : this.chargeAll(balances, cost, now)));
  }

  /**
   * Spends `cost` from this process's blocks when every balance has one (taking a block first
   * where a balance is large enough), all or none. Null: some balance must be charged in the
   * database.
   */
  private async spendFromLeases(balances: readonly Balance[], cost: number): Promise<ChargeResult | null> {
    const leases: Lease[] = [];
    for (const balance of balances) {
      const lease = await this.usableLease(balance, cost);
      if (!lease) return null;
      leases.push(lease);
    }
    // Every block is checked again after the awaits above, then all are spent at once.
    if (leases.some((lease) => !this.canSpend(lease, cost))) return null;
    const at = performance.now();
    for (const lease of leases) {
      lease.available -= cost;
      lease.usedAt = at;
    }
    this.stats.spentFromLeases += 1;
    return { ok: true, remaining: Math.min(...leases.map((lease) => lease.balanceAfter + lease.available)) };
  }

  private canSpend(lease: Lease, cost: number): boolean {
    return !lease.closed && lease.available >= cost && performance.now() - lease.askedAt < this.times.useMs;
  }

  /** This process's block of `balance` with `cost` left, taking a new one when the balance is large enough. */
  private async usableLease(balance: Balance, cost: number): Promise<Lease | null> {
    const held = this.current.get(balance);
    if (held && this.canSpend(held, cost)) return held;
    // A block must cover several verifications of this cost to be worth its round trip.
    if ((this.leasable.get(balance) ?? 0) < cost * 4) return null;
    if (held) await this.giveBack(held);
    let asking = this.asking.get(balance);
    if (!asking) {
      asking = this.takeLease(balance).finally(() => this.asking.delete(balance));
      this.asking.set(balance, asking);
    }
    const lease = await asking;
    return lease && this.canSpend(lease, cost) ? lease : null;
  }

  private async takeLease(balance: Balance): Promise<Lease | null> {
    const askedAt = performance.now();
    const rows = await this.gate.run(() =>
      prisma.$queryRawUnsafe<{ id: string; after: number; amount: number }[]>(
        leaseStatement(balance.kind),
        balance.id,
        LEASE_MAX,
        LEASE_FLOOR / 256,
        this.times.expiryMs,
      ),
    );
    const row = rows[0];
    if (!row) {
      this.leasable.delete(balance);
      return null;
    }
    const lease: Lease = { id: row.id, owner: { kind: balance.kind, id: balance.id }, available: row.amount, balanceAfter: row.after, askedAt, usedAt: askedAt, closed: false };
    this.current.set(balance, lease);
    this.held.add(lease);
    this.stats.leased += 1;
    this.startSweeper();
    return lease;
  }

  /** Gives a block's unspent credits back to its balance (nothing, once it has expired). */
  private async giveBack(lease: Lease): Promise<void> {
    if (lease.closed) return;
    lease.closed = true;
    this.held.delete(lease);
    const unspent = lease.available;
    lease.available = 0;
    this.stats.returned += 1;
    if (unspent === 0) {
      await prisma.$executeRaw`DELETE FROM credit_leases WHERE id = ${lease.id}::uuid`;
      return;
    }
    // The balance's row is locked first, as a set locks it before voiding blocks: the two never deadlock.
    const rows = await prisma.$transaction(async (tx) => {
      await tx.$queryRawUnsafe(`SELECT id FROM ${TABLES[lease.owner.kind].name} WHERE id = $1::uuid FOR UPDATE`, lease.owner.id);
      return tx.$queryRawUnsafe<{ before: number }[]>(returnStatement(lease.owner.kind), lease.id, unspent);
    });
    // A balance that had run short while the block was out may have refused verifications:
    // instances that remember it as short forget that now.
    if (rows[0] && rows[0].before < LEASE_MAX) {
      const hashes = await prisma.$transaction((tx) => notifyBalanceChange(tx, lease.owner));
      for (const hash of hashes) announceKeyChange(hash);
    }
  }

  /** Returns the blocks that have sat idle or been out long enough; stops when none is left. */
  private startSweeper(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => {
      const at = performance.now();
      for (const lease of [...this.held]) {
        if (at - lease.usedAt >= this.times.idleMs || at - lease.askedAt >= this.times.returnMs) {
          void this.giveBack(lease).catch(() => {
            // The database is away: the block is forfeited when it expires.
          });
        }
      }
      if (this.held.size === 0 && this.sweeper) {
        clearInterval(this.sweeper);
        this.sweeper = null;
      }
    }, Math.min(LEASE_SWEEP_MS, this.times.idleMs));
    this.sweeper.unref();
  }

  /** Gives back every block this process holds (at shutdown, and in tests). */
  async returnLeases(): Promise<void> {
    await Promise.all([...this.held].map((lease) => this.giveBack(lease).catch(() => {})));
  }

  /** Cost 0: each balance must hold a credit; nothing is charged. */
  private async check(balances: readonly Balance[]): Promise<ChargeResult> {
    const left = await Promise.all(balances.map((balance) => remainingOf(prisma, balance)));
    const exhausted = balances.filter((balance, i) => left[i] !== null && left[i]! < 1);
    balances.forEach((balance, i) => left[i] !== null && this.upperBound.set(balance, left[i]!));
    if (exhausted.length > 0) return { ok: false, exhausted };
    return { ok: true, remaining: lowest(left) };
  }

  /** Notes what a charge left: a balance that large is leased from its next verification on. */
  private noteBalance(balance: Balance, after: number | null, lowThreshold: number | null): void {
    if (after !== null) this.upperBound.set(balance, after);
    const block = after === null ? 0 : Math.min(LEASE_MAX, Math.floor((after - (lowThreshold ?? 0)) / 256));
    if (block >= LEASE_FLOOR / 256) this.leasable.set(balance, block);
    else this.leasable.delete(balance);
  }

  private async chargeAll(balances: readonly Balance[], cost: number, now: number): Promise<ChargeResult> {
    const timestamp = new Date(now).toISOString();
    this.stats.charged += 1;
    const chargeOne = async (db: Tx, balance: Balance) => {
      const rows = await db.$queryRawUnsafe<{ after: number | null; low: number | null }[]>(chargeStatement(balance.kind), balance.id, cost, timestamp);
      return rows[0];
    };
    if (balances.length === 1) {
      const balance = balances[0]!;
      const row = await chargeOne(prisma, balance);
      if (!row) {
        const left = await remainingOf(prisma, balance);
        if (left !== null) this.upperBound.set(balance, left);
        return { ok: false, exhausted: [balance] };
      }
      this.noteBalance(balance, row.after, row.low);
      return { ok: true, remaining: lowest([row.after]) };
    }
    // The key's balance first, then its identity's: every charge locks them in the same order.
    const ordered = [...balances].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "key" ? -1 : 1));
    try {
      const after = await prisma.$transaction(async (tx) => {
        const left: { after: number | null; low: number | null }[] = [];
        for (const balance of ordered) {
          const row = await chargeOne(tx, balance);
          if (!row) {
            // Say every balance that cannot pay, so Retry-After waits for the last refill needed.
            const exhausted: Balance[] = [];
            for (const other of ordered) {
              const remaining = await remainingOf(tx, other);
              if (remaining !== null) this.upperBound.set(other, remaining);
              if (remaining !== null && remaining < Math.max(cost, 1)) exhausted.push(other);
            }
            throw new Refused(exhausted.length > 0 ? exhausted : [balance]);
          }
          left.push(row);
        }
        return left;
      });
      ordered.forEach((balance, i) => this.noteBalance(balance, after[i]!.after, after[i]!.low));
      return { ok: true, remaining: lowest(after.map((row) => row.after)) };
    } catch (error) {
      if (error instanceof Refused) return { ok: false, exhausted: error.exhausted };
      throw error;
    }
  }
}

/** The lowest of the balances that are limited (null when each was made unlimited meanwhile). */
function lowest(values: readonly (number | null)[]): number | null {
  const limited = values.filter((value): value is number => value !== null);
  return limited.length > 0 ? Math.min(...limited) : null;
}

const globalForLedger = globalThis as unknown as { keyportCreditLedger?: DatabaseCreditLedger };

/** The process's credit ledger, shared by the production server's bundle and Next's. */
export function getCreditLedger(): DatabaseCreditLedger {
  return (globalForLedger.keyportCreditLedger ??= new DatabaseCreditLedger());
}
