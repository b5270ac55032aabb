"use client";

import { useState } from "react";
import { bulkRevokeApiKeysAction } from "@/app/(dashboard)/settings/api-keys/actions";
import { ActionDialog } from "@/components/forms/action-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { DialogClose } from "@/components/ui/dialog";
import { Notice } from "@/components/ui/notice";
import type { ActionResult } from "@/lib/schemas/action-result";
import type { ApiKeyRow } from "@/lib/schemas/keys/forms";
import { ENVIRONMENT_LABEL } from "@/lib/schemas/keys/labels";
import { relativeTime } from "./format";

/** Keys per request: small enough that the progress bar moves, large enough to be quick. */
const BATCH = 25;

type Failure = { row: ApiKeyRow | undefined; keyId: string; detail: string };
type Summary = { revoked: number; failures: Failure[] };

/**
 * Revokes `targets` a batch at a time, each key on its own: a refused key or a failed batch
 * is a failure of its keys, never of the whole run. `onBatch` hears how many were handled.
 */
async function revokeInBatches(projectId: string, targets: ApiKeyRow[], onBatch: (handled: number) => void): Promise<ActionResult<Summary>> {
  const summary: Summary = { revoked: 0, failures: [] };
  for (let i = 0; i < targets.length; i += BATCH) {
    const batch = targets.slice(i, i + BATCH);
    const result = await bulkRevokeApiKeysAction(projectId, batch.map((row) => row.id)).catch(() => null);
    if (result?.ok) {
      for (const r of result.data.results) {
        if (r.status === "revoked" || r.status === "already_revoked") summary.revoked++;
        else summary.failures.push({ row: batch.find((row) => row.id === r.keyId), keyId: r.keyId, detail: r.detail });
      }
    } else {
      const detail = result ? result.error.message : "The request failed. Check your connection and try again.";
      for (const row of batch) summary.failures.push({ row, keyId: row.id, detail });
    }
    onBatch(Math.min(i + BATCH, targets.length));
  }
  return { ok: true, data: summary };
}

/** One confirm dialog for many keys: what will be revoked, progress, and what was not. */
export function BulkRevokeDialog({
  targets,
  projectId,
  onDone,
}: {
  targets: ApiKeyRow[] | null;
  projectId: string;
  onDone: (summary: { revoked: number } | null) => void;
}) {
  /** Keys handled so far, once the run has started. */
  const [handled, setHandled] = useState<number | null>(null);
  const revoke = useActionForm((rows: ApiKeyRow[]) => revokeInBatches(projectId, rows, setHandled), {
    failureMessage: "The request failed. Check your connection and try again.",
    onSuccess: ({ revoked, failures }) => {
      if (failures.length > 0) return;
      close();
      onDone({ revoked });
    },
  });
  const summary = revoke.data;
  function close() {
    revoke.reset();
    setHandled(null);
  }

  const total = targets?.length ?? 0;
  const keys = `${total} key${total === 1 ? "" : "s"}`;
  return (
    <ActionDialog
      open={targets !== null}
      onOpenChange={(open) => {
        if (open || revoke.pending) return;
        close();
        onDone(summary ? { revoked: summary.revoked } : null);
      }}
      destructive
      title="Revoke API Keys"
      description={`Revoke ${keys}?`}
      onConfirm={() => {
        if (!targets || revoke.pending) return;
        setHandled(0);
        revoke.submit(targets);
      }}
      confirmLabel={`Revoke ${keys}`}
      pendingLabel="Revoking…"
      pending={revoke.pending}
      cancelDisabled={revoke.pending}
      error={revoke.error}
      footer={
        summary ? (
          <DialogClose asChild>
            <Button variant="secondary">Done</Button>
          </DialogClose>
        ) : undefined
      }
    >
      <ul aria-label="Keys to revoke" tabIndex={0} className="max-h-60 divide-y divide-border overflow-y-auto rounded-md border border-border">
        {targets?.map((row) => (
          <li key={row.id} className="flex items-center justify-between gap-3 px-3 py-2">
            <span className="min-w-0 font-medium break-all">{row.name}</span>
            <span className="shrink-0 text-xs text-fg-muted">
              {ENVIRONMENT_LABEL[row.environment]} · {row.lastUsedAt ? `used ${relativeTime(row.lastUsedAt)}` : "never used"}
            </span>
          </li>
        ))}
      </ul>
      {handled === null ? (
        <Notice tone="danger">Every app using these keys immediately loses access. This cannot be undone.</Notice>
      ) : (
        <div className="space-y-1">
          <progress className="h-2 w-full accent-[var(--accent)]" max={total} value={handled} aria-label="Revoking keys" />
          <p aria-live="polite" className="text-fg-muted">
            {summary ? `Done: ${summary.revoked} of ${total} revoked.` : `Revoking… ${handled} of ${total}`}
          </p>
        </div>
      )}
      {summary && summary.failures.length > 0 ? (
        <Notice tone="danger" as="div" role="alert">
          <p className="font-semibold">
            {summary.failures.length} key{summary.failures.length === 1 ? " was" : "s were"} not revoked:
          </p>
          <ul className="mt-1 list-disc pl-5">
            {summary.failures.map((f) => (
              <li key={f.keyId}>
                <span className="font-medium">{f.row?.name ?? f.keyId}</span>: {f.detail}
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
    </ActionDialog>
  );
}
