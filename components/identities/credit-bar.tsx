import { formatCount } from "@/components/api-keys/format";
import type { CreditsDto } from "@/lib/schemas/identities";

/**
 * A balance at a glance: "Unlimited"; the number alone; or, when it refills, a bar of what is
 * left of the refill amount.
 */
export function CreditBar({ credits, label }: { credits: CreditsDto; label: string }) {
  if (credits === null) return <span className="text-fg-muted">Unlimited</span>;
  const refill = credits.refill?.amount ?? null;
  if (!refill) return <span className="tabular-nums">{formatCount(credits.remaining)}</span>;
  const percent = Math.max(0, Math.min(100, Math.round((credits.remaining / refill) * 100)));
  return (
    <div className="min-w-[8rem] space-y-1">
      <span className="block text-xs tabular-nums">
        {formatCount(credits.remaining)} <span className="text-fg-muted">/ {formatCount(refill)}</span>
      </span>
      <div
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={refill}
        aria-valuenow={Math.min(credits.remaining, refill)}
        className="h-1.5 w-full overflow-hidden rounded-full bg-border"
      >
        <div className="h-full rounded-full bg-[var(--accent)]" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
