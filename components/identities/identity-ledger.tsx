"use client";

import { useState, useTransition } from "react";
import { identityLedgerPageAction } from "@/app/(dashboard)/settings/identities/actions";
import { exactTime, formatCount, relativeTime } from "@/components/api-keys/format";
import { Button } from "@/components/ui/button";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import type { LedgerEntryDto } from "@/lib/schemas/identities";

const KIND_LABEL: Record<LedgerEntryDto["kind"], string> = { add: "Added", set: "Set", refill: "Refilled" };

/**
 * The changes to a balance, latest first: what, who, when, why, and the balance it left.
 * "Show older" adds the next page below, through the ledger's keyset cursor.
 */
export function IdentityLedger({ identityId, initial, initialCursor }: { identityId: string; initial: LedgerEntryDto[]; initialCursor: string | null }) {
  const [entries, setEntries] = useState(initial);
  const [cursor, setCursor] = useState(initialCursor);
  const [failed, setFailed] = useState(false);
  const [pending, startTransition] = useTransition();

  function showOlder() {
    if (!cursor) return;
    startTransition(async () => {
      const result = await identityLedgerPageAction(identityId, cursor).catch(() => null);
      if (!result?.ok) return setFailed(true);
      setFailed(false);
      setEntries((shown) => [...shown, ...result.data.entries.filter((entry) => !shown.some((s) => s.id === entry.id))]);
      setCursor(result.data.nextCursor);
    });
  }

  return (
    <section aria-labelledby="ledger-heading" className="space-y-3">
      <h2 id="ledger-heading" className="text-lg font-semibold">
        Ledger
      </h2>
      {entries.length === 0 ? (
        <p className="rounded-lg border border-dashed border-border px-4 py-6 text-center text-sm text-fg-muted">
          No changes yet. Adds, sets and refills appear here; what verifications spend is in Usage.
        </p>
      ) : (
        <Table aria-label="Credit ledger">
          <THead>
            <Tr>
              <Th>Change</Th>
              <Th className="text-right">Balance</Th>
              <Th>Reason</Th>
              <Th>By</Th>
              <Th>When</Th>
            </Tr>
          </THead>
          <TBody>
            {entries.map((entry) => (
              <Tr key={entry.id}>
                <Td className="whitespace-nowrap">
                  {KIND_LABEL[entry.kind]} <span className="tabular-nums">{entry.kind === "add" ? `+${formatCount(entry.amount)}` : formatCount(entry.amount)}</span>
                </Td>
                <Td className="text-right tabular-nums">{formatCount(entry.balance)}</Td>
                <Td className="break-words">{entry.reason ?? <span className="text-fg-muted">—</span>}</Td>
                <Td>{entry.actor.name}</Td>
                <Td className="text-xs whitespace-nowrap text-fg-muted">
                  <time dateTime={entry.created_at} title={exactTime(entry.created_at)}>
                    {relativeTime(entry.created_at)}
                  </time>
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      {cursor || failed ? (
        <div className="flex flex-wrap items-center gap-3">
          {cursor ? (
            <Button variant="secondary" size="sm" onClick={showOlder} disabled={pending} aria-disabled={pending}>
              {pending ? "Loading…" : "Show older"}
            </Button>
          ) : null}
          {failed ? (
            <p role="alert" className="text-sm text-danger">
              The older entries could not be loaded. Check your connection and try again.
            </p>
          ) : null}
        </div>
      ) : null}
      <p role="status" className="sr-only">
        {entries.length > initial.length ? `${entries.length} entries shown${cursor ? "" : ", the oldest included"}.` : ""}
      </p>
    </section>
  );
}
