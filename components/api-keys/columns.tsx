"use client";

import * as RadixTooltip from "@radix-ui/react-tooltip";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import type { ReactElement, ReactNode } from "react";
import type { DataTableFeatures } from "@/components/data-table/data-table";
import { Badge, badgeVariants } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { RowIcon } from "@/components/ui/icon-sprite";
import { Tooltip } from "@/components/ui/tooltip";
import { Sparkline } from "@/components/usage/sparkline";
import { SPARKLINE_DAYS } from "@/lib/schemas/usage";
import type { KeyStatus } from "@/lib/schemas/keys/domain";
import type { ApiKeyRow } from "@/lib/schemas/keys/forms";
import { ENVIRONMENT_LABEL, KEY_STATUS_LABEL } from "@/lib/schemas/keys/labels";
import { Countdown } from "./countdown";
import { exactTime, formatCount, relativeTime } from "./format";
import { SortHeader, type SortProps } from "./sort-header";

const helper = createColumnHelper<DataTableFeatures, ApiKeyRow>();

const STATUS_TONE: Record<KeyStatus, "success" | "neutral" | "warning"> = {
  active: "success",
  revoked: "neutral",
  expired: "warning",
  deactivated: "warning",
};

/** A key named in another key's row (its lineage): enough to link to its page. */
export type KeyLink = { id: string; name: string };
/** The key a rolled key was replaced by, and the key a new key replaces. */
export type RowLineage = { replaces: KeyLink | null; replacedBy: KeyLink | null };

/** What a row needs besides the key itself: links, usage, lineage. */
export type RowContext = {
  projectId: string;
  projectName: string;
  sparkline: (keyId: string) => number[] | undefined;
  lineage: (keyId: string) => RowLineage | undefined;
  /** Opens the reveal confirmation of a recoverable key; null when the viewer may not reveal (a member, or the policy is off). */
  onReveal: ((row: ApiKeyRow) => void) | null;
};

/** The key's page, in the project the table shows. */
export const keyHref = (projectId: string, keyId: string) => `/settings/api-keys/${keyId}?project=${projectId}`;

/**
 * The name people read: a project's default key is "Default key" (its stored name,
 * `<project id>_default_<digits>`, is in its tooltip), every other key its name. The project is
 * the table's: a default key belongs to one project, and is listed only there.
 */
export const displayName = (row: ApiKeyRow) => (row.isDefault ? "Default key" : row.name);

/** A hover and focus tooltip on an element that is already focusable (a link). */
function Tip({ content, children }: { content: ReactNode; children: ReactElement }) {
  return (
    <RadixTooltip.Root>
      <RadixTooltip.Trigger asChild>{children}</RadixTooltip.Trigger>
      <RadixTooltip.Portal>
        <RadixTooltip.Content
          side="top"
          align="start"
          sideOffset={6}
          className="z-50 max-w-80 rounded-md bg-fg px-2.5 py-1.5 text-xs font-normal break-words text-bg shadow-lg"
        >
          {content}
        </RadixTooltip.Content>
      </RadixTooltip.Portal>
    </RadixTooltip.Root>
  );
}

function When({ iso, fallback }: { iso: string | null; fallback: ReactNode }) {
  if (!iso) return <span className="text-fg-muted">{fallback}</span>;
  return (
    <time dateTime={iso} title={exactTime(iso)} suppressHydrationWarning className="block truncate">
      {relativeTime(iso)}
    </time>
  );
}

/** The key's protections, in short: its rate limit and allowlist. */
export function protectionSummary(row: ApiKeyRow): string | null {
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

/** The key's name, a link to its page; long names end in "…", whole in the tooltip with the description. */
export function KeyName({ row, context }: { row: ApiKeyRow; context: RowContext }) {
  const name = displayName(row);
  return (
    <div className="flex min-w-0 items-center gap-1.5">
      <Tip
        content={
          <>
            <span className="block font-semibold">{row.name}</span>
            {row.isDefault ? <span className="block">The default key of {context.projectName}, managed by the platform.</span> : null}
            {row.description ? <span className="mt-0.5 block">{row.description}</span> : null}
          </>
        }
      >
        <Link
          href={keyHref(context.projectId, row.id)}
          data-key-id={row.id}
          className="min-w-0 truncate font-medium text-fg underline-offset-2 hover:underline"
        >
          {name}
        </Link>
      </Tip>
      {row.isDefault ? <Badge tone="accent">Default</Badge> : null}
    </div>
  );
}

/** The visible start of the key, never enough to use it. */
export function KeyStart({ start }: { start: string }) {
  return (
    <code className="block truncate font-mono text-xs text-fg-muted" aria-label={`Key starting ${start}`}>
      {start}…
    </code>
  );
}

/** A recoverable key, masked: its prefix and environment, then dots, then its last four characters. */
export function maskedKey(row: Pick<ApiKeyRow, "start" | "end">): string {
  const prefix = row.start.slice(0, row.start.lastIndexOf("_") + 1);
  return `${prefix}${"•".repeat(12)}${row.end ?? ""}`;
}

/**
 * The key as the table shows it: a recoverable key masked, with Reveal for an admin while the
 * workspace keeps recoverable keys; any other key by its start.
 */
export function KeyLine({ row, context }: { row: ApiKeyRow; context: RowContext }) {
  if (!row.recoverable || !row.end) {
    const usable = row.status === "active" || row.status === "deactivated";
    return (
      <>
        <KeyStart start={row.start} />
        {context.onReveal && usable ? (
          <span className="block truncate text-xs text-fg-muted" title="Created while recoverable keys were off: it was never kept, so it can never be revealed.">
            Never revealable (created while recoverable keys were off)
          </span>
        ) : null}
      </>
    );
  }
  const masked = maskedKey(row);
  const onReveal = context.onReveal;
  return (
    <div className="flex min-w-0 items-center gap-1">
      <code className="min-w-0 truncate font-mono text-xs text-fg-muted" aria-label={`Key ${row.start.slice(0, row.start.lastIndexOf("_") + 1)}… ending ${row.end}`}>
        {masked}
      </code>
      {onReveal ? (
        <Button variant="ghost" size="sm" className="h-6 shrink-0 px-1.5 text-xs" aria-label={`Reveal ${displayName(row)}`} onClick={() => onReveal(row)}>
          <RowIcon name="eye" className="h-3.5 w-3.5" />
          Reveal
        </Button>
      ) : null}
    </div>
  );
}

/** "Replaces X" on a new key's row, "Replaced by Y" on a rolled one's: links to their pages. */
export function Lineage({ row, context }: { row: ApiKeyRow; context: RowContext }) {
  const lineage = context.lineage(row.id);
  if (!lineage) return null;
  const line = (label: string, key: KeyLink) => (
    <div className="flex min-w-0 gap-1 text-xs text-fg-muted">
      <span className="shrink-0">{label}</span>
      <Link href={keyHref(context.projectId, key.id)} className="min-w-0 truncate text-accent underline underline-offset-2" title={key.name}>
        {key.name}
      </Link>
    </div>
  );
  return (
    <>
      {lineage.replacedBy ? line("Replaced by", lineage.replacedBy) : null}
      {lineage.replaces ? line("Replaces", lineage.replaces) : null}
    </>
  );
}

/** The status, what is about to happen to an active key, and a leak report as a badge to its page. */
export function KeyStatusCell({ row, context }: { row: ApiKeyRow; context: RowContext }) {
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap gap-1">
        <Badge tone={STATUS_TONE[row.status]}>{KEY_STATUS_LABEL[row.status]}</Badge>
        {row.leak ? (
          <Link
            href={keyHref(context.projectId, row.id)}
            className={cn(badgeVariants({ tone: "danger" }), "underline-offset-2 hover:underline")}
            title={`Reported leaked ${exactTime(row.leak.reportedAt)}${row.leak.url ? `, found at ${row.leak.url}` : ""}`}
          >
            Leaked<span className="sr-only">: open {row.name} for details</span>
          </Link>
        ) : null}
      </div>
      {row.status === "active" && row.rolledToId && row.expiresAt ? (
        <div className="text-xs whitespace-nowrap text-warning">
          Stops in <Countdown until={row.expiresAt} />
        </div>
      ) : row.expiresSoon ? (
        <div>
          <Badge tone="warning">Expires soon</Badge>
        </div>
      ) : null}
    </div>
  );
}

/** The project a key covers, beside its environment. */
export function EnvironmentCell({ row }: { row: ApiKeyRow }) {
  return (
    <div className="space-y-1">
      <Badge tone={row.environment === "live" ? "accent" : "neutral"}>{ENVIRONMENT_LABEL[row.environment]}</Badge>
      <div className="truncate text-xs text-fg-muted">{row.projectId === null ? "All projects" : "This project"}</div>
    </div>
  );
}

/** What a key may do: "Full access" when it has no scopes, else its first scope and how many more. */
export function ScopesCell({ scopes }: { scopes: string[] }) {
  if (scopes.length === 0) return <span className="text-xs text-fg-muted">Full access</span>;
  const [first, ...rest] = scopes;
  return (
    <RadixTooltip.Root>
      <RadixTooltip.Trigger asChild>
        <span className="block min-w-0 text-xs">
          <span className="sr-only">Scopes: {scopes.join(", ")}</span>
          <span aria-hidden className="block truncate font-mono">
            {first}
          </span>
          {rest.length > 0 ? (
            <span aria-hidden className="block text-fg-muted">
              +{rest.length} more
            </span>
          ) : null}
        </span>
      </RadixTooltip.Trigger>
      <RadixTooltip.Portal>
        <RadixTooltip.Content side="top" align="start" sideOffset={6} className="z-50 max-w-72 rounded-md bg-fg px-2.5 py-1.5 text-xs text-bg shadow-lg">
          <span className="block font-semibold">Scopes</span>
          {scopes.map((scope) => (
            <span key={scope} className="block font-mono">
              {scope}
            </span>
          ))}
        </RadixTooltip.Content>
      </RadixTooltip.Portal>
    </RadixTooltip.Root>
  );
}

/**
 * When the key last verified, and its last days of verifications. A key that only failed has
 * bars but no last use: it says so, rather than "Never" beside a non-empty chart.
 */
export function LastUsed({ row, counts }: { row: ApiKeyRow; counts: number[] | undefined }) {
  const line = counts ?? Array<number>(SPARKLINE_DAYS).fill(0);
  const tried = line.some((n) => n > 0);
  return (
    <When iso={row.lastUsedAt} fallback={tried ? <span className="text-xs">No successful use</span> : "Never"} />
  );
}

export function Usage({ counts }: { counts: number[] | undefined }) {
  return <Sparkline counts={counts ?? Array<number>(SPARKLINE_DAYS).fill(0)} />;
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

export type RowActions = {
  onRevoke: (row: ApiKeyRow) => void;
  onEdit: (row: ApiKeyRow) => void;
  onRoll: (row: ApiKeyRow) => void;
  onDeactivate: (row: ApiKeyRow) => void;
  onReactivate: (row: ApiKeyRow) => void;
};

/**
 * A row's buttons (an admin's): Edit, Roll, Deactivate and Revoke on an active key; Reactivate
 * and Revoke on a deactivated one.
 */
export function KeyActions({ row, actions, name }: { row: ApiKeyRow; actions: RowActions; name: string }) {
  if (row.status === "deactivated") {
    return (
      <div className="flex justify-end">
        <Button variant="ghost" size="icon" className="h-8 w-8" aria-label={`Reactivate ${name}`} title="Reactivate" onClick={() => actions.onReactivate(row)}>
          <RowIcon name="play" />
        </Button>
        <Button variant="ghost" size="icon" className="h-8 w-8" aria-label={`Revoke ${name}`} onClick={() => actions.onRevoke(row)}>
          <RowIcon name="trash-2" />
        </Button>
      </div>
    );
  }
  if (row.status !== "active") return null;
  return (
    <div className="flex justify-end">
      <Button variant="ghost" size="icon" className="h-8 w-8" aria-label={`Edit ${name}`} onClick={() => actions.onEdit(row)}>
        <RowIcon name="pencil" />
      </Button>
      {row.rolledToId ? null : (
        <Button variant="ghost" size="icon" className="h-8 w-8" aria-label={`Roll ${name}`} onClick={() => actions.onRoll(row)}>
          <RowIcon name="refresh-cw" />
        </Button>
      )}
      {row.isDefault ? (
        <Tooltip content="This is the project's default key. The platform manages it, so it cannot be deactivated; roll it to replace it.">
          <Button variant="ghost" size="icon" className="h-8 w-8" disabled aria-label={`Deactivate ${name} (not available for the default key)`}>
            <RowIcon name="pause" />
          </Button>
        </Tooltip>
      ) : (
        <Button variant="ghost" size="icon" className="h-8 w-8" aria-label={`Deactivate ${name}`} title="Deactivate" onClick={() => actions.onDeactivate(row)}>
          <RowIcon name="pause" />
        </Button>
      )}
      {row.isDefault ? (
        <Tooltip content="This is the project's default key. The platform manages it, so it cannot be revoked; roll it to replace it.">
          <Button variant="ghost" size="icon" className="h-8 w-8" disabled aria-label={`Revoke ${name} (not available for the default key)`}>
            <RowIcon name="trash-2" />
          </Button>
        </Tooltip>
      ) : (
        <Button variant="ghost" size="icon" className="h-8 w-8" aria-label={`Revoke ${name}`} onClick={() => actions.onRevoke(row)}>
          <RowIcon name="trash-2" />
        </Button>
      )}
    </div>
  );
}

export function SelectBox({ row, selection }: { row: ApiKeyRow; selection: RowSelection }) {
  if (!isSelectable(row)) return null;
  return (
    <input
      type="checkbox"
      aria-label={`Select ${row.name}`}
      className="h-4 w-4 accent-[var(--accent)]"
      checked={selection.isSelected(row.id)}
      onChange={() => selection.toggle(row)}
    />
  );
}

/**
 * The columns' widths at 1280 px and up (the table's layout is fixed): every column fits, and
 * the name takes what is left, truncated with its tooltip.
 */
export const COLUMN_WIDTH: Record<string, string> = {
  select: "w-8",
  name: "",
  environment: "w-[6.5rem]",
  scopes: "w-24",
  status: "w-28",
  lastUsedAt: "w-28",
  createdAt: "w-28",
  expiresAt: "w-[7.5rem]",
  actions: "w-40",
};

export function apiKeyColumns(options: {
  context: RowContext;
  /** The row's actions, for an admin; null for a member (no actions column). */
  actions: RowActions | null;
  selection: RowSelection | null;
  sort: SortProps;
}) {
  const { selection, context, actions } = options;
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
            cell: ({ row }) => <SelectBox row={row.original} selection={selection} />,
          }),
        ]
      : []),
    helper.accessor("name", {
      header: () => <SortHeader {...options.sort} column="name" label="Name" />,
      cell: ({ row }) => {
        const protection = protectionSummary(row.original);
        return (
          <div className="min-w-0 space-y-0.5">
            <KeyName row={row.original} context={context} />
            <KeyLine row={row.original} context={context} />
            {protection ? (
              <div className="truncate text-xs text-fg-muted" title={row.original.allowedIps.join(", ") || undefined}>
                {protection}
              </div>
            ) : null}
            <Lineage row={row.original} context={context} />
          </div>
        );
      },
    }),
    helper.accessor("environment", {
      header: () => <span className="block leading-tight">Environment · project</span>,
      cell: ({ row }) => <EnvironmentCell row={row.original} />,
    }),
    helper.accessor("scopes", {
      header: "Scopes",
      cell: ({ row }) => <ScopesCell scopes={row.original.scopes} />,
    }),
    helper.accessor("status", {
      header: "Status",
      cell: ({ row }) => <KeyStatusCell row={row.original} context={context} />,
    }),
    helper.accessor("lastUsedAt", {
      header: () => <SortHeader {...options.sort} column="last_used" label="Last used" />,
      cell: ({ row }) => (
        <div className="space-y-1">
          <LastUsed row={row.original} counts={context.sparkline(row.original.id)} />
          <Usage counts={context.sparkline(row.original.id)} />
        </div>
      ),
    }),
    helper.accessor("createdAt", {
      header: () => <SortHeader {...options.sort} column="created" label="Created" />,
      cell: ({ row }) => (
        <div className="min-w-0">
          <When iso={row.original.createdAt} fallback="" />
          <div className="truncate text-xs text-fg-muted" title={`by ${row.original.createdByName}`}>
            by {row.original.createdByName}
          </div>
        </div>
      ),
    }),
    helper.accessor("expiresAt", {
      header: () => <SortHeader {...options.sort} column="expires" label="Expires" />,
      cell: ({ getValue }) => <When iso={getValue()} fallback="Never" />,
    }),
    ...(actions
      ? [
          helper.display({
            id: "actions",
            header: () => <span className="sr-only">Actions</span>,
            cell: ({ row }) => <KeyActions row={row.original} actions={actions} name={displayName(row.original)} />,
          }),
        ]
      : []),
  ];
  return helper.columns(columns);
}
