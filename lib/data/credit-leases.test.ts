// Blocks of credit (leases) on the real database: two ledgers stand for two instances. A large
// balance is spent mostly in memory, yet never past what it held; what a block did not spend
// goes back; a set counts the blocks still out; a dead instance's block is forfeited, never
// spent twice.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { changeBalance, createIdentity, getIdentityOrThrow, purgeExpiredLeases, updateIdentity } from "@/lib/data";
import { prisma } from "@/lib/data/client";
import { DatabaseCreditLedger } from "@/lib/data/credit-charges";
import type { Balance } from "@/lib/verify/service";
import { newWorkspace } from "@/test/fixtures";

async function identityWith(remaining: number, lowThreshold: number | null = null) {
  const { caller } = await newWorkspace("Leases");
  const identity = await createIdentity(caller, {
    input: { externalId: `customer-${randomUUID()}`, name: null, meta: {}, credits: { remaining, refill: null, lowThreshold }, rateLimit: null },
  });
  const balance: Balance = { kind: "identity", id: identity.id, refill: null, refilledAt: null };
  return { caller, identity, balance };
}

const remainingOf = async (workspaceId: string, id: string) => (await getIdentityOrThrow(workspaceId, id)).creditsRemaining;
const leasesOf = (ownerId: string) => prisma.creditLease.count({ where: { ownerId } });

/** `count` charges of `cost`, `concurrency` at a time, spread over `ledgers` in turn; how many were accepted. */
async function spend(ledgers: DatabaseCreditLedger[], balance: Balance, count: number, concurrency = 25, cost = 1): Promise<number> {
  let next = 0;
  let accepted = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const ledger = ledgers[next++ % ledgers.length]!;
        if ((await ledger.charge([balance], cost, Date.now())).ok) accepted += 1;
      }
    }),
  );
  return accepted;
}

describe("blocks of credit", () => {
  it("a large balance on two instances: 3,000 verifications, about one round trip per block, exact once the blocks go back", async () => {
    const { caller, identity, balance } = await identityWith(100_000);
    const ledgers = [new DatabaseCreditLedger(), new DatabaseCreditLedger()];
    expect(await spend(ledgers, balance, 3000)).toBe(3000);
    const roundTrips = ledgers.reduce((sum, l) => sum + l.stats.charged + l.stats.leased, 0);
    const fromMemory = ledgers.reduce((sum, l) => sum + l.stats.spentFromLeases, 0);
    console.log(`3,000 charges: ${roundTrips} database round trips, ${fromMemory} from blocks in memory`);
    expect(roundTrips).toBeLessThan(300);
    // While blocks are out, the balance shows less than what is left, never more.
    expect(await remainingOf(caller.workspaceId, identity.id)).toBeLessThanOrEqual(97_000);
    await Promise.all(ledgers.map((ledger) => ledger.returnLeases()));
    expect(await remainingOf(caller.workspaceId, identity.id)).toBe(97_000);
    expect(await leasesOf(identity.id)).toBe(0);
  });

  it("idle blocks go back on their own", async () => {
    const { caller, identity, balance } = await identityWith(50_000);
    const ledger = new DatabaseCreditLedger({ idleMs: 100 });
    expect(await spend([ledger], balance, 20, 1)).toBe(20);
    expect(ledger.stats.leased).toBeGreaterThan(0);
    await expect.poll(() => leasesOf(identity.id), { timeout: 5000 }).toBe(0);
    expect(await remainingOf(caller.workspaceId, identity.id)).toBe(49_980);
  });

  // The last 4,096 credits are charged one by one (below the lease floor): a trial is thousands
  // of round trips, so two trials; the other tests race blocks too.
  it("a balance just large enough to lease: two instances racing never spend past it, and every credit is spent in the end", { timeout: 180_000 }, async () => {
    for (let trial = 0; trial < 2; trial++) {
      const { caller, identity, balance } = await identityWith(4400);
      const ledgers = [new DatabaseCreditLedger(), new DatabaseCreditLedger()];
      const first = await spend(ledgers, balance, 4500, 40);
      expect(first).toBeLessThanOrEqual(4400);
      expect(ledgers.reduce((sum, l) => sum + l.stats.leased, 0)).toBeGreaterThan(0);
      await Promise.all(ledgers.map((ledger) => ledger.returnLeases()));
      expect(await remainingOf(caller.workspaceId, identity.id)).toBe(4400 - first);
      // What the blocks held came back: spending on, exactly the rest is accepted.
      const rest = await spend(ledgers, balance, 4400 - first + 50, 10);
      await Promise.all(ledgers.map((ledger) => ledger.returnLeases()));
      expect(first + rest).toBe(4400);
      expect(await remainingOf(caller.workspaceId, identity.id)).toBe(0);
    }
  });

  it("a set voids the blocks that are out: once the instances hear of it, exactly the new balance is spent", async () => {
    const { caller, identity, balance } = await identityWith(100_000);
    const ledgers = [new DatabaseCreditLedger(), new DatabaseCreditLedger()];
    expect(await spend(ledgers, balance, 40, 4)).toBe(40);
    expect(await leasesOf(identity.id)).toBeGreaterThan(0);
    const set = await changeBalance(caller, { owner: { kind: "identity", id: identity.id }, change: { op: "set", amount: 300, reason: "plan changed" }, subject: {} });
    expect(set.entry.balance).toBe(300);
    expect(await leasesOf(identity.id)).toBe(0);
    // The set announced the change: each instance drops its cached view of the balance (a new
    // object), and with it the old block, which goes back with nothing to give.
    const renewed: Balance = { ...balance };
    let accepted = 0;
    for (let round = 0; round < 3; round++) {
      accepted += await spend(ledgers, renewed, 400, 10);
      await Promise.all(ledgers.map((ledger) => ledger.returnLeases()));
    }
    expect(accepted).toBe(300);
    expect(await remainingOf(caller.workspaceId, identity.id)).toBe(0);
  });

  it("an edit that gives a new balance voids the blocks too; one that only changes the refill keeps them", async () => {
    const { caller, identity, balance } = await identityWith(100_000);
    const ledger = new DatabaseCreditLedger();
    expect(await spend([ledger], balance, 10, 1)).toBe(10);
    expect(await leasesOf(identity.id)).toBe(1);
    const refillOnly = { externalId: undefined, name: undefined, meta: undefined, rateLimit: undefined };
    await updateIdentity(caller, { id: identity.id, changes: { ...refillOnly, credits: { remaining: undefined, refill: { amount: 5000, interval: "daily", dayOfMonth: null }, lowThreshold: null } } });
    expect(await leasesOf(identity.id)).toBe(1);
    await updateIdentity(caller, { id: identity.id, changes: { ...refillOnly, credits: { remaining: 200, refill: null, lowThreshold: null } } });
    expect(await leasesOf(identity.id)).toBe(0);
    // The instance hears of the edit (a new cached object): exactly the new balance is spent.
    const renewed: Balance = { ...balance };
    expect(await spend([ledger], renewed, 300, 10)).toBe(200);
    await ledger.returnLeases();
    expect(await remainingOf(caller.workspaceId, identity.id)).toBe(0);
  });

  it("an instance that dies with a block: the block is forfeited at expiry, never given back or spent twice", async () => {
    const { caller, identity, balance } = await identityWith(100_000);
    const dying = new DatabaseCreditLedger({ useMs: 150, expiryMs: 300, idleMs: 60_000, returnMs: 60_000 });
    expect(await spend([dying], balance, 10, 1)).toBe(10);
    const held = await prisma.creditLease.findFirstOrThrow({ where: { ownerId: identity.id } });
    const afterTaking = await remainingOf(caller.workspaceId, identity.id);
    expect(afterTaking).toBe(100_000 - 1 - held.amount);
    await new Promise((resolve) => setTimeout(resolve, 400));
    // A late return of an expired block adds nothing: its instance may have spent all of it.
    await dying.returnLeases();
    expect(await remainingOf(caller.workspaceId, identity.id)).toBe(afterTaking);
    await purgeExpiredLeases();
    expect(await prisma.creditLease.count({ where: { ownerId: identity.id, id: held.id } })).toBe(0);
  });

  it("a block never takes a balance below its low threshold: credits.low comes from single charges", async () => {
    const { caller, identity, balance } = await identityWith(10_000, 6000);
    const ledger = new DatabaseCreditLedger();
    // 10,000 - 6,000 = 4,000 above the threshold: below the lease floor, so charged one by one.
    expect(await spend([ledger], balance, 30, 1)).toBe(30);
    expect(ledger.stats.leased).toBe(0);
    expect(await remainingOf(caller.workspaceId, identity.id)).toBe(9970);
  });
});
