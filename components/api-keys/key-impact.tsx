"use client";

import { useEffect, useState, type ReactNode } from "react";
import { keyImpactAction } from "@/app/(dashboard)/settings/api-keys/actions";
import type { KeyImpact } from "@/lib/schemas/usage";
import { exactTime, formatCount, relativeTime } from "./format";

/** A key's public start, as the Roll and Revoke dialogs name it. */
export function KeyStart({ start }: { start: string }) {
  return <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{start}…</code>;
}

/**
 * What revoking or rolling a key cuts off, read when the dialog opens: its verifications in
 * the last 24 hours and its last use.
 */
export function KeyImpactNotice({ projectId, keyId }: { projectId: string; keyId: string }) {
  const [state, setState] = useState<{ keyId: string; impact: KeyImpact | null } | null>(null);
  useEffect(() => {
    let live = true;
    keyImpactAction(projectId, keyId)
      .then((result) => live && setState({ keyId, impact: result.ok ? result.data : null }))
      .catch(() => live && setState({ keyId, impact: null }));
    return () => {
      live = false;
    };
  }, [projectId, keyId]);

  const current = state?.keyId === keyId ? state : null;
  if (!current) {
    // The same box, two lines high, as the answer: the dialog's buttons do not move under a
    // click when the answer arrives.
    return (
      <TrafficBox role="status" muted first="Checking recent traffic…">
        <span aria-hidden className="invisible">
          &nbsp;
        </span>
      </TrafficBox>
    );
  }
  if (!current.impact) {
    return <p className="text-sm text-fg-muted">Recent traffic could not be read; check the key&apos;s page before going on.</p>;
  }
  const { valid, invalid, lastUsedAt } = current.impact;
  return (
    <TrafficBox
      testId="key-impact"
      first={
        <>
          <span className="font-semibold tabular-nums">{formatCount(valid)}</span> valid and{" "}
          <span className="font-semibold tabular-nums">{formatCount(invalid)}</span> invalid verifications in the last 24
          hours.
        </>
      }
    >
      {lastUsedAt ? (
        <>
          Last used{" "}
          <time dateTime={lastUsedAt} title={exactTime(lastUsedAt)}>
            {relativeTime(lastUsedAt)}
          </time>
          .
        </>
      ) : (
        "Never used."
      )}
    </TrafficBox>
  );
}

/** The box, loading or loaded: two lines, the second muted. */
function TrafficBox({ first, children, muted, role, testId }: { first: ReactNode; children: ReactNode; muted?: boolean; role?: "status"; testId?: string }) {
  return (
    <div className={`rounded-md border border-border bg-muted/50 px-3 py-2 text-sm${muted ? " text-fg-muted" : ""}`} role={role} data-testid={testId}>
      <p>{first}</p>
      <p className="text-fg-muted">{children}</p>
    </div>
  );
}
