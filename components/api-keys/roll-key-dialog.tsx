"use client";

import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent } from "@/components/ui/dialog";
import { Fieldset } from "@/components/ui/field";
import type { ActionResult } from "@/lib/schemas/action-result";
import { GRACE_PERIODS, type GracePeriodChoice } from "@/lib/schemas/keys/domain";
import type { ApiKeyRow } from "@/lib/schemas/keys/forms";
import { GRACE_PERIOD_LABEL } from "@/lib/schemas/keys/labels";
import { KeyImpactNotice, type KeyImpactAction } from "./key-impact";

export type RollKeyAction = (
  projectId: string,
  keyId: string,
  submissionId: string,
  grace: GracePeriodChoice,
) => Promise<ActionResult<{ key: string; row: ApiKeyRow; previous: ApiKeyRow }>>;

/** The Roll key dialog: how long the old key keeps working, then the new key, once. */
export function RollKeyDialog({
  target,
  projectId,
  action,
  impactAction,
  onDone,
  returnFocusTo,
}: {
  target: ApiKeyRow | null;
  projectId: string;
  action: RollKeyAction;
  impactAction: KeyImpactAction;
  onDone: (result: { key: string; row: ApiKeyRow; previous: ApiKeyRow } | null) => void;
  returnFocusTo?: () => HTMLElement | null;
}) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [grace, setGrace] = useState<GracePeriodChoice>("24h");
  const submissionId = useRef("");
  const targetId = target?.id ?? null;
  // A fresh roll each time the dialog opens for a key; a double submit replays the first.
  useEffect(() => {
    if (targetId) submissionId.current = crypto.randomUUID();
  }, [targetId]);

  async function confirm() {
    if (!target || pending) return;
    setPending(true);
    setError(null);
    try {
      const result = await action(projectId, target.id, submissionId.current, grace);
      if (result.ok) {
        setGrace("24h");
        onDone(result.data);
      } else setError(result.error.message);
    } catch {
      setError("The key could not be rolled. Check your connection and try again.");
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
          setGrace("24h");
          onDone(null);
        }
      }}
    >
      {target ? (
        <DialogContent title="Roll API Key" description={`Replace “${target.name}” with a new key.`} returnFocusTo={returnFocusTo}>
          <div className="space-y-4 text-sm">
            <p>
              The new key gets everything from{" "}
              <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{target.start}…</code>: name, environment,
              projects, scopes, limits and expiry. It is shown once. The old key, meanwhile:
            </p>
            <KeyImpactNotice projectId={projectId} keyId={target.id} action={impactAction} />
            <Fieldset legend="How long the old key keeps working">
              <div className="grid gap-2 sm:grid-cols-2">
                {GRACE_PERIODS.map((choice) => (
                  <label key={choice} className="flex items-center gap-2">
                    <input
                      type="radio"
                      name="grace"
                      value={choice}
                      checked={grace === choice}
                      onChange={() => setGrace(choice)}
                      className="h-4 w-4 accent-[var(--accent)]"
                    />
                    {GRACE_PERIOD_LABEL[choice]}
                  </label>
                ))}
              </div>
            </Fieldset>
            <p className={grace === "none" ? "rounded-md border border-danger/40 bg-danger/10 px-3 py-2 text-danger" : "text-fg-muted"}>
              {grace === "none"
                ? "Apps using the old key lose access immediately, as with a revoke."
                : `Deploy the new key within ${GRACE_PERIOD_LABEL[grace]}; the old key then stops, on every instance at once.`}
            </p>
            {error ? (
              <p role="alert" className="text-sm font-medium text-danger">
                {error}
              </p>
            ) : null}
            <div className="flex justify-end gap-2">
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
              <Button onClick={confirm} disabled={pending}>
                {pending ? "Rolling…" : "Roll key"}
              </Button>
            </div>
          </div>
        </DialogContent>
      ) : null}
    </Dialog>
  );
}
