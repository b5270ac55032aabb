import { exactTime, formatCount, relativeTime } from "@/components/api-keys/format";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import type { LedgerEntryDto } from "@/lib/schemas/identities";

const KIND_LABEL: Record<LedgerEntryDto["kind"], string> = { add: "Added", set: "Set", refill: "Refilled" };

/** The latest changes to a balance: what, who, when, why, and the balance it left. */
export function IdentityLedger({ entries }: { entries: LedgerEntryDto[] }) {
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
    </section>
  );
}
