// Editing credits against the real database: an edit of the refill or the alert keeps the
// balance that verifications spent (read under the row's lock when the edit is written), an
// unlimited balance has none to keep, and a new balance given by an edit is in the ledger.
import { describe, expect, it } from "vitest";
import {
  DatabaseCreditLedger,
  createApiKey,
  createIdentity,
  getIdentityOrThrow,
  listLedger,
  updateApiKey,
  updateIdentity,
} from "@/lib/data";
import { isAppError } from "@/lib/errors";
import { updateIdentityBodySchema } from "@/lib/schemas/identities";
import { updateApiKeyBodySchema } from "@/lib/schemas/keys/rest";
import { newWorkspace } from "@/test/fixtures";

const identityChanges = (body: unknown) => updateIdentityBodySchema.parse(body);

describe("editing credits", () => {
  it("keeps an identity's charged balance when only its refill and alert are edited", async () => {
    const { workspace, caller } = await newWorkspace("Refill edit");
    const identity = await createIdentity(caller, { input: { externalId: "cust_refill", name: null, meta: {}, credits: { remaining: 100, refill: null, lowThreshold: null }, rateLimit: null } });
    // The editor reads 100; verifications then spend 30 of it.
    const opened = await getIdentityOrThrow(workspace.id, identity.id);
    expect(opened.creditsRemaining).toBe(100);
    const ledger = new DatabaseCreditLedger();
    for (const cost of [10, 20]) {
      const charged = await ledger.charge([{ kind: "identity", id: identity.id, refill: null, refilledAt: null }], cost, Date.now());
      expect(charged.ok).toBe(true);
    }
    const edited = await updateIdentity(caller, {
      id: identity.id,
      changes: identityChanges({ credits: { refill: { amount: 500, interval: "monthly", day_of_month: 3 }, low_threshold: 10 } }),
    });
    expect(edited.creditsRemaining).toBe(70);
    expect(edited.creditsRefillAmount).toBe(500);
    expect(edited.creditsRefillDay).toBe(3);
    expect(edited.creditsLowThreshold).toBe(10);
    // A refill schedule added now counts from now: no refill at once.
    const read = await getIdentityOrThrow(workspace.id, identity.id);
    expect(read.creditsRemaining).toBe(70);
    // Keeping the balance is not a change to it: the ledger has nothing new.
    const entries = await listLedger(workspace.id, { kind: "identity", id: identity.id }, { limit: 10, cursor: undefined });
    expect(entries.items).toEqual([]);

    // Sending the balance the editor saw is a set: written, and in the ledger with its actor.
    const set = await updateIdentity(caller, { id: identity.id, changes: identityChanges({ credits: { remaining: 100, refill: null } }) });
    expect(set.creditsRemaining).toBe(100);
    const after = await listLedger(workspace.id, { kind: "identity", id: identity.id }, { limit: 10, cursor: undefined });
    expect(after.items).toHaveLength(1);
    expect(after.items[0]).toMatchObject({ kind: "set", amount: 100, balance: 100, actorId: caller.actor.userId });
  });

  it("refuses to keep the balance of an unlimited identity", async () => {
    const { caller } = await newWorkspace("Unlimited edit");
    const identity = await createIdentity(caller, { input: { externalId: "cust_unlimited", name: null, meta: {}, credits: null, rateLimit: null } });
    const error = await updateIdentity(caller, { id: identity.id, changes: identityChanges({ credits: { refill: { amount: 5, interval: "daily" } } }) }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe("validation_failed");
    expect(isAppError(error) && error.errors.map((e) => e.location)).toEqual(["body.credits.remaining"]);
    expect((await getIdentityOrThrow(caller.workspaceId, identity.id)).creditsRemaining).toBeNull();
  });

  it("keeps a key's charged balance when its alert is edited, and ledgers a new one", async () => {
    const { workspace, project, caller } = await newWorkspace("Key credits");
    const { apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "metered", credits: { remaining: 50, refill: null, lowThreshold: null } } });
    const charged = await new DatabaseCreditLedger().charge([{ kind: "key", id: apiKey.id, refill: null, refilledAt: null }], 15, Date.now());
    expect(charged).toMatchObject({ ok: true, remaining: 35 });
    const { credits } = updateApiKeyBodySchema.parse({ credits: { low_threshold: 5 } });
    const kept = await updateApiKey(caller, { keyId: apiKey.id, projectId: project.id, changes: { credits } });
    expect(kept.creditsRemaining).toBe(35);
    expect(kept.creditsLowThreshold).toBe(5);
    const set = updateApiKeyBodySchema.parse({ credits: { remaining: 80, low_threshold: 5 } });
    expect((await updateApiKey(caller, { keyId: apiKey.id, projectId: project.id, changes: { credits: set.credits } })).creditsRemaining).toBe(80);
    const entries = await listLedger(workspace.id, { kind: "key", id: apiKey.id }, { limit: 10, cursor: undefined });
    expect(entries.items.map((e) => [e.kind, e.balance])).toEqual([["set", 80]]);
  });
});
