"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/schemas/action-result";
import type { ApiKeyRow } from "@/lib/schemas/keys/forms";
import { KeyImpactNotice, type KeyImpactAction } from "./key-impact";

export type RevokeKeyAction = (projectId: string, keyId: string) => Promise<ActionResult<{ row: ApiKeyRow }>>;

/** The Revoke API Key confirm dialog. */
export function RevokeKeyDialog({
  target,
  projectId,
  action,
  impactAction,
  onDone,
  returnFocusTo,
}: {
  target: ApiKeyRow | null;
  projectId: string;
  action: RevokeKeyAction;
  impactAction: KeyImpactAction;
  onDone: (result: { ok: true; row: ApiKeyRow } | null) => void;
  returnFocusTo?: () => HTMLElement | null;
}) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    if (!target || pending) return;
    setPending(true);
    setError(null);
    try {
      const result = await action(projectId, target.id);
      if (result.ok) onDone({ ok: true, row: result.data.row });
      else setError(result.error.message);
    } catch {
      setError("The key could not be revoked. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog
      open={target !== null}
      onOpenChange={(open) => {
        if (!open) {
          setError(null);
          onDone(null);
        }
      }}
    >
      {target ? (
        <DialogContent
          role="alertdialog"
          title="Revoke API Key"
          description={`Revoke “${target.name}”?`}
          returnFocusTo={returnFocusTo}
        >
          <div className="space-y-4 text-sm">
            <p>
              <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{target.start}…</code>
            </p>
            <KeyImpactNotice projectId={projectId} keyId={target.id} action={impactAction} />
            <p className="rounded-md border border-danger/40 bg-danger/10 px-3 py-2 text-danger">
              Any app using this key immediately loses access. This cannot be undone.
            </p>
            {error ? (
              <p role="alert" className="text-sm font-medium text-danger">
                {error}
              </p>
            ) : null}
            <div className="flex justify-end gap-2">
              <DialogClose asChild>
                <Button variant="secondary" autoFocus>
                  Cancel
                </Button>
              </DialogClose>
              <Button variant="danger" onClick={confirm} disabled={pending}>
                {pending ? "Revoking…" : "Revoke key"}
              </Button>
            </div>
          </div>
        </DialogContent>
      ) : null}
    </Dialog>
  );
}
