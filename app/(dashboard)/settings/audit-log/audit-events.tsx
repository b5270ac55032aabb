"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { exactTime, relativeTime } from "@/components/api-keys/format";
import { Badge } from "@/components/ui/badge";
import { useWideScreen } from "@/components/ui/screen-width";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { auditEventDetails, describeAuditEvent, isDefaultKeyName } from "@/lib/audit/describe";
import type { AuditLogEvent } from "@/lib/data";
import { ACTOR_TYPE_LABEL, AUDIT_ACTION_LABEL, type AuditAction } from "@/lib/schemas/audit";

/**
 * A page of audit events, newest first: from 768 px a table, below it a card per event. One
 * or the other is rendered, never both with one hidden: each event once.
 */
export function AuditEvents({ events, now, empty }: { events: AuditLogEvent[]; now: number; empty: string }) {
  const wide = useWideScreen();
  if (!wide) {
    return (
      <section aria-label="Audit events, newest first">
        {events.length === 0 ? (
          <p className="rounded-lg border border-border bg-surface px-4 py-8 text-center text-sm text-fg-muted">{empty}</p>
        ) : (
          <ul className="space-y-3">
            {events.map((event) => (
              <li key={event.id} className="space-y-2 rounded-lg border border-border bg-surface p-4 text-sm">
                <When at={event.createdAt} now={now} />
                <Sentence event={event} now={now} />
                {event.targetKeyId || event.requestId ? (
                  <dl className="grid grid-cols-[5rem_minmax(0,1fr)] gap-x-3 gap-y-1 text-xs">
                    {event.targetKeyId ? (
                      <CardField label="Key">
                        <KeyRef event={event} />
                      </CardField>
                    ) : null}
                    {event.requestId ? (
                      <CardField label="Request">
                        <RequestRef event={event} />
                      </CardField>
                    ) : null}
                  </dl>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    );
  }
  return (
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
        {events.length === 0 ? (
          <Tr>
            <Td colSpan={4} className="py-8 text-center text-fg-muted">
              {empty}
            </Td>
          </Tr>
        ) : (
          events.map((event) => (
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
  );
}

/** One labelled line of an event's card. */
function CardField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-fg-muted">{label}</dt>
      <dd className="min-w-0">{children}</dd>
    </>
  );
}

function When({ at, now }: { at: Date; now: number }) {
  return (
    <div>
      <time dateTime={at.toISOString()} className="block text-sm whitespace-nowrap">
        {relativeTime(at.toISOString(), now)}
      </time>
      <span className="block text-xs text-fg-muted">{exactTime(at.toISOString())}</span>
    </div>
  );
}

/** What happened, in a sentence, with the recorded fields behind "Show details". */
function Sentence({ event, now }: { event: AuditLogEvent; now: number }) {
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
        {describeAuditEvent(event, { now: new Date(now) })}
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
