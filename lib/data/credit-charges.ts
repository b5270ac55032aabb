import "server-only";
import type { Balance, ChargeResult, CreditLedger } from "@/lib/verify/service";
import { prisma, type Tx } from "./client";
import { refillIfDue } from "./credits";

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
    SELECT after FROM charged`;
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

export class DatabaseCreditLedger implements CreditLedger {
  private readonly gate = new Gate(CHARGE_CONCURRENCY);
  /**
   * The most each balance (by the cached object that describes it) can hold: what the last
   * charge left. A change that raises a balance (add, set, refill) makes every instance drop
   * its cached key, and with it this bound.
   */
  private readonly upperBound = new WeakMap<Balance, number>();

  async charge(balances: readonly Balance[], cost: number, now: number): Promise<ChargeResult> {
    const needed = Math.max(cost, 1);
    for (const balance of balances) {
      if (balance.refill) await refillIfDue({ kind: balance.kind, id: balance.id }, balance.refill, balance.refilledAt, now);
    }
    const known = balances.filter((balance) => (this.upperBound.get(balance) ?? Infinity) < needed);
    if (known.length > 0) return { ok: false, exhausted: known };
    return this.gate.run(() => (cost === 0 ? this.check(balances) : this.chargeAll(balances, cost, now)));
  }

  /** Cost 0: each balance must hold a credit; nothing is charged. */
  private async check(balances: readonly Balance[]): Promise<ChargeResult> {
    const left = await Promise.all(balances.map((balance) => remainingOf(prisma, balance)));
    const exhausted = balances.filter((balance, i) => left[i] !== null && left[i]! < 1);
    balances.forEach((balance, i) => left[i] !== null && this.upperBound.set(balance, left[i]!));
    if (exhausted.length > 0) return { ok: false, exhausted };
    return { ok: true, remaining: lowest(left) };
  }

  private async chargeAll(balances: readonly Balance[], cost: number, now: number): Promise<ChargeResult> {
    const timestamp = new Date(now).toISOString();
    const chargeOne = async (db: Tx, balance: Balance) => {
      const rows = await db.$queryRawUnsafe<{ after: number | null }[]>(chargeStatement(balance.kind), balance.id, cost, timestamp);
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
      if (row.after !== null) this.upperBound.set(balance, row.after);
      return { ok: true, remaining: lowest([row.after]) };
    }
    // The key's balance first, then its identity's: every charge locks them in the same order.
    const ordered = [...balances].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "key" ? -1 : 1));
    try {
      const after = await prisma.$transaction(async (tx) => {
        const left: (number | null)[] = [];
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
          left.push(row.after);
        }
        return left;
      });
      ordered.forEach((balance, i) => after[i] !== null && this.upperBound.set(balance, after[i]!));
      return { ok: true, remaining: lowest(after) };
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
