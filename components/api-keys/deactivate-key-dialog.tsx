"use client";

import { deactivateApiKeyAction } from "@/app/(dashboard)/settings/api-keys/actions";
import { ActionDialog } from "@/components/forms/action-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { Notice } from "@/components/ui/notice";
import type { ApiKeyRow } from "@/lib/schemas/keys/forms";
import type { KeyDialogProps } from "./key-dialog";
import { KeyImpactNotice, KeyStart } from "./key-impact";

/** The Deactivate API Key confirm dialog: it names the key, and says it can be undone. */
export function DeactivateKeyDialog({ target, projectId, onDone, returnFocusTo }: KeyDialogProps<{ row: ApiKeyRow }>) {
  const deactivate = useActionForm((keyId: string) => deactivateApiKeyAction(projectId, keyId), {
    failureMessage: "The key could not be deactivated. Check your connection and try again.",
    onSuccess: onDone,
  });

  return (
    <ActionDialog
      open={target !== null}
      onOpenChange={(open) => {
        if (open) return;
        deactivate.reset();
        onDone(null);
      }}
      title="Deactivate API Key"
      description={target && `Deactivate “${target.name}”?`}
      returnFocusTo={returnFocusTo}
      onConfirm={() => target && deactivate.submit(target.id)}
      confirmLabel="Deactivate key"
      pendingLabel="Deactivating…"
      pending={deactivate.pending}
      error={deactivate.error}
    >
      {target ? (
        <>
          <p>
            <KeyStart start={target.start} />
          </p>
          <KeyImpactNotice projectId={projectId} keyId={target.id} />
          <Notice tone="warning">
            Apps using “{target.name}” are refused at once, as if it were revoked. This can be undone: reactivate it at any time and it works
            again with everything it had.
          </Notice>
        </>
      ) : null}
    </ActionDialog>
  );
}
