import type { Metadata } from "next";
import Link from "next/link";
import { Download } from "lucide-react";
import { exactTime, relativeTime } from "@/components/api-keys/format";
import { Badge } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/button";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { auditEventDetails, describeAuditEvent, isDefaultKeyName } from "@/lib/audit/describe";
import { requirePageSession } from "@/lib/auth/page";
import { listAuditActors, listAuditLogPage, type AuditLogEvent } from "@/lib/data";
import { isAppError } from "@/lib/errors";
import { looksLikeKey } from "@/lib/keys/shape";
import { ACTOR_TYPE_LABEL, AUDIT_ACTION_LABEL, AUDIT_EXPORT_KEY_IDS_MAX, AUDIT_PAGE_DEFAULT, parseAuditPageQuery, type AuditAction, type AuditPageFilterName } from "@/lib/schemas/audit";
import { AuditFilters } from "./audit-filters";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const URL_PARAMS = ["for_key", "key_id", "actor", "action", "from", "to", "request_id", "cursor"] as const;

// Settings -> Audit log (admins): who did what and when, a sentence per event, filtered and
// paged on the server with the filters in the URL. The download is the CSV export with the
// same filters.
export default async function AuditLogPage({ searchParams }: { searchParams: SearchParams }) {
  const session = await requirePageSession();
  if (session.role !== "admin") {
    return (
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <p className="text-sm text-fg-muted">Only workspace admins can read the audit log.</p>
      </div>
    );
  }
  const params = await searchParams;
  const raw = Object.fromEntries(
    URL_PARAMS.flatMap((name) => (typeof params[name] === "string" && params[name] !== "" ? [[name, params[name] as string]] : [])),
  ) as Partial<Record<(typeof URL_PARAMS)[number], string>>;
  const { query, errors } = parseAuditPageQuery(raw);
  let page;
  try {
    page = await listAuditLogPage(session.workspaceId, { ...query, limit: AUDIT_PAGE_DEFAULT });
  } catch (error) {
    // A cursor from another listing: start again from the newest events.
    if (!isAppError(error) || error.code !== "validation_failed") throw error;
    page = await listAuditLogPage(session.workspaceId, { ...query, cursor: undefined, limit: AUDIT_PAGE_DEFAULT });
  }
  const actors = await listAuditActors(session.workspaceId);
  const current = new URLSearchParams(Object.entries(raw).filter(([name]) => name !== "cursor") as [string, string][]);
  const nextHref = page.nextCursor ? `?${new URLSearchParams([...current, ["cursor", page.nextCursor]])}` : null;
  // The download takes the filters that apply (one the page could not read would refuse it). A
  // key's start never goes into the API's URLs: the download gets the ids of its keys instead.
  const csvFilters = [...current].filter(([name]) => !(name in errors));
  const byStart = query.key !== undefined && looksLikeKey(query.key);
  const csvKeyIds = byStart ? page.matchedKeyIds : null;
  const csvHref =
    csvKeyIds && csvKeyIds.length > AUDIT_EXPORT_KEY_IDS_MAX
      ? null
      : `/settings/audit-log/export?${new URLSearchParams([
          ...csvFilters.filter(([name]) => !(byStart && name === "for_key")),
          ...(csvKeyIds ? [["key_ids", csvKeyIds.join(",")] as [string, string]] : []),
        ])}`;
  const now = new Date();
  const values = Object.fromEntries(
    Object.entries(raw).filter(([name]) => name !== "cursor" && name !== "key_id"),
  ) as Partial<Record<AuditPageFilterName, string>>;
  const empty = query.key && page.matchedKeyIds?.length === 0 ? `No key is named “${query.key}” or starts with it.` : "No events match these filters.";

  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <p className="text-sm text-fg-muted">Settings</p>
          <h1 className="text-2xl font-semibold">Audit log</h1>
          <p className="mt-1 max-w-2xl text-sm text-fg-muted">
            Who did what, and when: every change to keys, projects, policies and webhooks, leak reports, and refused admin attempts.
          </p>
        </div>
        {csvHref ? (
          <a href={csvHref} download className={buttonVariants({ variant: "secondary" })}>
            <Download className="h-4 w-4" aria-hidden />
            Download CSV
          </a>
        ) : (
          <p className="max-w-xs text-sm text-fg-muted">This start stands for too many keys to download: type more of it.</p>
        )}
      </header>
      <AuditFilters values={values} errors={errors} actors={actors} />

      {/* From 768 px: a table. Below: a card per event. */}
      <div className="hidden md:block">
        <Table className="table-fixed">
          <caption className="sr-only">Audit events, newest first</caption>
          <colgroup>
            <col className="w-40" />
            <col />
            <col className="w-52" />
            <col className="w-44" />
          </colgroup>
          <THead>
            <Tr>
              <Th scope="col">When</Th>
              <Th scope="col">What happened</Th>
              <Th scope="col">Key</Th>
              <Th scope="col">Request</Th>
            </Tr>
          </THead>
          <TBody>
            {page.items.length === 0 ? (
              <Tr>
                <Td colSpan={4} className="py-8 text-center text-fg-muted">
                  {empty}
                </Td>
              </Tr>
            ) : (
              page.items.map((event) => (
                <Tr key={event.id}>
                  <Td>
                    <When at={event.createdAt} now={now} />
                  </Td>
                  <Td>
                    <Sentence event={event} now={now} />
                  </Td>
                  <Td>
                    <KeyRef event={event} />
                  </Td>
                  <Td>
                    <RequestRef event={event} />
                  </Td>
                </Tr>
              ))
            )}
          </TBody>
        </Table>
      </div>
      <section className="md:hidden" aria-label="Audit events, newest first">
        {page.items.length === 0 ? (
          <p className="rounded-lg border border-border bg-surface px-4 py-8 text-center text-sm text-fg-muted">{empty}</p>
        ) : (
          <ul className="space-y-3">
            {page.items.map((event) => (
              <li key={event.id} className="space-y-2 rounded-lg border border-border bg-surface p-4 text-sm">
                <When at={event.createdAt} now={now} />
                <Sentence event={event} now={now} />
                {event.targetKeyId || event.requestId ? (
                  <dl className="grid grid-cols-[5rem_minmax(0,1fr)] gap-x-3 gap-y-1 text-xs">
                    {event.targetKeyId ? (
                      <>
                        <dt className="text-fg-muted">Key</dt>
                        <dd className="min-w-0">
                          <KeyRef event={event} />
                        </dd>
                      </>
                    ) : null}
                    {event.requestId ? (
                      <>
                        <dt className="text-fg-muted">Request</dt>
                        <dd className="min-w-0">
                          <RequestRef event={event} />
                        </dd>
                      </>
                    ) : null}
                  </dl>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <nav aria-label="Pagination" className="flex justify-end gap-2 text-sm">
        {query.cursor ? (
          <Link className="rounded-md border border-border bg-surface px-3 py-1.5 hover:bg-muted" href={`?${current}`}>
            Newest
          </Link>
        ) : null}
        {nextHref ? (
          <Link className="rounded-md border border-border bg-surface px-3 py-1.5 hover:bg-muted" href={nextHref}>
            Older
          </Link>
        ) : (
          <span aria-disabled className="rounded-md border border-border px-3 py-1.5 text-fg-muted opacity-50">
            Older
          </span>
        )}
      </nav>
    </div>
  );
}

function When({ at, now }: { at: Date; now: Date }) {
  return (
    <div>
      <time dateTime={at.toISOString()} className="block text-sm whitespace-nowrap">
        {relativeTime(at.toISOString(), now.getTime())}
      </time>
      <span className="block text-xs text-fg-muted">{exactTime(at.toISOString())}</span>
    </div>
  );
}

/** What happened, in a sentence, with the recorded fields behind "Show details". */
function Sentence({ event, now }: { event: AuditLogEvent; now: Date }) {
  const details = auditEventDetails(event.metadata);
  return (
    <div className="min-w-0 space-y-1">
      <p className="sr-only">{AUDIT_ACTION_LABEL[event.action as AuditAction] ?? event.action}:</p>
      <p className="break-words">
        {event.actorType !== "user" ? (
          <Badge tone="accent" className="mr-1.5 align-text-bottom">
            {ACTOR_TYPE_LABEL[event.actorType]}
          </Badge>
        ) : null}
        {describeAuditEvent(event, { now })}
      </p>
      <details className="group text-xs">
        <summary className="cursor-pointer text-fg-muted select-none hover:text-fg">
          <span className="group-open:hidden">Show details</span>
          <span className="hidden group-open:inline">Hide details</span>
        </summary>
        <dl className="mt-2 grid grid-cols-[minmax(6rem,auto)_minmax(0,1fr)] gap-x-3 gap-y-1 rounded-md bg-muted p-2 font-mono">
          <dt className="text-fg-muted">action</dt>
          <dd className="break-all">{event.action}</dd>
          <dt className="text-fg-muted">actor</dt>
          <dd className="break-all">
            {event.actorName} ({event.actorId})
          </dd>
          <dt className="text-fg-muted">actor type</dt>
          <dd className="break-all">{event.actorType}</dd>
          {event.targetKeyId ? (
            <>
              <dt className="text-fg-muted">key id</dt>
              <dd className="break-all">{event.targetKeyId}</dd>
            </>
          ) : null}
          {event.ip ? (
            <>
              <dt className="text-fg-muted">ip</dt>
              <dd className="break-all">{event.ip}</dd>
            </>
          ) : null}
          {details.map(({ name, value }) => (
            <div key={name} className="contents">
              <dt className="text-fg-muted">{name}</dt>
              <dd className="break-all whitespace-pre-wrap">{value}</dd>
            </div>
          ))}
        </dl>
      </details>
    </div>
  );
}

/** The key an event is about: its name and start, linked to its page; what the event recorded when the key is gone. */
function KeyRef({ event }: { event: AuditLogEvent }) {
  if (!event.targetKeyId) return <span className="text-fg-muted">—</span>;
  const recorded = event.metadata && typeof event.metadata === "object" ? (event.metadata as Record<string, unknown>) : {};
  const recordedName = event.key?.name ?? (typeof recorded.name === "string" ? recorded.name : "A key");
  const name = isDefaultKeyName(recordedName) ? "Default key" : recordedName;
  const start = event.key?.start ?? (typeof recorded.start === "string" ? recorded.start : null);
  const body = (
    <>
      <span className="block truncate font-medium" title={name}>
        {name}
      </span>
      {start ? <code className="block truncate font-mono text-xs text-fg-muted">{start}…</code> : null}
    </>
  );
  if (!event.key) {
    return (
      <span className="block min-w-0" title="This key no longer exists">
        {body}
        <span className="block text-xs text-fg-muted">No longer exists</span>
      </span>
    );
  }
  return (
    <Link href={`/settings/api-keys/${event.key.id}`} className="block min-w-0 text-accent hover:underline" aria-label={`${name}, ${start ?? ""}… (open the key)`}>
      {body}
    </Link>
  );
}

function RequestRef({ event }: { event: AuditLogEvent }) {
  if (!event.requestId && !event.ip) return <span className="text-fg-muted">—</span>;
  return (
    <div className="min-w-0 font-mono text-xs">
      {event.requestId ? <div className="break-all">{event.requestId}</div> : null}
      {event.ip ? <div className="break-all text-fg-muted">{event.ip}</div> : null}
    </div>
  );
}
