import Link from "next/link";
import type { RecentVerification } from "@/lib/data";
import { Badge } from "@/components/ui/badge";
import { TBody, THead, Td, Th, Tr } from "@/components/ui/table";
import { relativeTime } from "../format";
import { TableFrame } from "./table-frame";
import { exactTimeWithSeconds, outcomeLabel } from "./describe";

function When({ event }: { event: RecentVerification }) {
  return (
    <>
      <time dateTime={event.at.toISOString()}>{exactTimeWithSeconds(event.at)}</time>
      <div className="text-xs text-fg-muted">{relativeTime(event.at.toISOString())}</div>
    </>
  );
}

function Outcome({ event }: { event: RecentVerification }) {
  const valid = event.status === 200;
  return (
    <>
      <Badge tone={valid ? "success" : event.status === 429 ? "warning" : "danger"}>{outcomeLabel(event)}</Badge>
      {valid ? null : <div className="mt-0.5 text-xs text-fg-muted tabular-nums">HTTP {event.status}</div>}
    </>
  );
}

function From({ event }: { event: RecentVerification }) {
  return (
    <>
      <div className="font-mono text-xs">{event.ip ?? "unknown address"}</div>
      <div className="text-xs break-words text-fg-muted">{event.userAgent ?? "no user agent"}</div>
    </>
  );
}

function RequestLink({ event }: { event: RecentVerification }) {
  return (
    <Link className="font-mono text-xs break-all text-accent underline" href={`/settings/requests?id=${event.requestId}`}>
      {event.requestId}
    </Link>
  );
}

/**
 * The key's most recent verifications: when (to the second), the outcome, from where and what.
 * A table on wider screens; on a phone, a card for each.
 */
export function RecentVerifications({ events }: { events: RecentVerification[] }) {
  return (
    <section aria-labelledby="recent-heading" className="space-y-3">
      <h2 id="recent-heading" className="text-lg font-semibold">
        Recent verifications
      </h2>
      {events.length === 0 ? (
        <p className="text-sm text-fg-muted">No verifications recorded yet.</p>
      ) : (
        <>
          <div className="hidden sm:block">
            <TableFrame label="Recent verifications">
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
                {events.map((event) => (
                  <Tr key={event.requestId}>
                    <Td className="whitespace-nowrap">
                      <When event={event} />
                    </Td>
                    <Td className="whitespace-nowrap">
                      <Outcome event={event} />
                    </Td>
                    <Td className="max-w-80 min-w-48">
                      <From event={event} />
                    </Td>
                    <Td>
                      <RequestLink event={event} />
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </TableFrame>
          </div>
          <ol className="space-y-2 sm:hidden" aria-label="The key's most recent verifications, newest first">
            {events.map((event) => (
              <li key={event.requestId} className="space-y-1.5 rounded-lg border border-border bg-surface p-3 text-sm">
                <div className="flex items-start justify-between gap-2">
                  <div>
                    <When event={event} />
                  </div>
                  <div className="text-right">
                    <Outcome event={event} />
                  </div>
                </div>
                <From event={event} />
                <RequestLink event={event} />
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
