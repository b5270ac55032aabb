"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { exactTime, formatCount } from "@/components/api-keys/format";
import { Button } from "@/components/ui/button";
import type { CreditsDto } from "@/lib/schemas/identities";
import { ChangeCreditsDialog } from "./change-credits-dialog";
import { EditRefillDialog } from "./edit-refill-dialog";
import { CreditBar } from "./credit-bar";

function refillText(credits: NonNullable<CreditsDto>): string {
  const refill = credits.refill;
  if (!refill) return "None";
  const when = refill.interval === "daily" ? "every day" : `on day ${refill.day_of_month ?? 1} of every month`;
  return `${formatCount(refill.amount)} credits ${when} (UTC)`;
}

/** An identity's balance and refill, with Add, Set and Edit refill for admins. */
export function IdentityCredits({ identityId, externalId, credits, canEdit }: { identityId: string; externalId: string; credits: CreditsDto; canEdit: boolean }) {
  const router = useRouter();
  const [op, setOp] = useState<"add" | "set" | null>(null);
  const [editing, setEditing] = useState(false);
  return (
    <section aria-labelledby="credits-heading" className="space-y-3 rounded-lg border border-border bg-surface p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="credits-heading" className="text-lg font-semibold">
          Credits
        </h2>
        {canEdit ? (
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" size="sm" onClick={() => setOp("add")} disabled={credits === null} title={credits === null ? "Set a balance first: an unlimited balance cannot be added to." : undefined}>
              Add
            </Button>
            <Button variant="secondary" size="sm" onClick={() => setOp("set")}>
              Set
            </Button>
            {credits ? (
              <Button variant="secondary" size="sm" onClick={() => setEditing(true)}>
                Edit refill
              </Button>
            ) : null}
          </div>
        ) : null}
      </div>
      <dl className="grid gap-3 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-fg-muted">Balance</dt>
          <dd className="mt-1 text-base font-medium">
            <CreditBar credits={credits} label={`Credits of ${externalId}`} />
          </dd>
        </div>
        <div>
          <dt className="text-fg-muted">Refill</dt>
          <dd className="mt-1">{credits ? refillText(credits) : "—"}</dd>
        </div>
        <div>
          <dt className="text-fg-muted">Next refill</dt>
          <dd className="mt-1">{credits?.next_refill_at ? exactTime(credits.next_refill_at) : "—"}</dd>
        </div>
        {credits?.low_threshold != null ? (
          <div>
            <dt className="text-fg-muted">Low-balance alert below</dt>
            <dd className="mt-1 tabular-nums">{formatCount(credits.low_threshold)}</dd>
          </div>
        ) : null}
      </dl>
      {credits && editing ? (
        <EditRefillDialog
          identityId={identityId}
          credits={credits}
          open
          onDone={(saved) => {
            setEditing(false);
            if (saved) router.refresh();
          }}
        />
      ) : null}
      <ChangeCreditsDialog
        identityId={identityId}
        op={op}
        onDone={(changed) => {
          setOp(null);
          if (changed) router.refresh();
        }}
      />
    </section>
  );
}
