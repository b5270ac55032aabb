import type { Metadata } from "next";
import Link from "next/link";
import { Download } from "lucide-react";
import { exactTime } from "@/components/api-keys/format";
import { Button, buttonVariants } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { requirePageSession } from "@/lib/auth/page";
import { listAuditActors, listAuditEventsPage } from "@/lib/data";
import { isAppError } from "@/lib/errors";
import { AUDIT_ACTIONS, AUDIT_ACTION_LABEL, auditQuerySchema, type AuditAction } from "@/lib/schemas/audit";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const FILTERS = ["key_id", "actor", "action", "from", "to", "request_id"] as const;

// Settings -> Audit log (admins): who did what and when, filtered and paged on the server,
// the filters in the URL. The download is the API's CSV export with the same filters.
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
    [...FILTERS, "cursor"].flatMap((name) => (typeof params[name] === "string" && params[name] !== "" ? [[name, params[name] as string]] : [])),
  );
  const parsed = auditQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : auditQuerySchema.parse({});
  const filter = { keyId: query.key_id, actor: query.actor, action: query.action, from: query.from, to: query.to, requestId: query.request_id };
  let page;
  try {
    page = await listAuditEventsPage(session.workspaceId, { ...filter, cursor: query.cursor, limit: query.limit });
  } catch (error) {
    if (!isAppError(error) || error.code !== "validation_failed") throw error;
    page = await listAuditEventsPage(session.workspaceId, { ...filter, limit: query.limit });
  }
  const actors = await listAuditActors(session.workspaceId);
  const current = new URLSearchParams(Object.entries(raw).filter(([name]) => name !== "cursor"));
  const nextHref = page.nextCursor ? `?${new URLSearchParams([...current, ["cursor", page.nextCursor]])}` : null;
  const csvHref = `/settings/audit-log/export?${current}`;

  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <p className="text-sm text-fg-muted">Settings</p>
          <h1 className="text-2xl font-semibold">Audit log</h1>
          <p className="mt-1 max-w-2xl text-sm text-fg-muted">
            Who did what, and when: every change to keys, projects and policies, leak reports, and refused admin attempts.
          </p>
        </div>
        <a href={csvHref} download className={buttonVariants({ variant: "secondary" })}>
          <Download className="h-4 w-4" aria-hidden />
          Download CSV
        </a>
      </header>
      {!parsed.success ? (
        <p role="alert" className="rounded-md border border-warning/40 bg-warning/10 px-3 py-2 text-sm text-warning">
          Some filters in the link were not valid and were ignored: {parsed.error.issues[0]?.message}
        </p>
      ) : null}
      <form method="get" role="search" aria-label="Filter the audit log" className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <label className="space-y-1 text-sm">
          <span className="text-fg-muted">Action</span>
          <Select name="action" defaultValue={query.action ?? ""}>
            <option value="">All actions</option>
            {AUDIT_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {AUDIT_ACTION_LABEL[action]}
              </option>
            ))}
          </Select>
        </label>
        <label className="space-y-1 text-sm">
          <span className="text-fg-muted">Actor</span>
          <Select name="actor" defaultValue={query.actor ?? ""}>
            <option value="">Everyone</option>
            {actors.map((actor) => (
              <option key={actor.id} value={actor.id}>
                {actor.name}
              </option>
            ))}
          </Select>
        </label>
        <label className="space-y-1 text-sm">
          <span className="text-fg-muted">Key id</span>
          <Input name="key_id" defaultValue={query.key_id ?? ""} placeholder="UUID" className="font-mono text-xs" />
        </label>
        <label className="space-y-1 text-sm">
          <span className="text-fg-muted">From</span>
          <Input name="from" type="date" defaultValue={typeof raw.from === "string" ? raw.from.slice(0, 10) : ""} />
        </label>
        <label className="space-y-1 text-sm">
          <span className="text-fg-muted">To</span>
          <Input name="to" type="date" defaultValue={typeof raw.to === "string" ? raw.to.slice(0, 10) : ""} />
        </label>
        <div className="flex items-end gap-2">
          <Button type="submit" variant="secondary">
            Filter
          </Button>
          <Link className="py-2 text-sm text-accent underline" href="/settings/audit-log">
            Clear
          </Link>
        </div>
      </form>
      <Table>
        <caption className="sr-only">Audit events, newest first</caption>
        <THead>
          <Tr>
            <Th scope="col">When</Th>
            <Th scope="col">Who</Th>
            <Th scope="col">What</Th>
            <Th scope="col">Key</Th>
            <Th scope="col">Request</Th>
          </Tr>
        </THead>
        <TBody>
          {page.items.length === 0 ? (
            <Tr>
              <Td colSpan={5} className="py-8 text-center text-fg-muted">
                No events match these filters.
              </Td>
            </Tr>
          ) : (
            page.items.map((event) => (
              <Tr key={event.id}>
                <Td className="whitespace-nowrap">
                  <time dateTime={event.createdAt.toISOString()}>{exactTime(event.createdAt.toISOString())}</time>
                </Td>
                <Td>{event.actorName}</Td>
                <Td>
                  <div className="font-medium">{AUDIT_ACTION_LABEL[event.action as AuditAction] ?? event.action}</div>
                  <div className="max-w-md text-xs break-all text-fg-muted">{summary(event.metadata)}</div>
                </Td>
                <Td>
                  {event.targetKeyId ? (
                    <Link className="font-mono text-xs text-accent underline" href={`/settings/audit-log?key_id=${event.targetKeyId}`}>
                      {event.targetKeyId.slice(0, 8)}…
                    </Link>
                  ) : null}
                </Td>
                <Td className="font-mono text-xs">
                  <div>{event.requestId ?? ""}</div>
                  <div className="text-fg-muted">{event.ip ?? ""}</div>
                </Td>
              </Tr>
            ))
          )}
        </TBody>
      </Table>
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

/** An event's details in a line: name, start, what changed. */
function summary(metadata: unknown): string {
  if (!metadata || typeof metadata !== "object") return "";
  return Object.entries(metadata as Record<string, unknown>)
    .filter(([name]) => !["before", "after"].includes(name))
    .map(([name, value]) => `${name}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(" · ")
    .slice(0, 300);
}
