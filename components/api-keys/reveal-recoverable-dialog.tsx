"use client";

import { useState } from "react";
import { revealApiKeyAction } from "@/app/(dashboard)/settings/api-keys/actions";
import { ActionDialog } from "@/components/forms/action-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { DialogClose } from "@/components/ui/dialog";
import { Notice } from "@/components/ui/notice";
import { CopyButton } from "./copy-button";
import type { KeyDialogProps } from "./key-dialog";

/**
 * Revealing a recoverable key: a confirmation first (the reveal is recorded in the audit log),
 * then the key with Copy. The key lives in this dialog's state only, and goes when it closes.
 */
export function RevealRecoverableKeyDialog({ target, projectId, onDone, returnFocusTo }: KeyDialogProps<true>) {
  const [key, setKey] = useState<string | null>(null);
  const reveal = useActionForm((keyId: string) => revealApiKeyAction(projectId, keyId), {
    failureMessage: "The key could not be revealed. Check your connection and try again.",
    onSuccess: (result) => setKey(result.key),
  });

  return (
    <ActionDialog
      open={target !== null}
      onOpenChange={(open) => {
        if (open) return;
        reveal.reset();
        const revealed = key !== null;
        setKey(null);
        onDone(revealed ? true : null);
      }}
      title="Reveal API Key"
      description={target && (key ? `The key “${target.name}”:` : `Reveal “${target.name}”?`)}
      returnFocusTo={returnFocusTo}
      onConfirm={() => target && reveal.submit(target.id)}
      confirmLabel="Reveal key"
      pendingLabel="Revealing…"
      pending={reveal.pending}
      error={reveal.error}
      footer={
        key ? (
          <DialogClose asChild>
            <Button>Done</Button>
          </DialogClose>
        ) : undefined
      }
    >
      {target && key ? (
        <div className="space-y-3">
          <div className="flex items-center gap-2 rounded-md border border-border bg-muted p-2">
            <code className="min-w-0 flex-1 font-mono text-sm break-all" aria-label={`The key ${target.name}`}>
              {key}
            </code>
            <CopyButton text={key} label="key" />
          </div>
          <p className="text-sm text-fg-muted">Store it in your secret manager. Closing this dialog hides it again.</p>
        </div>
      ) : target ? (
        <Notice tone="warning">
          The key will be shown in full on this screen. Every reveal is recorded in the audit log with your name, the time and your IP address.
        </Notice>
      ) : null}
    </ActionDialog>
  );
}
