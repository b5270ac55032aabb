"use server";

import { revalidatePath } from "next/cache";
import { parseInput, runAction } from "@/lib/actions";
import type { ActionResult } from "@/lib/schemas/action-result";
import type { KeyImpact } from "@/lib/schemas/usage";
import {
  BULK_REVOKE_MAX,
  acknowledgeLeak,
  bulkRevokeApiKeys,
  createApiKey,
  deactivateApiKey,
  getApiKeyOrThrow,
  getKeyImpact,
  getProjectOrThrow,
  listApiKeys,
  reactivateApiKey,
  revealApiKey,
  revokeApiKey,
  rollApiKey,
  searchIdentityChoices,
  toApiKeyRow,
  updateApiKey,
  runIdempotent,
  type BulkRevokeResult,
} from "@/lib/data";
import { IDENTITY_CHOICES_SHOWN, listIdentitiesQuerySchema, type IdentityChoice } from "@/lib/schemas/identities";
import { GRACE_PERIODS, KEY_NAME_MAX, type GracePeriodChoice } from "@/lib/schemas/keys/domain";
import { createApiKeyFormSchema, editApiKeyFormSchema, type ApiKeyRow, type CreateApiKeyForm, type EditApiKeyForm } from "@/lib/schemas/keys/forms";
import { bulkRevokeBodySchema, listApiKeysQuerySchema } from "@/lib/schemas/keys/rest";
import { z } from "zod";

// Adapters for the API Keys page: guard -> parse -> data layer -> ActionResult.

export type CreatedKey = { key: string; row: ApiKeyRow };

/**
 * Creates a key. `submissionId` is fixed when the dialog opens, so a double submit replays
 * the first result instead of creating a second key.
 */
export async function createApiKeyAction(
  projectId: string,
  submissionId: string,
  form: CreateApiKeyForm,
): Promise<ActionResult<CreatedKey>> {
  return runAction({ role: "admin", write: true, name: "create a key" }, async ({ caller }) => {
    const input = parseInput(createApiKeyFormSchema, form);
    const { body } = await runIdempotent(
      caller,
      { operation: "action:create-api-key", key: submissionId || null, request: [projectId, form] },
      async (tx) => {
        const { key, apiKey } = await createApiKey(caller, { projectId, input, tx });
        return { status: 201, body: { key, row: toApiKeyRow(apiKey) } satisfies CreatedKey };
      },
    );
    revalidatePath("/settings/api-keys");
    return body as CreatedKey;
  });
}

export async function revokeApiKeyAction(projectId: string, keyId: string): Promise<ActionResult<{ row: ApiKeyRow }>> {
  return runAction({ role: "admin", write: true, name: "revoke a key" }, async ({ caller }) => {
    const revoked = await revokeApiKey(caller, { keyId, projectId });
    revalidatePath("/settings/api-keys");
    return { row: toApiKeyRow(revoked) };
  });
}

export async function deactivateApiKeyAction(projectId: string, keyId: string): Promise<ActionResult<{ row: ApiKeyRow }>> {
  return runAction({ role: "admin", write: true, name: "deactivate a key" }, async ({ caller }) => {
    const key = await deactivateApiKey(caller, { keyId, projectId });
    revalidatePath("/settings/api-keys");
    return { row: toApiKeyRow(key) };
  });
}

export async function reactivateApiKeyAction(projectId: string, keyId: string): Promise<ActionResult<{ row: ApiKeyRow }>> {
  return runAction({ role: "admin", write: true, name: "reactivate a key" }, async ({ caller }) => {
    const key = await reactivateApiKey(caller, { keyId, projectId });
    revalidatePath("/settings/api-keys");
    return { row: toApiKeyRow(key) };
  });
}

/** A recoverable key, again, for an admin who confirmed; audited like the API's reveal. */
export async function revealApiKeyAction(projectId: string, keyId: string): Promise<ActionResult<{ key: string }>> {
  return runAction({ role: "admin", write: true, name: "reveal a key" }, async ({ caller }) => {
    const { key } = await revealApiKey(caller, { keyId, projectId });
    return { key };
  });
}

/** What revoking or rolling a key would cut off: its last 24 hours and its last use. */
export async function keyImpactAction(projectId: string, keyId: string): Promise<ActionResult<KeyImpact>> {
  return runAction({ role: "member" }, async ({ session }) => {
    const key = await getApiKeyOrThrow(session.workspaceId, String(keyId), { projectId: String(projectId) });
    return getKeyImpact(session.workspaceId, key.id);
  });
}

export async function acknowledgeLeakAction(projectId: string, keyId: string): Promise<ActionResult<{ row: ApiKeyRow }>> {
  return runAction({ role: "admin", write: true, name: "acknowledge a leak report" }, async ({ caller }) => {
    const key = await acknowledgeLeak(caller, { keyId, projectId });
    revalidatePath("/settings/api-keys");
    return { row: toApiKeyRow(key) };
  });
}

/**
 * Rolls a key; the old one keeps working for `grace`. `submissionId` is fixed when the dialog
 * opens, so a double submit replays the first result instead of rolling twice.
 */
export async function rollApiKeyAction(
  projectId: string,
  keyId: string,
  submissionId: string,
  grace: GracePeriodChoice,
): Promise<ActionResult<CreatedKey & { previous: ApiKeyRow }>> {
  return runAction({ role: "admin", write: true, name: "roll a key" }, async ({ caller }) => {
    const choice = parseInput(z.enum(GRACE_PERIODS, { error: "Choose how long the old key keeps working." }), grace);
    const { body } = await runIdempotent(
      caller,
      { operation: "action:roll-api-key", key: submissionId || null, request: [projectId, keyId, choice] },
      async (tx) => {
        const { key, apiKey, previous } = await rollApiKey(caller, { keyId, projectId, grace: choice, tx });
        return { status: 201, body: { key, row: toApiKeyRow(apiKey), previous: toApiKeyRow(previous) } };
      },
    );
    revalidatePath("/settings/api-keys");
    return body as CreatedKey & { previous: ApiKeyRow };
  });
}

export async function updateApiKeyAction(projectId: string, keyId: string, form: EditApiKeyForm): Promise<ActionResult<{ row: ApiKeyRow }>> {
  return runAction({ role: "admin", write: true, name: "edit a key" }, async ({ caller }) => {
    const changes = parseInput(editApiKeyFormSchema, form);
    const key = await updateApiKey(caller, { keyId, projectId, changes });
    revalidatePath("/settings/api-keys");
    return { row: toApiKeyRow(key) };
  });
}

/**
 * Whether another active key of the project (or of every project) already has this name,
 * compared without case or surrounding spaces. The dialogs warn about it; they never refuse.
 */
export async function keyNameInUseAction(projectId: string, name: string, exceptKeyId?: string): Promise<ActionResult<{ inUse: boolean }>> {
  return runAction({ role: "member" }, async ({ session }) => {
    const wanted = String(name).trim();
    if (wanted === "" || wanted.length > KEY_NAME_MAX) return { inUse: false };
    const page = await listApiKeys(session.workspaceId, { projectId: String(projectId), q: wanted, status: "active", limit: 100 });
    const same = (other: string) => other.trim().toLocaleLowerCase() === wanted.toLocaleLowerCase();
    return { inUse: page.items.some((key) => key.id !== exceptKeyId && same(key.name)) };
  });
}

/** Revokes a batch of the selected keys, each on its own; the dialog sends batches to show progress. */
export async function bulkRevokeApiKeysAction(projectId: string, keyIds: string[]): Promise<ActionResult<{ results: BulkRevokeResult[] }>> {
  return runAction({ role: "admin", write: true, name: "revoke keys in bulk" }, async ({ session, caller }) => {
    const { key_ids } = parseInput(bulkRevokeBodySchema, { key_ids: keyIds });
    await getProjectOrThrow(session.workspaceId, projectId);
    const results = await bulkRevokeApiKeys(caller, { keyIds: key_ids, projectId });
    revalidatePath("/settings/api-keys");
    return { results };
  });
}

/** Every key matching the table's filters (up to 1,000), for "select all that match". */
export async function matchingKeysAction(projectId: string, filters: unknown): Promise<ActionResult<{ rows: ApiKeyRow[]; capped: boolean }>> {
  return runAction({ role: "admin", name: "select keys for a bulk revoke" }, async ({ session }) => {
    const base = parseInput(listApiKeysQuerySchema.pick({ environment: true, status: true, q: true }), filters);
    const rows: ApiKeyRow[] = [];
    let cursor: string | undefined;
    do {
      const page = await listApiKeys(session.workspaceId, { projectId, ...listApiKeysQuerySchema.parse({}), ...base, limit: 100, cursor });
      rows.push(...page.items.map(toApiKeyRow));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && rows.length < BULK_REVOKE_MAX);
    return { rows: rows.slice(0, BULK_REVOKE_MAX), capped: Boolean(cursor) };
  });
}

/**
 * The identities the key dialogs' picker offers for `q` (external id or name), a few at a time,
 * and the key's own identity (`include`) so the picker can name it.
 */
export async function identityChoicesAction(q: string, include?: string | null): Promise<ActionResult<{ items: IdentityChoice[]; included: IdentityChoice | null }>> {
  return runAction({ role: "member" }, async ({ session }) => {
    const query = parseInput(listIdentitiesQuerySchema.shape.q, q) ?? "";
    return searchIdentityChoices(session.workspaceId, { q: query, limit: IDENTITY_CHOICES_SHOWN, include: include ? String(include) : null });
  });
}
