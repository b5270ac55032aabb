"use server";

import { revalidatePath } from "next/cache";
import { parseInput, runAction } from "@/lib/actions";
import { changeBalance, createIdentity, getIdentityOrThrow, listLedger, runIdempotent, toIdentityDto, toLedgerEntryDto, updateIdentity } from "@/lib/data";
import type { ActionResult } from "@/lib/schemas/action-result";
import { uuidSchema } from "@/lib/schemas/ids";
import {
  LEDGER_PAGE_SIZE,
  createIdentityBodySchema,
  creditChangeBodySchema,
  ledgerQuerySchema,
  updateIdentityBodySchema,
  type IdentityDto,
  type LedgerEntryDto,
} from "@/lib/schemas/identities";

// Adapters for Settings -> Identities (admins write): guard -> parse -> data layer, with the
// same schemas as POST /api/v1/identities and POST /api/v1/identities/{id}/credits.

/** Creates an identity. `submissionId` is fixed while the dialog is open, so a double submit replays. */
export async function createIdentityAction(input: unknown, submissionId: string): Promise<ActionResult<IdentityDto>> {
  return runAction({ role: "admin", write: true, name: "create an identity" }, async ({ caller }) => {
    const body = parseInput(createIdentityBodySchema, input);
    const { body: created } = await runIdempotent(
      caller,
      { operation: "action:create-identity", key: submissionId || null, request: [input] },
      async (tx) => ({ status: 201, body: toIdentityDto(await createIdentity(caller, { input: body, tx })) }),
    );
    revalidatePath("/settings/identities");
    return created as IdentityDto;
  });
}

/** Adds to or sets an identity's balance, as the REST API does; written to its ledger. */
export async function changeIdentityCreditsAction(identityId: unknown, input: unknown, submissionId: string): Promise<ActionResult<{ remaining: number | null }>> {
  return runAction({ role: "admin", write: true, name: "change an identity's credits" }, async ({ caller }) => {
    const id = parseInput(uuidSchema, identityId);
    const change = parseInput(creditChangeBodySchema, input);
    const { body } = await runIdempotent(
      caller,
      { operation: "action:change-identity-credits", key: submissionId || null, request: [id, input] },
      async (tx) => {
        const identity = await getIdentityOrThrow(caller.workspaceId, id, tx);
        const changed = await changeBalance(caller, { owner: { kind: "identity", id: identity.id }, change, subject: { externalId: identity.externalId }, tx });
        return { status: 200, body: { remaining: changed.credits?.remaining ?? null } };
      },
    );
    revalidatePath(`/settings/identities/${id}`);
    return body as { remaining: number | null };
  });
}

/**
 * Edits an identity's credits as PATCH /api/v1/identities/{id} does: the Edit refill dialog
 * sends the refill and the low-balance alert without `remaining`, so the balance is kept as it
 * is when the edit is written.
 */
export async function updateIdentityCreditsAction(identityId: unknown, input: unknown): Promise<ActionResult<IdentityDto>> {
  return runAction({ role: "admin", write: true, name: "edit an identity's credits" }, async ({ caller }) => {
    const id = parseInput(uuidSchema, identityId);
    const changes = parseInput(updateIdentityBodySchema, input);
    const updated = await updateIdentity(caller, { id, changes: { externalId: undefined, name: undefined, meta: undefined, rateLimit: undefined, credits: changes.credits } });
    revalidatePath(`/settings/identities/${id}`);
    return toIdentityDto(updated);
  });
}

/** The page of an identity's ledger after `cursor` (older entries), as GET …/credits/ledger pages it. */
export async function identityLedgerPageAction(identityId: unknown, cursor: unknown): Promise<ActionResult<{ entries: LedgerEntryDto[]; nextCursor: string | null }>> {
  return runAction({ role: "member" }, async ({ session }) => {
    const id = parseInput(uuidSchema, identityId);
    const query = parseInput(ledgerQuerySchema, { cursor: cursor ?? undefined, limit: LEDGER_PAGE_SIZE });
    const identity = await getIdentityOrThrow(session.workspaceId, id);
    const page = await listLedger(session.workspaceId, { kind: "identity", id: identity.id }, query);
    return { entries: page.items.map(toLedgerEntryDto), nextCursor: page.nextCursor };
  });
}
