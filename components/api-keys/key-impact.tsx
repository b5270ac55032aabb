"use client";

import { useEffect, useState } from "react";
import type { ActionResult } from "@/lib/schemas/action-result";
import type { KeyImpact } from "@/lib/schemas/usage";
import { exactTime, formatCount, relativeTime } from "./format";

export type KeyImpactAction = (projectId: string, keyId: string) => Promise<ActionResult<KeyImpact>>;

/**
 * What revoking or rolling a key cuts off, read when the dialog opens: its verifications in
 * the last 24 hours and its last use.
 */
export function KeyImpactNotice({ projectId, keyId, action }: { projectId: string; keyId: string; action: KeyImpactAction }) {
  const [state, setState] = useState<{ keyId: string; impact: KeyImpact | null; failed: boolean } | null>(null);
  useEffect(() => {
    let live = true;
    action(projectId, keyId)
      .then((result) => live && setState({ keyId, impact: result.ok ? result.data : null, failed: !result.ok }))
      .catch(() => live && setState({ keyId, impact: null, failed: true }));
    return () => {
      live = false;
    };
  }, [action, projectId, keyId]);

  const current = state?.keyId === keyId ? state : null;
  if (!current) {
    // The same box, two lines high, as the answer: the dialog's buttons do not move under a
    // click when the answer arrives.
    return (
      <div className="rounded-md border border-border bg-muted/50 px-3 py-2 text-sm text-fg-muted" role="status">
        <p>Checking recent traffic…</p>
        <p aria-hidden className="invisible">
          &nbsp;
        </p>
      </div>
    );
  }
  if (current.failed || !current.impact) {
    return <p className="text-sm text-fg-muted">Recent traffic could not be read; check the key&apos;s page before going on.</p>;
  }
  const { valid, invalid, lastUsedAt } = current.impact;
  return (
    <div className="rounded-md border border-border bg-muted/50 px-3 py-2 text-sm" data-testid="key-impact">
      <p>
        <span className="font-semibold tabular-nums">{formatCount(valid)}</span> valid and{" "}
        <span className="font-semibold tabular-nums">{formatCount(invalid)}</span> invalid verifications in the last 24
        hours.
      </p>
      <p className="text-fg-muted">
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
      </p>
    </div>
  );
}
