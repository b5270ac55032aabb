import type { Metadata } from "next";
import Link from "next/link";
import { formatCount } from "@/components/api-keys/format";
import { requirePageSession } from "@/lib/auth/page";
import { UsageChart } from "@/components/usage/usage-chart";
import { getUsageOverview, getUsageSeries } from "@/lib/data";
import type { UsageLeader } from "@/lib/schemas/usage";

export const metadata: Metadata = { title: "Usage" };

// Settings -> Usage: the workspace at a glance. Every key's verifications together (by hour and
// by day), then the busiest keys and the keys with the most failures, over the last 24 hours and
// the last 30 days; each links to its key's page.
export default async function UsagePage() {
  const session = await requirePageSession();
  const [overview, hours, days] = await Promise.all([
    getUsageOverview(session.workspaceId),
    getUsageSeries(session.workspaceId, { granularity: "hour" }),
    getUsageSeries(session.workspaceId, { granularity: "day" }),
  ]);
  return (
    <div className="space-y-8">
      <header>
        <p className="text-sm text-fg-muted">Settings</p>
        <h1 className="text-2xl font-semibold">Usage</h1>
        <p className="mt-1 max-w-2xl text-sm text-fg-muted">
          Which keys carry your traffic, and which keep failing: a failing key is often an old deployment, a wrong
          environment, or someone guessing.
        </p>
      </header>
      <section aria-labelledby="total-heading" className="space-y-3">
        <h2 id="total-heading" className="text-lg font-semibold">
          All keys together
        </h2>
        <div className="grid items-start gap-4 lg:grid-cols-2">
          <UsageChart title="Workspace, last 24 hours, by hour" points={hours} granularity="hour" period="the last 24 hours" />
          <UsageChart title="Workspace, last 30 days, by day" points={days} granularity="day" period="the last 30 days" />
        </div>
      </section>
      {(
        [
          ["day", "Last 24 hours"],
          ["month", "Last 30 days"],
        ] as const
      ).map(([window, label]) => (
        <section key={window} aria-labelledby={`${window}-heading`} className="space-y-3">
          <h2 id={`${window}-heading`} className="text-lg font-semibold">
            {label}
          </h2>
          <div className="grid gap-4 md:grid-cols-2">
            <Leaders title={`Busiest keys, ${label.toLowerCase()}`} leaders={overview[window].busiest} measure="total" />
            <Leaders title={`Most failures, ${label.toLowerCase()}`} leaders={overview[window].failing} measure="invalid" />
          </div>
        </section>
      ))}
    </div>
  );
}

function Leaders({ title, leaders, measure }: { title: string; leaders: UsageLeader[]; measure: "total" | "invalid" }) {
  const value = (l: UsageLeader) => (measure === "total" ? l.valid + l.invalid : l.invalid);
  const max = Math.max(1, ...leaders.map(value));
  return (
    <div className="rounded-lg border border-border bg-surface p-4">
      <h3 className="text-sm font-semibold">{title}</h3>
      {leaders.length === 0 ? (
        <p className="mt-2 text-sm text-fg-muted">{measure === "total" ? "No verifications." : "No failed verifications."}</p>
      ) : (
        <ol className="mt-3 space-y-2.5" aria-label={title}>
          {leaders.map((leader) => (
            <li key={leader.keyId} className="space-y-1">
              <div className="flex items-baseline justify-between gap-3 text-sm">
                <Link href={`/settings/api-keys/${leader.keyId}`} className="min-w-0 truncate font-medium underline-offset-2 hover:underline">
                  {leader.name}
                </Link>
                <span className="shrink-0 tabular-nums">
                  {formatCount(value(leader))} <span className="text-xs text-fg-muted">{measure === "total" ? "verifications" : "failed"}</span>
                </span>
              </div>
              <div className="h-1.5 rounded-full bg-muted" aria-hidden>
                <div
                  className={measure === "total" ? "h-1.5 rounded-full bg-accent" : "h-1.5 rounded-full bg-danger"}
                  style={{ width: `${Math.max(2, (value(leader) / max) * 100)}%` }}
                />
              </div>
              <p className="text-xs text-fg-muted">
                <code className="font-mono">{leader.start}…</code>
                {measure === "total" ? ` · ${formatCount(leader.invalid)} failed` : ` · ${formatCount(leader.valid)} valid`}
              </p>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
