"use server";

import { revalidatePath } from "next/cache";
import { parseInput, runAction } from "@/lib/actions";
import { createManagementKey, revokeManagementKey, toManagementKeyDto } from "@/lib/data";
import type { ActionResult } from "@/lib/schemas/action-result";
import { uuidSchema } from "@/lib/schemas/ids";
import { createManagementKeyFormSchema, type CreatedManagementKeyDto, type ManagementKeyDto } from "@/lib/schemas/management-keys";

// Adapters for Settings -> Management keys (admins): guard -> parse -> data layer.

export async function createManagementKeyAction(input: unknown): Promise<ActionResult<CreatedManagementKeyDto>> {
  return runAction({ role: "admin", write: true, name: "create a management key" }, async ({ caller }) => {
    const form = parseInput(createManagementKeyFormSchema, input);
    const created = await createManagementKey(caller, {
      input: { name: form.name, permissions: form.permissions, expiresAt: form.expiresOn },
      grantable: null,
    });
    revalidatePath("/settings/management-keys");
    return created;
  });
}

export async function revokeManagementKeyAction(id: unknown): Promise<ActionResult<ManagementKeyDto>> {
  return runAction({ role: "admin", write: true, name: "revoke a management key" }, async ({ caller }) => {
    const keyId = parseInput(uuidSchema, id);
    const revoked = await revokeManagementKey(caller, { id: keyId });
    revalidatePath("/settings/management-keys");
    return toManagementKeyDto(revoked);
  });
}
