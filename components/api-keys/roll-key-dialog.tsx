"use client";

import { useState } from "react";
import { rollApiKeyAction, type CreatedKey } from "@/app/(dashboard)/settings/api-keys/actions";
import { ActionDialog } from "@/components/forms/action-dialog";
import { RadioChoices } from "@/components/forms/choice-list";
import { useActionForm } from "@/components/forms/use-action-form";
import { Notice } from "@/components/ui/notice";
import { GRACE_PERIODS, type GracePeriodChoice } from "@/lib/schemas/keys/domain";
import { type ApiKeyRow } from "@/lib/schemas/keys/forms";
import { GRACE_PERIOD_LABEL } from "@/lib/schemas/keys/labels";
import { expiryRule, expiryRuleSentence, followsExpiryRule, type KeyPolicy } from "@/lib/schemas/policy-rules";
import { exactTime, relativeTime } from "./format";
import type { KeyDialogProps } from "./key-dialog";
import { KeyImpactNotice, KeyStart } from "./key-impact";

export type RolledKey = CreatedKey & { previous: ApiKeyRow };

const DEFAULT_GRACE: GracePeriodChoice = "24h";
const GRACE_MS: Record<GracePeriodChoice, number> = { none: 0, "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000 };

/**
 * The Roll key dialog: how long the old key keeps working, then the new key, once. A roll
 * copies the key's expiry, so the dialog says what that expiry is and, with the workspace's
 * `policy`, whether the new key would break it.
 */
export function RollKeyDialog({ target, projectId, onDone, returnFocusTo, policy }: KeyDialogProps<RolledKey> & { policy?: KeyPolicy }) {
  const [grace, setGrace] = useState<GracePeriodChoice>(DEFAULT_GRACE);
  // The attempt's submission id is kept until it succeeds: a double submit replays the first roll.
  const roll = useActionForm(
    ({ keyId, grace }: { keyId: string; grace: GracePeriodChoice }, { submissionId }) => rollApiKeyAction(projectId, keyId, submissionId, grace),
    {
      failureMessage: "The key could not be rolled. Check your connection and try again.",
      onSuccess: (rolled) => {
        setGrace(DEFAULT_GRACE);
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
        setGrace(DEFAULT_GRACE);
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
          <RolledExpiry target={target} policy={policy} />
          {/* The chosen period has the focus when the dialog opens, so Enter or the arrows act on it. */}
          <RadioChoices
            legend="How long the old key keeps working"
            name="grace"
            layout="grid"
            value={grace}
            onChange={setGrace}
            autoFocusSelected
            choices={GRACE_PERIODS.map((choice) => ({ value: choice, label: GRACE_PERIOD_LABEL[choice] }))}
          />
          <GraceOutcome target={target} grace={grace} />
        </>
      ) : null}
    </ActionDialog>
  );
}

/** What the new key's expiry will be (the old one's), and whether that breaks the policy. */
function RolledExpiry({ target, policy }: { target: ApiKeyRow; policy: KeyPolicy | undefined }) {
  const rule = expiryRule(policy, target.environment);
  const expiresAt = target.expiresAt ? new Date(target.expiresAt) : null;
  const follows = followsExpiryRule(rule, { expiresAt, createdAt: new Date() });
  const expiry = target.expiresAt ? `The new key expires when this one does, ${exactTime(target.expiresAt)}.` : "Like this key, the new key never expires.";
  if (follows) return <p className="text-fg-muted">{expiry} A roll never extends a key&apos;s life.</p>;
  return (
    <Notice tone="warning" data-testid="roll-policy">
      {expiryRuleSentence(target.environment, rule)} {expiry} It would break that rule too: to follow it, create a new key with an
      allowed expiry, then revoke this one.
    </Notice>
  );
}

/** What the chosen grace period means for the old key, including when its own expiry comes first. */
function GraceOutcome({ target, grace }: { target: ApiKeyRow; grace: GracePeriodChoice }) {
  // When the dialog opened: near enough to compare with a grace period of an hour or more.
  const [openedAt] = useState(() => Date.now());
  if (grace === "none") return <Notice tone="danger">Apps using the old key lose access immediately, as with a revoke.</Notice>;
  const expiresFirst = target.expiresAt !== null && new Date(target.expiresAt).getTime() < openedAt + GRACE_MS[grace];
  return (
    <p className="text-fg-muted">
      {expiresFirst ? (
        <>
          The old key expires {relativeTime(target.expiresAt!, openedAt)}, before {GRACE_PERIOD_LABEL[grace]} are up: deploy the new key by then.
        </>
      ) : (
        <>Deploy the new key within {GRACE_PERIOD_LABEL[grace]}; the old key then stops, on every instance at once.</>
      )}
    </p>
  );
}
