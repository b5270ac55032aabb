import type { Metadata } from "next";
import Link from "next/link";
import { Search } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { exactTime } from "@/components/api-keys/format";
import { requirePageSession } from "@/lib/auth/page";
import { findVerification } from "@/lib/data";
import { ENVIRONMENT_LABEL } from "@/lib/schemas/keys/labels";
import { requestIdSchema } from "@/lib/schemas/requests";

export const metadata: Metadata = { title: "Request lookup" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// Settings -> Request lookup: which key made a request, from the request id in its answer.
export default async function RequestLookupPage({ searchParams }: { searchParams: SearchParams }) {
  const session = await requirePageSession();
  const raw = (await searchParams).id;
  const id = typeof raw === "string" ? raw.trim() : "";
  const parsed = id ? requestIdSchema.safeParse(id) : null;
  const found = parsed?.success ? await findVerification(session.workspaceId, parsed.data) : null;

  return (
    <div className="space-y-8">
      <header>
        <p className="text-sm text-fg-muted">Settings</p>
        <h1 className="text-2xl font-semibold">Request lookup</h1>
        <p className="mt-1 max-w-2xl text-sm text-fg-muted">
          Every answer of the verify route carries a <code className="font-mono">request-id</code> header. Paste one to see
          which key made the request, how it ended, and from where.
        </p>
      </header>
      <form method="get" role="search" aria-label="Find a request" className="flex max-w-xl gap-2">
        <label className="sr-only" htmlFor="request-id">
          Request id
        </label>
        <Input id="request-id" name="id" defaultValue={id} placeholder="req_…" autoComplete="off" spellCheck={false} className="font-mono" />
        <Button type="submit" variant="secondary">
          <Search className="h-4 w-4" aria-hidden />
          Find
        </Button>
      </form>
      {parsed && !parsed.success ? (
        <p role="alert" className="text-sm text-danger">
          {parsed.error.issues[0]?.message}
        </p>
      ) : null}
      {parsed?.success && !found ? (
        <p role="status" className="text-sm text-fg-muted">
          No verification by a key of this workspace has the request id <code className="font-mono">{parsed.data}</code>.
          Requests are kept for the retention period, and only those a key of this workspace made are shown.
        </p>
      ) : null}
      {found ? (
        <section aria-labelledby="found-heading" className="max-w-2xl space-y-4 rounded-lg border border-border bg-surface p-5">
          <h2 id="found-heading" className="font-mono text-sm">
            {found.requestId}
          </h2>
          <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="text-fg-muted">Key</dt>
            <dd>
              <span className="font-medium">{found.key.name}</span>{" "}
              <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{found.key.start}…</code>{" "}
              <Badge tone={found.key.environment === "live" ? "accent" : "neutral"}>{ENVIRONMENT_LABEL[found.key.environment]}</Badge>
            </dd>
            <dt className="text-fg-muted">Outcome</dt>
            <dd>
              {found.status === 200 ? <Badge tone="success">Valid</Badge> : <Badge tone="warning">{`${found.status} ${found.code ?? ""}`}</Badge>}
              {found.reason ? <span className="ml-2 text-fg-muted">{found.reason.replaceAll("_", " ")}</span> : null}
            </dd>
            <dt className="text-fg-muted">When</dt>
            <dd>
              <time dateTime={found.at.toISOString()}>{exactTime(found.at.toISOString())}</time>
            </dd>
            <dt className="text-fg-muted">From</dt>
            <dd className="font-mono text-xs">{found.ip ?? "unknown"}</dd>
            <dt className="text-fg-muted">User agent</dt>
            <dd className="text-xs break-all">{found.userAgent ?? "none sent"}</dd>
          </dl>
          <Link className="text-sm text-accent underline" href={`/settings/api-keys/${found.key.id}`}>
            Go to the key
          </Link>
        </section>
      ) : null}
    </div>
  );
}
