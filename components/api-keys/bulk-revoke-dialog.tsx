"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/schemas/action-result";
import type { ApiKeyRow } from "@/lib/schemas/keys/forms";
import { ENVIRONMENT_LABEL } from "@/lib/schemas/keys/labels";
import { relativeTime } from "./format";

export type BulkRevokeResult = { keyId: string; status: "revoked" | "already_revoked" | "not_found" | "refused"; detail: string };
export type BulkRevokeAction = (projectId: string, keyIds: string[]) => Promise<ActionResult<{ results: BulkRevokeResult[] }>>;

/** Keys per request: small enough that the progress bar moves, large enough to be quick. */
const BATCH = 25;

/** One confirm dialog for many keys: what will be revoked, progress, and what was not. */
export function BulkRevokeDialog({
  targets,
  projectId,
  action,
  onDone,
}: {
  targets: ApiKeyRow[] | null;
  projectId: string;
  action: BulkRevokeAction;
  onDone: (summary: { revoked: number } | null) => void;
}) {
  const [done, setDone] = useState<number | null>(null);
  const [failures, setFailures] = useState<{ row: ApiKeyRow | undefined; keyId: string; detail: string }[]>([]);
  const [finished, setFinished] = useState(false);
  const [revokedCount, setRevokedCount] = useState(0);

  function reset() {
    setDone(null);
    setFailures([]);
    setFinished(false);
    setRevokedCount(0);
  }

  async function confirm() {
    if (!targets || done !== null) return;
    setDone(0);
    const failed: typeof failures = [];
    let revoked = 0;
    for (let i = 0; i < targets.length; i += BATCH) {
      const batch = targets.slice(i, i + BATCH);
      let result: Awaited<ReturnType<BulkRevokeAction>> | null = null;
      try {
        result = await action(projectId, batch.map((row) => row.id));
      } catch {
        result = null;
      }
      if (result?.ok) {
        for (const r of result.data.results) {
          if (r.status === "revoked" || r.status === "already_revoked") revoked++;
          else failed.push({ row: batch.find((row) => row.id === r.keyId), keyId: r.keyId, detail: r.detail });
        }
      } else {
        const detail = result ? result.error.message : "The request failed. Check your connection and try again.";
        for (const row of batch) failed.push({ row, keyId: row.id, detail });
      }
      setDone(Math.min(i + BATCH, targets.length));
      setFailures([...failed]);
    }
    setRevokedCount(revoked);
    setFinished(true);
    if (failed.length === 0) {
      reset();
      onDone({ revoked });
    }
  }

  const total = targets?.length ?? 0;
  return (
    <Dialog
      open={targets !== null}
      onOpenChange={(open) => {
        if (!open && (done === null || finished)) {
          const summary = finished ? { revoked: revokedCount } : null;
          reset();
          onDone(summary);
        }
      }}
    >
      {targets ? (
        <DialogContent role="alertdialog" title="Revoke API Keys" description={`Revoke ${total} key${total === 1 ? "" : "s"}?`}>
          <div className="space-y-4 text-sm">
            <ul aria-label="Keys to revoke" tabIndex={0} className="max-h-60 divide-y divide-border overflow-y-auto rounded-md border border-border">
              {targets.map((row) => (
                <li key={row.id} className="flex items-center justify-between gap-3 px-3 py-2">
                  <span className="min-w-0 font-medium break-all">{row.name}</span>
                  <span className="shrink-0 text-xs text-fg-muted">
                    {ENVIRONMENT_LABEL[row.environment]} · {row.lastUsedAt ? `used ${relativeTime(row.lastUsedAt)}` : "never used"}
                  </span>
                </li>
              ))}
            </ul>
            {done === null ? (
              <p className="rounded-md border border-danger/40 bg-danger/10 px-3 py-2 text-danger">
                Every app using these keys immediately loses access. This cannot be undone.
              </p>
            ) : (
              <div className="space-y-1">
                <progress className="h-2 w-full accent-[var(--accent)]" max={total} value={done} aria-label="Revoking keys" />
                <p aria-live="polite" className="text-fg-muted">
                  {finished ? `Done: ${revokedCount} of ${total} revoked.` : `Revoking… ${done} of ${total}`}
                </p>
              </div>
            )}
            {finished && failures.length > 0 ? (
              <div role="alert" className="rounded-md border border-danger/40 bg-danger/10 px-3 py-2 text-danger">
                <p className="font-semibold">
                  {failures.length} key{failures.length === 1 ? " was" : "s were"} not revoked:
                </p>
                <ul className="mt-1 list-disc pl-5">
                  {failures.map((f) => (
                    <li key={f.keyId}>
                      <span className="font-medium">{f.row?.name ?? f.keyId}</span>: {f.detail}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            <div className="flex justify-end gap-2">
              {finished ? (
                <DialogClose asChild>
                  <Button variant="secondary">Done</Button>
                </DialogClose>
              ) : (
                <>
                  <DialogClose asChild>
                    <Button variant="secondary" autoFocus disabled={done !== null}>
                      Cancel
                    </Button>
                  </DialogClose>
                  <Button variant="danger" onClick={confirm} disabled={done !== null}>
                    {done === null ? `Revoke ${total} key${total === 1 ? "" : "s"}` : "Revoking…"}
                  </Button>
                </>
              )}
            </div>
          </div>
        </DialogContent>
      ) : null}
    </Dialog>
  );
}
