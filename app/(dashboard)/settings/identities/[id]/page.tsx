import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { IdentityCredits } from "@/components/identities/identity-credits";
import { IdentityKeys } from "@/components/identities/identity-keys";
import { IdentityLedger } from "@/components/identities/identity-ledger";
import { requirePageSession } from "@/lib/auth/page";
import { UsageChart } from "@/components/usage/usage-chart";
import { getIdentityOrThrow, getIdentityUsageSeries, keyStatus, listIdentityKeys, listLedger, listProjects, toIdentityDto, toLedgerEntryDto } from "@/lib/data";
import { isAppError } from "@/lib/errors";
import { LEDGER_PAGE_SIZE } from "@/lib/schemas/identities";

export const metadata: Metadata = { title: "Identity" };

type Params = Promise<{ id: string }>;

// Settings -> Identities -> an identity: its keys, its balance (admins add to it or set it),
// its refill, its keys' verifications per day together, and the changes to the balance
// (the latest first, older ones a page at a time).
export default async function IdentityPage({ params }: { params: Params }) {
  const session = await requirePageSession();
  const { id } = await params;
  let record;
  try {
    record = await getIdentityOrThrow(session.workspaceId, id);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
  const [keys, ledger, projects, usage] = await Promise.all([
    listIdentityKeys(session.workspaceId, record.id),
    listLedger(session.workspaceId, { kind: "identity", id: record.id }, { limit: LEDGER_PAGE_SIZE, cursor: undefined }),
    listProjects(session.workspaceId),
    getIdentityUsageSeries(session.workspaceId, record.id),
  ]);
  const identity = toIdentityDto(record);
  const projectName = new Map(projects.map((project) => [project.id, project.name]));

  return (
    <div className="space-y-8">
      <header className="space-y-4">
        <Link href="/settings/identities" className="inline-flex items-center gap-1 text-sm text-fg-muted hover:text-fg">
          <ArrowLeft className="h-4 w-4" aria-hidden />
          Identities
        </Link>
        <div className="min-w-0 space-y-1">
          <h1 className="font-mono text-2xl font-semibold break-all">{identity.external_id}</h1>
          {identity.name ? <p className="text-fg-muted">{identity.name}</p> : null}
          {identity.rate_limit ? (
            <p className="text-sm text-fg-muted">
              Rate limit shared by its keys: {identity.rate_limit.limit} per {identity.rate_limit.window_s} s
            </p>
          ) : null}
        </div>
      </header>
      <IdentityCredits identityId={identity.id} externalId={identity.external_id} credits={identity.credits} canEdit={session.role === "admin"} />
      <IdentityKeys
        keys={keys.map((key) => ({
          id: key.id,
          name: key.name,
          start: key.start,
          project: key.projectId ? (projectName.get(key.projectId) ?? "—") : "All projects",
          status: keyStatus(key),
        }))}
      />
      <section aria-labelledby="usage-heading" className="space-y-3">
        <h2 id="usage-heading" className="text-lg font-semibold">
          Usage
        </h2>
        <UsageChart title="Verifications of its keys, last 30 days, by day" points={usage} granularity="day" period="the last 30 days" />
      </section>
      {/* A new first entry (after Add or Set) starts the list over: older pages shown would be out of date. */}
      <IdentityLedger
        key={ledger.items[0]?.id ?? "empty"}
        identityId={identity.id}
        initial={ledger.items.map(toLedgerEntryDto)}
        initialCursor={ledger.nextCursor}
      />
    </div>
  );
}
