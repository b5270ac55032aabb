import Link from "next/link";
import type { AuditEventRecord, KeyNeighbour } from "@/lib/data";
import { TBody, THead, Td, Th, Tr } from "@/components/ui/table";
import { AUDIT_ACTION_LABEL, type AuditAction } from "@/lib/schemas/audit";
import { relativeTime } from "../format";
import { TableFrame } from "./table-frame";
import { exactTimeWithSeconds } from "./describe";

/**
 * The audit events of the key and of the keys next to it in a roll, newest first, each saying
 * which key it is about: a replacement has no events of its own until it is changed, and the
 * roll itself is recorded on the key it replaced.
 */
export function KeyAudit({
  events,
  keyId,
  predecessor,
  successor,
}: {
  /** null: the reader is not an admin. */
  events: AuditEventRecord[] | null;
  keyId: string;
  predecessor: KeyNeighbour | null;
  successor: KeyNeighbour | null;
}) {
  const lineage = predecessor !== null || successor !== null;
  const about = (event: AuditEventRecord) => {
    if (event.targetKeyId === predecessor?.id) return { label: "The key it replaces", neighbour: predecessor };
    if (event.targetKeyId === successor?.id) return { label: "Its replacement", neighbour: successor };
    return { label: "This key", neighbour: null };
  };
  return (
    <section aria-labelledby="audit-heading" className="space-y-3">
      <h2 id="audit-heading" className="text-lg font-semibold">
        Audit events
      </h2>
      {lineage && events !== null ? (
        <p className="text-sm text-fg-muted">Including the events of the {predecessor && successor ? "keys" : "key"} it was rolled from or to.</p>
      ) : null}
      {events === null ? (
        <p className="text-sm text-fg-muted">Only workspace admins can read the audit log.</p>
      ) : events.length === 0 ? (
        <p className="text-sm text-fg-muted">No audit events for this key.</p>
      ) : (
        <>
          <TableFrame label="Audit events">
            <caption className="sr-only">The key&apos;s audit events, newest first</caption>
            <THead>
              <Tr>
                <Th scope="col">When</Th>
                <Th scope="col">Who</Th>
                <Th scope="col">What</Th>
                {lineage ? <Th scope="col">Key</Th> : null}
              </Tr>
            </THead>
            <TBody>
              {events.map((event) => {
                const target = about(event);
                return (
                  <Tr key={event.id}>
                    <Td className="sm:whitespace-nowrap">
                      <time dateTime={event.createdAt.toISOString()}>{exactTimeWithSeconds(event.createdAt)}</time>
                      <div className="text-xs text-fg-muted">{relativeTime(event.createdAt.toISOString())}</div>
                    </Td>
                    <Td>{event.actorName}</Td>
                    <Td>{AUDIT_ACTION_LABEL[event.action as AuditAction] ?? event.action}</Td>
                    {lineage ? (
                      <Td>
                        {target.neighbour ? (
                          <>
                            <span className="text-fg-muted">{target.label}: </span>
                            <Link href={`/settings/api-keys/${target.neighbour.id}`} className="text-accent underline underline-offset-2">
                              {target.neighbour.name}
                            </Link>
                          </>
                        ) : (
                          target.label
                        )}
                      </Td>
                    ) : null}
                  </Tr>
                );
              })}
            </TBody>
          </TableFrame>
          <Link className="text-sm text-accent underline" href={`/settings/audit-log?key_id=${keyId}`}>
            All of this key&apos;s events in the audit log
          </Link>
        </>
      )}
    </section>
  );
}
