"use client";

import { revokeApiKeyAction } from "@/app/(dashboard)/settings/api-keys/actions";
import { ActionDialog } from "@/components/forms/action-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { Notice } from "@/components/ui/notice";
import type { ApiKeyRow } from "@/lib/schemas/keys/forms";
import type { KeyDialogProps } from "./key-dialog";
import { KeyImpactNotice, KeyStart } from "./key-impact";

/** The Revoke API Key confirm dialog. */
export function RevokeKeyDialog({ target, projectId, onDone, returnFocusTo }: KeyDialogProps<{ row: ApiKeyRow }>) {
  const revoke = useActionForm((keyId: string) => revokeApiKeyAction(projectId, keyId), {
    failureMessage: "The key could not be revoked. Check your connection and try again.",
    onSuccess: onDone,
  });

  return (
    <ActionDialog
      open={target !== null}
      onOpenChange={(open) => {
        if (open) return;
        revoke.reset();
        onDone(null);
      }}
      destructive
      title="Revoke API Key"
      description={target && `Revoke “${target.name}”?`}
      returnFocusTo={returnFocusTo}
      onConfirm={() => target && revoke.submit(target.id)}
      confirmLabel="Revoke key"
      pendingLabel="Revoking…"
      pending={revoke.pending}
      error={revoke.error}
    >
      {target ? (
        <>
          <p>
            <KeyStart start={target.start} />
          </p>
          <KeyImpactNotice projectId={projectId} keyId={target.id} />
          <Notice tone="danger">Any app using this key immediately loses access. This cannot be undone.</Notice>
        </>
      ) : null}
    </ActionDialog>
  );
}
