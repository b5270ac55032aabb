import Link from "next/link";
import type { RecentVerification } from "@/lib/data";
import { Badge } from "@/components/ui/badge";
import { TBody, THead, Td, Th, Tr } from "@/components/ui/table";
import { relativeTime } from "../format";
import { TableFrame } from "./table-frame";
import { exactTimeWithSeconds, outcomeLabel } from "./describe";

/** The key's most recent verifications: when (to the second), the outcome, from where and what. */
export function RecentVerifications({ events }: { events: RecentVerification[] }) {
  return (
    <section aria-labelledby="recent-heading" className="space-y-3">
      <h2 id="recent-heading" className="text-lg font-semibold">
        Recent verifications
      </h2>
      {events.length === 0 ? (
        <p className="text-sm text-fg-muted">No verifications recorded yet.</p>
      ) : (
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
            {events.map((event) => {
              const valid = event.status === 200;
              return (
                <Tr key={event.requestId}>
                  <Td className="sm:whitespace-nowrap">
                    <time dateTime={event.at.toISOString()}>{exactTimeWithSeconds(event.at)}</time>
                    <div className="text-xs text-fg-muted">{relativeTime(event.at.toISOString())}</div>
                  </Td>
                  <Td className="whitespace-nowrap">
                    <Badge tone={valid ? "success" : event.status === 429 ? "warning" : "danger"}>{outcomeLabel(event)}</Badge>
                    {valid ? null : <div className="mt-0.5 text-xs text-fg-muted tabular-nums">HTTP {event.status}</div>}
                  </Td>
                  <Td className="max-w-80 sm:min-w-48">
                    <div className="font-mono text-xs">{event.ip ?? "unknown address"}</div>
                    <div className="text-xs break-words text-fg-muted">
                      {event.userAgent ?? "no user agent"}
                    </div>
                  </Td>
                  <Td>
                    <Link className="font-mono text-xs text-accent underline" href={`/settings/requests?id=${event.requestId}`}>
                      {event.requestId}
                    </Link>
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </TableFrame>
      )}
    </section>
  );
}
