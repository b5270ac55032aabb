"use server";

import { revalidatePath } from "next/cache";
import { parseInput, runAction } from "@/lib/actions";
import type { ActionResult } from "@/lib/schemas/action-result";
import { acknowledgeLeak, createApiKey, fingerprintOf, revokeApiKey, toApiKeyRow, withIdempotency } from "@/lib/data";
import { createApiKeyFormSchema, type ApiKeyRow, type CreateApiKeyForm } from "@/lib/schemas/api-keys";

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
  return runAction({ role: "admin", write: true }, async ({ session, requestId, ip }) => {
    const input = parseInput(createApiKeyFormSchema, form);
    const { body } = await withIdempotency(
      {
        scope: `${session.workspaceId}:${session.userId}:action:create-api-key`,
        key: submissionId || null,
        fingerprint: fingerprintOf([projectId, form]),
      },
      async (tx) => {
        const { key, apiKey } = await createApiKey(session.workspaceId, session, projectId, input, { requestId, ip }, tx);
        return { status: 201, body: { key, row: toApiKeyRow(apiKey) } satisfies CreatedKey };
      },
    );
    revalidatePath("/settings/api-keys");
    return body as CreatedKey;
  });
}

export async function revokeApiKeyAction(projectId: string, keyId: string): Promise<ActionResult<{ row: ApiKeyRow }>> {
  return runAction({ role: "admin", write: true }, async ({ session, requestId, ip }) => {
    const revoked = await revokeApiKey(session.workspaceId, session, keyId, { projectId }, { requestId, ip });
    revalidatePath("/settings/api-keys");
    return { row: toApiKeyRow(revoked) };
  });
}

export async function acknowledgeLeakAction(projectId: string, keyId: string): Promise<ActionResult<{ row: ApiKeyRow }>> {
  return runAction({ role: "admin", write: true }, async ({ session, requestId, ip }) => {
    const key = await acknowledgeLeak(session.workspaceId, session, keyId, { projectId }, { requestId, ip });
    revalidatePath("/settings/api-keys");
    return { row: toApiKeyRow(key) };
  });
}
