import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { exactTime, formatCount, relativeTime } from "@/components/api-keys/format";
import { KeyActions } from "@/components/api-keys/key-detail/key-actions";
import { KeyAudit } from "@/components/api-keys/key-detail/key-audit";
import { KeyFacts } from "@/components/api-keys/key-detail/key-facts";
import { KeyLineage } from "@/components/api-keys/key-detail/key-lineage";
import { RecentVerifications } from "@/components/api-keys/key-detail/recent-verifications";
import { Badge } from "@/components/ui/badge";
import { UsageChart } from "@/components/usage/usage-chart";
import { requirePageSession } from "@/lib/auth/page";
import {
  getIdentityOrThrow,
  getKeyDetailOrThrow,
  getUsageSeries,
  getScopeCatalog,
  keyStatus,
  listKeysAuditEvents,
  listProjects,
  listRecentVerifications,
  toApiKeyRow,
  toCreditsDto,
} from "@/lib/data";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { ENVIRONMENT_LABEL, KEY_STATUS_LABEL } from "@/lib/schemas/keys/labels";

export const metadata: Metadata = { title: "API key" };

type Params = Promise<{ keyId: string }>;

// Settings -> API Keys -> a key: what it is (access, project, limits, expiry, lineage), what
// an admin can do with it (edit, roll, revoke), its traffic by hour and by day, its most recent
// verifications, and (for admins) the audit events of the key and of the keys next to it in a roll.
export default async function KeyDetailPage({ params }: { params: Params }) {
  const session = await requirePageSession();
  const { keyId } = await params;
  let detail;
  try {
    detail = await getKeyDetailOrThrow(session.workspaceId, keyId);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
  const { key, project, predecessor, successor } = detail;
  const isAdmin = session.role === "admin";
  const lineageIds = [key.id, predecessor?.id, successor?.id].filter((id): id is string => Boolean(id));
  const [hours, days, recent, audit, scopeCatalog, projects, identity] = await Promise.all([
    getUsageSeries(session.workspaceId, { keyId: key.id, granularity: "hour" }),
    getUsageSeries(session.workspaceId, { keyId: key.id, granularity: "day" }),
    listRecentVerifications(session.workspaceId, key.id, 20),
    isAdmin ? listKeysAuditEvents(session.workspaceId, lineageIds, 30) : Promise.resolve(null),
    getScopeCatalog(session.workspaceId),
    // A key of every project is edited through any project of the workspace.
    isAdmin && !key.projectId ? listProjects(session.workspaceId) : Promise.resolve([]),
    key.identityId ? getIdentityOrThrow(session.workspaceId, key.identityId) : Promise.resolve(null),
  ]);
  const status = keyStatus(key);
  const row = toApiKeyRow(key);
  const precision = Math.max(1, Math.round(env().KEYPORT_USAGE_FLUSH_MS / 1000));
  const recording = env().KEYPORT_RECORD_VERIFICATIONS;
  const back = `/settings/api-keys${key.projectId ? `?project=${key.projectId}` : ""}`;
  const actionsProject = key.projectId ?? projects[0]?.id ?? null;
  const failedLately = days.reduce((sum, d) => sum + d.invalid, 0);

  return (
    <div className="space-y-8">
      <header className="space-y-4">
        <Link href={back} className="inline-flex items-center gap-1 text-sm text-fg-muted hover:text-fg">
          <ArrowLeft className="h-4 w-4" aria-hidden />
          API Keys
        </Link>
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0 space-y-2">
            <div className="flex flex-wrap items-center gap-2">
              <h1 tabIndex={-1} className="text-2xl font-semibold break-words outline-none">
                {key.name}
              </h1>
              <Badge tone={status === "active" ? "success" : status === "expired" ? "warning" : "neutral"}>{KEY_STATUS_LABEL[status]}</Badge>
              <Badge tone={key.environment === "live" ? "accent" : "neutral"}>{ENVIRONMENT_LABEL[key.environment]}</Badge>
              {key.isAdminManaged ? <Badge tone="neutral">Default key</Badge> : null}
            </div>
            <p className="text-sm text-fg-muted">
              <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs text-fg">{key.start}…</code>
              {" · "}
              {key.lastUsedAt ? (
                <>
                  Last used{" "}
                  <time dateTime={key.lastUsedAt.toISOString()} title={exactTime(key.lastUsedAt.toISOString())}>
                    {relativeTime(key.lastUsedAt.toISOString())}
                  </time>{" "}
                  (within {precision} s: uses are recorded every {precision} s)
                </>
              ) : failedLately > 0 || recent.length > 0 ? (
                <>
                  No successful use
                  {failedLately > 0 ? ` (${formatCount(failedLately)} failed verification${failedLately === 1 ? "" : "s"} in the last 30 days)` : ""}
                </>
              ) : (
                <>Never used (uses are recorded every {precision} s)</>
              )}
            </p>
          </div>
          {isAdmin && actionsProject ? <KeyActions row={row} projectId={actionsProject} scopeCatalog={scopeCatalog} /> : null}
        </div>
        <KeyLineage detail={detail} status={status} />
      </header>

      <KeyFacts
        detail={detail}
        scopeCatalog={scopeCatalog}
        project={project}
        credits={toCreditsDto(key)}
        identity={identity ? { id: identity.id, externalId: identity.externalId, name: identity.name } : null}
      />

      <section aria-labelledby="traffic-heading" className="space-y-3">
        <h2 id="traffic-heading" className="text-lg font-semibold">
          Traffic
        </h2>
        {!recording ? (
          <p className="text-sm text-fg-muted">
            Hourly traffic and recent verifications are off on this server (KEYPORT_RECORD_VERIFICATIONS); daily counts remain.
          </p>
        ) : null}
        {/* items-start: opening one chart's numbers leaves the other chart's size alone. */}
        <div className="grid items-start gap-4 lg:grid-cols-2">
          <UsageChart title="Last 24 hours, by hour" points={hours} granularity="hour" period="the last 24 hours" />
          <UsageChart title="Last 30 days, by day" points={days} granularity="day" period="the last 30 days" />
        </div>
      </section>

      <RecentVerifications events={recent} />

      <KeyAudit events={audit} keyId={key.id} predecessor={predecessor} successor={successor} />
    </div>
  );
}
