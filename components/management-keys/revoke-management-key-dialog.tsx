"use client";

import { revokeManagementKeyAction } from "@/app/(dashboard)/settings/management-keys/actions";
import { ActionDialog } from "@/components/forms/action-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { Notice } from "@/components/ui/notice";
import type { ManagementKeyDto } from "@/lib/schemas/management-keys";

/** The Revoke management key confirmation: it names the key. */
export function RevokeManagementKeyDialog({
  target,
  onDone,
  returnFocusTo,
}: {
  target: ManagementKeyDto | null;
  onDone: (revoked: ManagementKeyDto | null) => void;
  returnFocusTo?: () => HTMLElement | null;
}) {
  const revoke = useActionForm((id: string) => revokeManagementKeyAction(id), {
    failureMessage: "The key could not be revoked. Check your connection and try again.",
    onSuccess: (revoked) => onDone(revoked),
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
      title="Revoke management key"
      description={target && `Revoke “${target.name}” (${target.start}…)?`}
      returnFocusTo={returnFocusTo}
      onConfirm={() => target && revoke.submit(target.id)}
      confirmLabel="Revoke key"
      pendingLabel="Revoking…"
      pending={revoke.pending}
      error={revoke.error}
    >
      <Notice tone="danger">
        Every script, pipeline or tool using “{target?.name}” loses access at once, on every instance within 5 seconds. This cannot be undone.
      </Notice>
    </ActionDialog>
  );
}
