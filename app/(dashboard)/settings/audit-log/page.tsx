import type { Metadata } from "next";
import Link from "next/link";
import { Download } from "lucide-react";
import { buttonVariants } from "@/components/ui/button";
import { requirePageSession } from "@/lib/auth/page";
import { listAuditActors, listAuditLogPage } from "@/lib/data";
import { isAppError } from "@/lib/errors";
import { looksLikeKey } from "@/lib/keys/shape";
import { AUDIT_EXPORT_KEY_IDS_MAX, AUDIT_PAGE_DEFAULT, parseAuditPageQuery, type AuditPageFilterName } from "@/lib/schemas/audit";
import { AuditEvents } from "./audit-events";
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

      <AuditEvents events={page.items} now={now.getTime()} empty={empty} />

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
