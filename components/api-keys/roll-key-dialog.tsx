"use client";

import { useState } from "react";
import { rollApiKeyAction, type CreatedKey } from "@/app/(dashboard)/settings/api-keys/actions";
import { ActionDialog } from "@/components/forms/action-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { Fieldset } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { GRACE_PERIODS, type GracePeriodChoice } from "@/lib/schemas/keys/domain";
import { type ApiKeyRow } from "@/lib/schemas/keys/forms";
import { GRACE_PERIOD_LABEL } from "@/lib/schemas/keys/labels";
import type { KeyDialogProps } from "./key-dialog";
import { KeyImpactNotice, KeyStart } from "./key-impact";

export type RolledKey = CreatedKey & { previous: ApiKeyRow };

/** The Roll key dialog: how long the old key keeps working, then the new key, once. */
export function RollKeyDialog({ target, projectId, onDone, returnFocusTo }: KeyDialogProps<RolledKey>) {
  const [grace, setGrace] = useState<GracePeriodChoice>("24h");
  // The attempt's submission id is kept until it succeeds: a double submit replays the first roll.
  const roll = useActionForm(
    ({ keyId, grace }: { keyId: string; grace: GracePeriodChoice }, { submissionId }) => rollApiKeyAction(projectId, keyId, submissionId, grace),
    {
      failureMessage: "The key could not be rolled. Check your connection and try again.",
      onSuccess: (rolled) => {
        setGrace("24h");
        onDone(rolled);
      },
    },
  );

  return (
    <ActionDialog
      open={target !== null}
      onOpenChange={(open) => {
        if (open) return;
        roll.reset();
        setGrace("24h");
        onDone(null);
      }}
      title="Roll API Key"
      description={target && `Replace “${target.name}” with a new key.`}
      returnFocusTo={returnFocusTo}
      onConfirm={() => target && roll.submit({ keyId: target.id, grace })}
      confirmLabel="Roll key"
      pendingLabel="Rolling…"
      pending={roll.pending}
      error={roll.error}
    >
      {target ? (
        <>
          <p>
            The new key gets everything from <KeyStart start={target.start} />: name, environment, projects, scopes, limits and
            expiry. It is shown once. The old key, meanwhile:
          </p>
          <KeyImpactNotice projectId={projectId} keyId={target.id} />
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
          {grace === "none" ? (
            <Notice tone="danger">Apps using the old key lose access immediately, as with a revoke.</Notice>
          ) : (
            <p className="text-fg-muted">
              Deploy the new key within {GRACE_PERIOD_LABEL[grace]}; the old key then stops, on every instance at once.
            </p>
          )}
        </>
      ) : null}
    </ActionDialog>
  );
}
