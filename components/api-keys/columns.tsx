"use client";

import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { Pencil, RefreshCw, Trash2 } from "lucide-react";
import type { DataTableFeatures } from "@/components/data-table/data-table";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Tooltip } from "@/components/ui/tooltip";
import { Sparkline } from "@/components/usage/sparkline";
import { SPARKLINE_DAYS } from "@/lib/schemas/usage";
import type { KeyStatus } from "@/lib/schemas/keys/domain";
import type { ApiKeyRow } from "@/lib/schemas/keys/forms";
import { ENVIRONMENT_LABEL, KEY_STATUS_LABEL } from "@/lib/schemas/keys/labels";
import { exactTime, formatCount, relativeTime, timeLeft } from "./format";
import { SortHeader, type SortProps } from "./sort-header";

const helper = createColumnHelper<DataTableFeatures, ApiKeyRow>();

const STATUS_TONE: Record<KeyStatus, "success" | "neutral" | "warning"> = {
  active: "success",
  revoked: "neutral",
  expired: "warning",
};

function When({ iso, fallback }: { iso: string | null; fallback: string }) {
  if (!iso) return <span className="text-fg-muted">{fallback}</span>;
  return (
    <time dateTime={iso} title={exactTime(iso)} suppressHydrationWarning className="whitespace-nowrap">
      {relativeTime(iso)}
    </time>
  );
}

/** A leak report on a key: shown on its row until an admin acknowledges it. */
function LeakNotice({ row, onAcknowledge }: { row: ApiKeyRow; onAcknowledge: ((row: ApiKeyRow) => void) | null }) {
  const leak = row.leak;
  if (!leak) return null;
  return (
    <div role="alert" className="mt-1.5 rounded-md border border-danger/40 bg-danger/10 px-2 py-1.5 text-xs text-danger">
      <p className="font-semibold">Reported leaked <When iso={leak.reportedAt} fallback="" /></p>
      {leak.url ? <p className="break-all">Found at {leak.url}</p> : null}
      <p>{row.status === "revoked" ? "The key was revoked." : "The key still works: replace it in your apps, then revoke it."}</p>
      {onAcknowledge ? (
        <button type="button" className="mt-1 font-medium underline" onClick={() => onAcknowledge(row)}>
          Acknowledge
        </button>
      ) : null}
    </div>
  );
}

/** The key's protections, in short: its rate limit and allowlist. */
function protectionSummary(row: ApiKeyRow): string | null {
  const parts: string[] = [];
  if (row.rateLimit) parts.push(`${formatCount(row.rateLimit.limit)} per ${windowLabel(row.rateLimit.windowS)}`);
  if (row.allowedIps.length > 0) parts.push(`${row.allowedIps.length} allowed IP${row.allowedIps.length === 1 ? "" : "s"}`);
  return parts.length > 0 ? parts.join(" · ") : null;
}

function windowLabel(seconds: number): string {
  if (seconds === 1) return "second";
  if (seconds === 60) return "minute";
  if (seconds === 3600) return "hour";
  if (seconds === 86_400) return "day";
  return `${seconds} s`;
}

/** The status, and what is about to happen to an active key: a rolled key's countdown, expiry soon. */
function StatusCell({ row }: { row: ApiKeyRow }) {
  const soon = row.expiresSoon;
  return (
    <div className="space-y-1">
      <Badge tone={STATUS_TONE[row.status]}>{KEY_STATUS_LABEL[row.status]}</Badge>
      {row.status === "active" && row.rolledToId && row.expiresAt ? (
        <div className="text-xs whitespace-nowrap text-warning" suppressHydrationWarning title={exactTime(row.expiresAt)}>
          Stops in {timeLeft(row.expiresAt)}, rolled
        </div>
      ) : soon ? (
        <div>
          <Badge tone="warning">Expires soon</Badge>
        </div>
      ) : null}
      {row.status !== "active" && row.rolledToId ? <div className="text-xs text-fg-muted">Rolled</div> : null}
    </div>
  );
}

export type RowSelection = {
  isSelected: (id: string) => boolean;
  toggle: (row: ApiKeyRow) => void;
  /** Whether every selectable row on the page is selected; null when none can be. */
  allOnPage: boolean | null;
  toggleAllOnPage: () => void;
};

/** A key bulk revoke can take: active, and not a project's default key. */
export const isSelectable = (row: ApiKeyRow) => row.status === "active" && !row.isDefault;

export function apiKeyColumns(options: {
  canRevoke: boolean;
  projectId: string;
  sparkline: (keyId: string) => number[] | undefined;
  onRevoke: (row: ApiKeyRow) => void;
  onEdit: (row: ApiKeyRow) => void;
  onRoll: (row: ApiKeyRow) => void;
  onAcknowledgeLeak: ((row: ApiKeyRow) => void) | null;
  selection: RowSelection | null;
  sort: SortProps;
}) {
  const selection = options.selection;
  const columns = [
    ...(selection
      ? [
          helper.display({
            id: "select",
            header: () =>
              selection.allOnPage === null ? (
                <span className="sr-only">Select</span>
              ) : (
                <input
                  type="checkbox"
                  aria-label="Select every revocable key on this page"
                  className="h-4 w-4 accent-[var(--accent)]"
                  checked={selection.allOnPage}
                  onChange={selection.toggleAllOnPage}
                />
              ),
            cell: ({ row }) =>
              isSelectable(row.original) ? (
                <input
                  type="checkbox"
                  aria-label={`Select ${row.original.name}`}
                  className="h-4 w-4 accent-[var(--accent)]"
                  checked={selection.isSelected(row.original.id)}
                  onChange={() => selection.toggle(row.original)}
                />
              ) : null,
          }),
        ]
      : []),
    helper.accessor("name", {
      header: () => <SortHeader {...options.sort} column="name" label="Name" />,
      cell: ({ row }) => (
        <div className="max-w-56 min-w-32">
          <Link
            href={`/settings/api-keys/${row.original.id}?project=${options.projectId}`}
            className="font-medium break-all text-fg underline-offset-2 hover:underline"
          >
            {row.original.name}
          </Link>
          {row.original.description ? <div className="mt-0.5 text-xs text-fg-muted">{row.original.description}</div> : null}
          {protectionSummary(row.original) ? (
            <div className="mt-0.5 text-xs text-fg-muted" title={row.original.allowedIps.join(", ") || undefined}>
              {protectionSummary(row.original)}
            </div>
          ) : null}
          <LeakNotice row={row.original} onAcknowledge={options.onAcknowledgeLeak} />
        </div>
      ),
    }),
    helper.accessor("start", {
      header: "Key",
      cell: ({ getValue }) => (
        <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs whitespace-nowrap" aria-label={`Key starting ${getValue()}`}>
          {getValue()}…
        </code>
      ),
    }),
    helper.accessor("environment", {
      header: "Environment / scope",
      cell: ({ row }) => (
        <div className="space-y-1">
          <Badge tone={row.original.environment === "live" ? "accent" : "neutral"}>{ENVIRONMENT_LABEL[row.original.environment]}</Badge>
          <div className="text-xs whitespace-nowrap text-fg-muted">{row.original.projectId === null ? "All projects" : "This project"}</div>
        </div>
      ),
    }),
    helper.accessor("status", {
      header: "Status",
      cell: ({ row }) => <StatusCell row={row.original} />,
    }),
    helper.accessor("lastUsedAt", {
      header: () => <SortHeader {...options.sort} column="last_used" label="Last used" />,
      cell: ({ getValue }) => <When iso={getValue()} fallback="Never" />,
    }),
    helper.display({
      id: "usage",
      header: () => <span title={`Verifications per day, the last ${SPARKLINE_DAYS} days`}>{SPARKLINE_DAYS} days</span>,
      cell: ({ row }) => <Sparkline counts={options.sparkline(row.original.id) ?? Array<number>(SPARKLINE_DAYS).fill(0)} />,
    }),
    helper.accessor("createdAt", {
      header: () => <SortHeader {...options.sort} column="created" label="Created" />,
      cell: ({ row }) => (
        <div className="whitespace-nowrap">
          <When iso={row.original.createdAt} fallback="" />
          <div className="text-xs text-fg-muted">by {row.original.createdByName}</div>
        </div>
      ),
    }),
    helper.accessor("expiresAt", {
      header: () => <SortHeader {...options.sort} column="expires" label="Expires" />,
      cell: ({ getValue }) => <When iso={getValue()} fallback="Never" />,
    }),
    helper.display({
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row }) => {
        const key = row.original;
        if (!options.canRevoke || key.status !== "active") return null;
        return (
          <div className="flex justify-end gap-0.5">
            <Button variant="ghost" size="icon" aria-label={`Edit ${key.name}`} onClick={() => options.onEdit(key)}>
              <Pencil className="h-4 w-4" aria-hidden />
            </Button>
            {key.rolledToId ? null : (
              <Button variant="ghost" size="icon" aria-label={`Roll ${key.name}`} onClick={() => options.onRoll(key)}>
                <RefreshCw className="h-4 w-4" aria-hidden />
              </Button>
            )}
            {key.isDefault ? (
              <Tooltip content="This is the project's default key. The platform manages it, so it cannot be revoked; roll it to replace it.">
                <Button variant="ghost" size="icon" disabled aria-label={`Revoke ${key.name} (not available for the default key)`}>
                  <Trash2 className="h-4 w-4" aria-hidden />
                </Button>
              </Tooltip>
            ) : (
              <Button variant="ghost" size="icon" aria-label={`Revoke ${key.name}`} onClick={() => options.onRevoke(key)}>
                <Trash2 className="h-4 w-4" aria-hidden />
              </Button>
            )}
          </div>
        );
      },
    }),
  ];
  return helper.columns(columns);
}
