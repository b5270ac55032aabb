import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { exactTime, relativeTime } from "@/components/api-keys/format";
import { Badge } from "@/components/ui/badge";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { UsageChart } from "@/components/usage/usage-chart";
import { requirePageSession } from "@/lib/auth/page";
import { getApiKeyOrThrow, getKeyUsageSeries, keyStatus, listAuditEvents, listKeyVerifications } from "@/lib/data";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { ENVIRONMENT_LABEL, KEY_STATUS_LABEL } from "@/lib/schemas/keys/labels";
import { AUDIT_ACTION_LABEL, type AuditAction } from "@/lib/schemas/audit";

export const metadata: Metadata = { title: "API key" };

type Params = Promise<{ keyId: string }>;

// Settings -> API Keys -> a key: its traffic (by hour and by day), its last use with the
// precision it is recorded to, its most recent verifications, and (for admins) its audit events.
export default async function KeyDetailPage({ params }: { params: Params }) {
  const session = await requirePageSession();
  const { keyId } = await params;
  let key;
  try {
    key = await getApiKeyOrThrow(session.workspaceId, keyId);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
  const [hours, days, recent, audit] = await Promise.all([
    getKeyUsageSeries(session.workspaceId, key.id, { granularity: "hour" }),
    getKeyUsageSeries(session.workspaceId, key.id, { granularity: "day" }),
    listKeyVerifications(session.workspaceId, key.id, 20),
    session.role === "admin" ? listAuditEvents(session.workspaceId, { keyId: key.id, limit: 20 }) : Promise.resolve(null),
  ]);
  const status = keyStatus(key);
  const precision = Math.max(1, Math.round(env().KEYPORT_USAGE_FLUSH_MS / 1000));
  const recording = env().KEYPORT_RECORD_VERIFICATIONS;
  const back = `/settings/api-keys${key.projectId ? `?project=${key.projectId}` : ""}`;

  return (
    <div className="space-y-8">
      <header className="space-y-3">
        <Link href={back} className="inline-flex items-center gap-1 text-sm text-fg-muted hover:text-fg">
          <ArrowLeft className="h-4 w-4" aria-hidden />
          API Keys
        </Link>
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-2xl font-semibold break-all">{key.name}</h1>
          <Badge tone={status === "active" ? "success" : status === "expired" ? "warning" : "neutral"}>{KEY_STATUS_LABEL[status]}</Badge>
          <Badge tone={key.environment === "live" ? "accent" : "neutral"}>{ENVIRONMENT_LABEL[key.environment]}</Badge>
        </div>
        <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
          <dt className="text-fg-muted">Key</dt>
          <dd>
            <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{key.start}…</code>
          </dd>
          <dt className="text-fg-muted">Last used</dt>
          <dd>
            {key.lastUsedAt ? (
              <>
                <time dateTime={key.lastUsedAt.toISOString()} title={exactTime(key.lastUsedAt.toISOString())}>
                  {relativeTime(key.lastUsedAt.toISOString())}
                </time>{" "}
                <span className="text-fg-muted">(within {precision} s: uses are recorded every {precision} s)</span>
              </>
            ) : (
              <span className="text-fg-muted">Never (uses are recorded every {precision} s)</span>
            )}
          </dd>
          <dt className="text-fg-muted">Created</dt>
          <dd>
            <time dateTime={key.createdAt.toISOString()}>{exactTime(key.createdAt.toISOString())}</time> by {key.createdByName}
          </dd>
          {key.expiresAt ? (
            <>
              <dt className="text-fg-muted">Expires</dt>
              <dd>
                <time dateTime={key.expiresAt.toISOString()}>{exactTime(key.expiresAt.toISOString())}</time>
              </dd>
            </>
          ) : null}
        </dl>
      </header>

      <section aria-labelledby="traffic-heading" className="space-y-3">
        <h2 id="traffic-heading" className="text-lg font-semibold">
          Traffic
        </h2>
        {!recording ? (
          <p className="text-sm text-fg-muted">
            Hourly traffic and recent verifications are off on this server (KEYPORT_RECORD_VERIFICATIONS); daily counts remain.
          </p>
        ) : null}
        <div className="grid gap-4 lg:grid-cols-2">
          <UsageChart title="Last 24 hours, by hour" points={hours} granularity="hour" period="the last 24 hours" />
          <UsageChart title="Last 30 days, by day" points={days} granularity="day" period="the last 30 days" />
        </div>
      </section>

      <section aria-labelledby="recent-heading" className="space-y-3">
        <h2 id="recent-heading" className="text-lg font-semibold">
          Recent verifications
        </h2>
        {recent.length === 0 ? (
          <p className="text-sm text-fg-muted">No verifications recorded yet.</p>
        ) : (
          <Table>
            <caption className="sr-only">The key&apos;s most recent verifications, newest first</caption>
            <THead>
              <Tr>
                <Th scope="col">When</Th>
                <Th scope="col">Outcome</Th>
                <Th scope="col">From</Th>
                <Th scope="col">Request</Th>
              </Tr>
            </THead>
            <TBody>
              {recent.map((event) => (
                <Tr key={event.request_id}>
                  <Td className="whitespace-nowrap">
                    <time dateTime={event.at.toISOString()}>{exactTime(event.at.toISOString())}</time>
                  </Td>
                  <Td>
                    {event.status === 200 ? <Badge tone="success">Valid</Badge> : <Badge tone="warning">{`${event.status} ${event.code ?? ""}`}</Badge>}
                    {event.reason ? <span className="ml-2 text-xs text-fg-muted">{event.reason.replaceAll("_", " ")}</span> : null}
                  </Td>
                  <Td className="font-mono text-xs">{event.ip ?? "unknown"}</Td>
                  <Td>
                    <Link className="font-mono text-xs text-accent underline" href={`/settings/requests?id=${event.request_id}`}>
                      {event.request_id}
                    </Link>
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </section>

      <section aria-labelledby="audit-heading" className="space-y-3">
        <h2 id="audit-heading" className="text-lg font-semibold">
          Audit events
        </h2>
        {audit === null ? (
          <p className="text-sm text-fg-muted">Only workspace admins can read the audit log.</p>
        ) : audit.length === 0 ? (
          <p className="text-sm text-fg-muted">No audit events for this key.</p>
        ) : (
          <>
            <Table>
              <caption className="sr-only">The key&apos;s audit events, newest first</caption>
              <THead>
                <Tr>
                  <Th scope="col">When</Th>
                  <Th scope="col">Who</Th>
                  <Th scope="col">What</Th>
                </Tr>
              </THead>
              <TBody>
                {audit.map((event) => (
                  <Tr key={event.id}>
                    <Td className="whitespace-nowrap">
                      <time dateTime={event.createdAt.toISOString()}>{exactTime(event.createdAt.toISOString())}</time>
                    </Td>
                    <Td>{event.actorName}</Td>
                    <Td>{AUDIT_ACTION_LABEL[event.action as AuditAction] ?? event.action}</Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
            <Link className="text-sm text-accent underline" href={`/settings/audit-log?key_id=${key.id}`}>
              All of this key&apos;s events in the audit log
            </Link>
          </>
        )}
      </section>
    </div>
  );
}
