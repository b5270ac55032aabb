"use client";

import * as RadixTooltip from "@radix-ui/react-tooltip";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { KeyRound, Search, X } from "lucide-react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { acknowledgeLeakAction, matchingKeysAction } from "@/app/(dashboard)/settings/api-keys/actions";
import { DataTable } from "@/components/data-table/data-table";
import { RowIconSprite } from "@/components/ui/icon-sprite";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { DEFAULT_SORT, DEFAULT_SORT_ORDER, ENVIRONMENTS, KEY_STATUSES, type SortOrder } from "@/lib/schemas/keys/domain";
import { SORT_COLUMN, type ApiKeyRow } from "@/lib/schemas/keys/forms";
import { ENVIRONMENT_LABEL, KEY_STATUS_LABEL } from "@/lib/schemas/keys/labels";
import { type ListApiKeysQuery } from "@/lib/schemas/keys/rest";
import type { ScopeEntry } from "@/lib/schemas/policy";
import type { KeyPolicy } from "@/lib/schemas/policy-rules";
import { BulkRevokeDialog } from "./bulk-revoke-dialog";
import {
  COLUMN_WIDTH,
  EnvironmentCell,
  KeyActions,
  KeyName,
  KeyLine,
  KeyStatusCell,
  LastUsed,
  Lineage,
  SelectBox,
  Usage,
  apiKeyColumns,
  displayName,
  isSelectable,
  keyHref,
  type RowContext,
  type RowLineage,
  type RowSelection,
} from "./columns";
import { exactTime, formatCount, pageSummary, timeLeft } from "./format";
import { EditKeyDialog } from "./edit-key-dialog";
import { RollKeyDialog } from "./roll-key-dialog";
import { CreateKeyDialog } from "./create-key-dialog";
import { RevealKeyDialog } from "./reveal-key-dialog";
import { reactivateApiKeyAction } from "@/app/(dashboard)/settings/api-keys/actions";
import { DeactivateKeyDialog } from "./deactivate-key-dialog";
import { RevealRecoverableKeyDialog } from "./reveal-recoverable-dialog";
import { RevokeKeyDialog } from "./revoke-key-dialog";

/**
 * What the table shows: the listing's filters and sort, as they appear in the URL (`leaked`:
 * only keys with a leak report no admin has acknowledged).
 */
export type KeysView = Pick<Partial<ListApiKeysQuery>, "environment" | "status" | "q"> &
  Pick<ListApiKeysQuery, "sort"> & { order: SortOrder; leaked?: boolean | undefined };

/** How long the search waits after the last keystroke before it updates the URL. */
const SEARCH_DEBOUNCE_MS = 250;

/** The keys table with its toolbar, paging and dialogs. The server filters, sorts and pages. */
export function ApiKeysView({
  project,
  rows,
  total,
  totalIsCapped,
  offset,
  nextCursor,
  prevCursor,
  view,
  canWrite,
  keyPrefix,
  scopeCatalog,
  policy,
  sparklines,
  lineage = {},
  recoverableKeys = false,
}: {
  project: { id: string; name: string };
  rows: ApiKeyRow[];
  total: number;
  /** How many matching keys come before this page; null when unknown. */
  offset: number | null;
  totalIsCapped: boolean;
  nextCursor: string | null;
  prevCursor: string | null;
  view: KeysView;
  canWrite: boolean;
  keyPrefix: string;
  scopeCatalog: ScopeEntry[];
  /** The workspace's expiry rules, which the dialogs apply. */
  policy?: KeyPolicy;
  /** Each row's last 14 days of verifications, by key id. */
  sparklines: Record<string, number[]>;
  /** The key each listed key replaces, or was replaced by, by key id. */
  lineage?: Record<string, RowLineage>;
  /** Whether the workspace keeps recoverable keys now (an admin may reveal them). */
  recoverableKeys?: boolean;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [secret, setSecret] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyRow | null>(null);
  const [deactivating, setDeactivating] = useState<ApiKeyRow | null>(null);
  const [revealing, setRevealing] = useState<ApiKeyRow | null>(null);
  const [rolling, setRolling] = useState<ApiKeyRow | null>(null);
  const [editing, setEditing] = useState<ApiKeyRow | null>(null);
  const [bulkTargets, setBulkTargets] = useState<ApiKeyRow[] | null>(null);
  /** Selected keys, by id, across pages (a selection made from the whole filter included). */
  const [selected, setSelected] = useState<Map<string, ApiKeyRow>>(new Map());
  const [selectingAll, setSelectingAll] = useState(false);
  /** The row's button that opened a dialog: focus returns to it (kept as state, handed to the rows). */
  const [dialogTrigger, setDialogTrigger] = useState<HTMLElement | null>(null);
  const tableHeading = useRef<HTMLHeadingElement>(null);

  const href = (changes: Partial<KeysView> & { cursor?: string | null }) => {
    const next = { ...view, ...changes };
    const params = new URLSearchParams({ project: project.id });
    if (next.environment) params.set("environment", next.environment);
    if (next.status) params.set("status", next.status);
    if (next.q) params.set("q", next.q);
    if (next.leaked) params.set("leaked", "1");
    if (next.sort !== DEFAULT_SORT || next.order !== DEFAULT_SORT_ORDER[DEFAULT_SORT]) {
      params.set("sort", next.sort);
      params.set("order", next.order);
    }
    if (changes.cursor) params.set("cursor", changes.cursor);
    return `${pathname}?${params.toString()}`;
  };

  const remember = () => {
    setDialogTrigger(document.activeElement as HTMLElement | null);
  };
  /**
   * A row dialog returns focus to the button that opened it. The table redraws its rows while a
   * dialog is open (a refresh, a new sparkline), so the button may be a new element by then: it
   * is found again by its label (`Edit <name>`), and the table's heading takes focus only when
   * the row has no such button any more (a revoked key).
   */
  const returnFocus = () => {
    const trigger = dialogTrigger;
    if (trigger?.isConnected) return trigger;
    const label = trigger?.getAttribute("aria-label");
    const again = label ? visible(`main button[aria-label="${CSS.escape(label)}"]`) : null;
    return again ?? tableHeading.current;
  };

  /**
   * After Create (or a roll), focus goes to the new key's row: its name link, once the
   * refreshed rows hold it. Until then (or when the view does not show it), the Create button.
   */
  const focusKeyId = useRef<string | null>(null);
  const newRowLink = () => (focusKeyId.current ? visible(`main a[data-key-id="${CSS.escape(focusKeyId.current)}"]`) : null);
  const setFocusKeyId = (id: string | null) => {
    focusKeyId.current = id;
  };
  useEffect(() => {
    if (!focusKeyId.current || secret) return;
    const link = visible(`main a[data-key-id="${CSS.escape(focusKeyId.current)}"]`);
    // The reveal dialog also asks for it when it closes; the ref is cleared a moment later.
    link?.focus();
  }, [rows, secret]);
  const selectableOnPage = rows.filter(isSelectable);
  const selection: RowSelection | null = canWrite
    ? {
        isSelected: (id) => selected.has(id),
        toggle: (row) =>
          setSelected((current) => {
            const next = new Map(current);
            if (next.has(row.id)) next.delete(row.id);
            else next.set(row.id, row);
            return next;
          }),
        allOnPage: selectableOnPage.length === 0 ? null : selectableOnPage.every((row) => selected.has(row.id)),
        toggleAllOnPage: () =>
          setSelected((current) => {
            const next = new Map(current);
            const all = selectableOnPage.every((row) => next.has(row.id));
            for (const row of selectableOnPage) {
              if (all) next.delete(row.id);
              else next.set(row.id, row);
            }
            return next;
          }),
      }
    : null;

  async function selectAllMatching() {
    setSelectingAll(true);
    try {
      const result = await matchingKeysAction(project.id, { environment: view.environment, status: view.status, q: view.q });
      if (result.ok) {
        // Every key that matches and is not revoked yet, default keys included: the server
        // refuses those, and the dialog says so.
        const rows = result.data.rows.filter((row) => row.status !== "revoked");
        setSelected(new Map(rows.map((row) => [row.id, row])));
        if (result.data.capped) toast.message(`Selected the first ${formatCount(rows.length)} matching keys (at most 1,000 at a time).`);
      } else toast.error(result.error.message);
    } catch {
      toast.error("The matching keys could not be loaded. Try again.");
    } finally {
      setSelectingAll(false);
    }
  }

  const context: RowContext = {
    projectId: project.id,
    projectName: project.name,
    sparkline: (id) => sparklines[id],
    lineage: (id) => lineage[id],
    onReveal:
      canWrite && recoverableKeys
        ? (row) => {
            remember();
            setRevealing(row);
          }
        : null,
  };
  const actions = canWrite
    ? {
        onRevoke: (row: ApiKeyRow) => {
          remember();
          setRevoking(row);
        },
        onRoll: (row: ApiKeyRow) => {
          remember();
          setRolling(row);
        },
        onEdit: (row: ApiKeyRow) => {
          remember();
          setEditing(row);
        },
        onDeactivate: (row: ApiKeyRow) => {
          remember();
          setDeactivating(row);
        },
        // Reactivating is undone by deactivating again: no confirmation, a toast that says so.
        onReactivate: async (row: ApiKeyRow) => {
          try {
            const result = await reactivateApiKeyAction(project.id, row.id);
            if (result.ok) {
              toast.success(`“${result.data.row.name}” was reactivated. It verifies again.`);
              router.refresh();
            } else toast.error(result.error.message);
          } catch {
            toast.error("The key could not be reactivated. Check your connection and try again.");
          }
        },
      }
    : null;
  const columns = apiKeyColumns({
    context,
    actions,
    selection,
    sort: { sort: view.sort, order: view.order, hrefFor: (sort, order) => href({ sort, order }) },
  });

  const filtered = Boolean(view.environment || view.status || view.q || view.leaked);

  // Search as you type: the box is the user's while they type, the URL the view's. A change of
  // the URL from elsewhere (Clear filters, Back) puts its search in the box.
  const [text, setText] = useState(view.q ?? "");
  const urlQuery = useRef(view.q ?? "");
  useEffect(() => {
    if ((view.q ?? "") === urlQuery.current) return;
    urlQuery.current = view.q ?? "";
    setText(view.q ?? "");
  }, [view.q]);
  const applySearch = (value: string, how: "push" | "replace") => {
    const q = value.trim();
    if (q === urlQuery.current) return;
    urlQuery.current = q;
    const url = href({ q: q || undefined });
    if (how === "push") router.push(url, { scroll: false });
    else router.replace(url, { scroll: false });
  };
  useEffect(() => {
    const timer = setTimeout(() => applySearch(text, "replace"), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the search follows the text alone
  }, [text]);
  const search = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    applySearch(text, "push");
  };

  const create = canWrite ? (
    <CreateKeyDialog
      projectId={project.id}
      projectName={project.name}
      keyPrefix={keyPrefix}
      scopeCatalog={scopeCatalog}
      policy={policy}
      onCreated={({ key, row }) => {
        setSecret(key);
        setFocusKeyId(row.id);
        toast.success(`“${row.name}” was created.`);
        router.refresh();
      }}
    />
  ) : null;

  return (
    <section aria-labelledby="keys-heading" className="space-y-4">
      <RowIconSprite />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="keys-heading" ref={tableHeading} tabIndex={-1} className="text-lg font-semibold">
            API keys
          </h2>
          <p className="text-sm text-fg-muted">Keys that can call {project.name}, including keys for every project.</p>
        </div>
        {create}
      </div>

      <div className="flex flex-wrap items-end gap-2" role="search" aria-label="Filter keys">
        <form onSubmit={search} className="relative flex min-w-56 flex-1">
          <label className="sr-only" htmlFor="key-search">
            Search by name or key start
          </label>
          <Search className="pointer-events-none absolute top-1/2 left-2.5 h-4 w-4 -translate-y-1/2 text-fg-muted" aria-hidden />
          <Input
            id="key-search"
            name="q"
            type="search"
            className="pl-8"
            value={text}
            onChange={(event) => setText(event.target.value)}
            placeholder={`Name or ${keyPrefix}_live_…`}
            autoComplete="off"
          />
        </form>
        <FilterSelect
          id="env-filter"
          label="Environment"
          value={view.environment}
          options={[["", "All environments"], ...ENVIRONMENTS.map((e) => [e, ENVIRONMENT_LABEL[e]] as [string, string])]}
          onChange={(value) => router.push(href({ environment: value as KeysView["environment"] }))}
        />
        <FilterSelect
          id="status-filter"
          label="Status"
          value={view.status}
          options={[["", "All statuses"], ...KEY_STATUSES.map((s) => [s, KEY_STATUS_LABEL[s]] as [string, string])]}
          onChange={(value) => router.push(href({ status: value as KeysView["status"] }))}
        />
        {view.leaked ? (
          <Link
            href={href({ leaked: undefined })}
            className="inline-flex h-9 items-center gap-1.5 rounded-md border border-danger/40 bg-danger/10 px-3 text-sm text-danger"
          >
            Leaked keys only
            <X className="h-4 w-4" aria-hidden />
            <span className="sr-only">: show every key</span>
          </Link>
        ) : null}
      </div>

      {canWrite && (selected.size > 0 || rows.some(isSelectable)) ? (
        <div
          className="sticky top-0 z-20 -mx-1 flex flex-wrap items-center gap-3 rounded-md border border-border bg-surface/95 px-3 py-2 text-sm shadow-sm backdrop-blur"
          aria-label="Selection"
          role="group"
        >
          <span aria-live="polite" className="text-fg-muted">
            {selected.size === 0 ? "No keys selected" : `${formatCount(selected.size)} selected`}
          </span>
          {/* The leaked-keys filter is the table's alone: "all matching" would not know it. */}
          {view.leaked ? null : (
            <Button variant="secondary" size="sm" onClick={selectAllMatching} disabled={selectingAll}>
              {selectingAll ? "Selecting…" : filtered ? "Select all matching keys" : "Select all keys"}
            </Button>
          )}
          {selected.size > 0 ? (
            <>
              <Button variant="secondary" size="sm" onClick={() => setSelected(new Map())}>
                Clear selection
              </Button>
              <Button variant="danger" size="sm" onClick={() => setBulkTargets([...selected.values()])}>
                Revoke selected
              </Button>
            </>
          ) : null}
        </div>
      ) : null}

      <RadixTooltip.Provider delayDuration={200}>
      <DataTable
        caption={`API keys of ${project.name}`}
        columns={columns}
        data={rows}
        getRowId={(row) => row.id}
        pinnedColumn="actions"
        columnWidths={COLUMN_WIDTH}
        minWidth="min-w-[56rem]"
        card={(row) => <KeyCard row={row} context={context} actions={actions} selection={selection} />}
        sortState={(id) =>
          id === SORT_COLUMN[view.sort] ? (view.order === "asc" ? "ascending" : "descending") : undefined
        }
        empty={
          <div className="flex flex-col items-center gap-3 py-10 text-center">
            <KeyRound className="h-8 w-8 text-fg-muted" aria-hidden />
            {filtered ? (
              <>
                <p className="font-medium">No keys match these filters.</p>
                <Link className="text-sm text-accent underline" href={href({ environment: undefined, status: undefined, q: undefined, leaked: undefined })}>
                  Clear filters
                </Link>
              </>
            ) : (
              <>
                <p className="font-medium">No API keys yet</p>
                <p className="text-sm text-fg-muted">Create a key for your apps and SDKs to authenticate.</p>
                {create}
              </>
            )}
          </div>
        }
      />
      </RadixTooltip.Provider>

      <nav aria-label="Pagination" className="flex items-center justify-between gap-2 text-sm">
        <p className="text-fg-muted" aria-live="polite">
          {pageSummary({ total, totalIsCapped, offset, shown: rows.length })}
        </p>
        <div className="flex gap-2">
          <PageLink label="Previous" href={prevCursor ? href({ cursor: prevCursor }) : null} />
          <PageLink label="Next" href={nextCursor ? href({ cursor: nextCursor }) : null} />
        </div>
      </nav>

      <RevealKeyDialog
        secret={secret}
        onClose={() => {
          setSecret(null);
          // A new key the view does not show (another page, a filter) leaves focus where it is.
          setTimeout(() => setFocusKeyId(null), 3000);
        }}
        returnFocusTo={() => newRowLink() ?? document.querySelector<HTMLElement>("main button:not([disabled])")}
      />
      <RollKeyDialog
        target={rolling}
        projectId={project.id}
        policy={policy}
        returnFocusTo={returnFocus}
        onDone={(result) => {
          setRolling(null);
          if (result) {
            setSecret(result.key);
            setFocusKeyId(result.row.id);
            const old = result.previous;
            toast.success(
              old.status !== "active" || !old.expiresAt
                ? `“${old.name}” was rolled. The old key stopped working.`
                : `“${old.name}” was rolled. The old key stops in ${timeLeft(old.expiresAt)}.`,
            );
            router.refresh();
          }
        }}
      />
      <EditKeyDialog
        target={editing}
        projectId={project.id}
        scopeCatalog={scopeCatalog}
        policy={policy}
        returnFocusTo={returnFocus}
        onDone={(result) => {
          setEditing(null);
          if (result) {
            toast.success(`“${result.row.name}” was saved.`);
            router.refresh();
          }
        }}
      />
      <BulkRevokeDialog
        targets={bulkTargets}
        projectId={project.id}
        onDone={(summary) => {
          setBulkTargets(null);
          if (summary) {
            setSelected(new Map());
            toast.success(`${summary.revoked} key${summary.revoked === 1 ? " was" : "s were"} revoked.`);
            router.refresh();
          }
        }}
      />
      <DeactivateKeyDialog
        target={deactivating}
        projectId={project.id}
        returnFocusTo={returnFocus}
        onDone={(result) => {
          setDeactivating(null);
          if (result) {
            toast.success(`“${result.row.name}” was deactivated. Reactivate it to undo.`);
            router.refresh();
          }
        }}
      />
      <RevealRecoverableKeyDialog
        target={revealing}
        projectId={project.id}
        returnFocusTo={returnFocus}
        onDone={() => setRevealing(null)}
      />
      <RevokeKeyDialog
        target={revoking}
        projectId={project.id}
        returnFocusTo={returnFocus}
        onDone={(result) => {
          setRevoking(null);
          if (result) {
            toast.success(`“${result.row.name}” was revoked. Apps using it have lost access.`);
            router.refresh();
          }
        }}
      />
    </section>
  );
}

/** A labelled select of the toolbar; the empty value means "no filter". */
function FilterSelect({
  id,
  label,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: string | undefined;
  options: [string, string][];
  onChange: (value: string | undefined) => void;
}) {
  return (
    <>
      <label className="sr-only" htmlFor={id}>
        {label}
      </label>
      <Select id={id} className="sm:w-48" value={value ?? ""} onChange={(e) => onChange(e.target.value || undefined)}>
        {options.map(([optionValue, text]) => (
          <option key={optionValue} value={optionValue}>
            {text}
          </option>
        ))}
      </Select>
    </>
  );
}

/** A pagination link, shown disabled where there is no page to go to. */
function PageLink({ label, href }: { label: string; href: string | null }) {
  if (!href) {
    return (
      <span aria-disabled className="rounded-md border border-border px-3 py-1.5 text-fg-muted opacity-50">
        {label}
      </span>
    );
  }
  return (
    <Link className="rounded-md border border-border bg-surface px-3 py-1.5 hover:bg-muted" href={href}>
      {label}
    </Link>
  );
}

/** The first element matching `selector` that is shown (the table and the cards hold the same controls). */
function visible(selector: string): HTMLElement | null {
  for (const element of document.querySelectorAll<HTMLElement>(selector)) {
    if (element.checkVisibility()) return element;
  }
  return null;
}

/** A key as a card, below 768 px: name, start, environment, status, last use, actions. */
function KeyCard({
  row,
  context,
  actions,
  selection,
}: {
  row: ApiKeyRow;
  context: RowContext;
  actions: Parameters<typeof KeyActions>[0]["actions"] | null;
  selection: RowSelection | null;
}) {
  return (
    <div className="space-y-2">
      <div className="flex items-start gap-2">
        {selection ? (
          <div className="pt-0.5">
            <SelectBox row={row} selection={selection} />
          </div>
        ) : null}
        <div className="min-w-0 flex-1 space-y-0.5">
          <KeyName row={row} context={context} />
          <KeyLine row={row} context={context} />
          <Lineage row={row} context={context} />
        </div>
        {actions ? <KeyActions row={row} actions={actions} name={displayName(row)} /> : null}
      </div>
      <dl className="grid grid-cols-2 gap-x-3 gap-y-2 text-xs">
        <div className="min-w-0">
          <dt className="text-fg-muted">Environment · project</dt>
          <dd className="mt-0.5">
            <EnvironmentCell row={row} />
          </dd>
        </div>
        <div className="min-w-0">
          <dt className="text-fg-muted">Status</dt>
          <dd className="mt-0.5">
            <KeyStatusCell row={row} context={context} />
          </dd>
        </div>
        <div className="col-span-2 min-w-0">
          <dt className="text-fg-muted">Last used</dt>
          <dd className="mt-0.5 flex items-center justify-between gap-2 text-sm">
            <LastUsed row={row} counts={context.sparkline(row.id)} />
            <Usage counts={context.sparkline(row.id)} />
          </dd>
        </div>
      </dl>
    </div>
  );
}

/** A key the leak banner names: its page, where it was found, whether it still works. */
export type LeakedKeyItem = { id: string; name: string; start: string; projectId: string | null; url: string | null; reportedAt: string; revoked: boolean };

/**
 * The leak banner: each reported key, linked to its page, and the table filtered to them. An
 * admin acknowledges a report here once the key is replaced; a member is told an admin must act.
 */
export function LeakBanner({
  count,
  keys,
  projectId,
  canWrite,
  filterHref,
}: {
  count: number;
  keys: LeakedKeyItem[];
  projectId: string | null;
  canWrite: boolean;
  /** The table of this project, filtered to its leaked keys; null without a project. */
  filterHref: string | null;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const one = count === 1;
  async function acknowledge(key: LeakedKeyItem) {
    setBusy(key.id);
    const result = await acknowledgeLeakAction(key.projectId ?? projectId ?? "", key.id).catch(() => null);
    setBusy(null);
    if (result?.ok) {
      toast.success(`The leak report on “${key.name}” was acknowledged.`);
      router.refresh();
    } else {
      toast.error(result?.error.message ?? "The leak report could not be acknowledged. Try again.");
    }
  }
  return (
    <div role="alert" className="rounded-md border border-danger/50 bg-danger/10 px-4 py-3 text-sm text-danger">
      <p className="font-semibold">{one ? "A key of this workspace was" : `${formatCount(count)} keys of this workspace were`} found in a public place.</p>
      <p className="mt-0.5">
        {canWrite
          ? `A secret scanner reported ${one ? "it" : "them"}. Replace ${one ? "it" : "each"} in your apps, revoke ${one ? "it if it still works" : "those that still work"}, then acknowledge the report.`
          : `A secret scanner reported ${one ? "it" : "them"}. A workspace admin must act: replace ${one ? "it" : "them"} in your apps, revoke what still works, and acknowledge the report. Ask one.`}
      </p>
      <ul className="mt-2 space-y-1.5" aria-label="Leaked keys">
        {keys.map((key) => (
          <li key={key.id} className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
            <Link href={keyHref(key.projectId ?? projectId ?? "", key.id)} className="max-w-full truncate font-medium underline underline-offset-2">
              {key.name}
            </Link>
            <code className="font-mono text-xs">{key.start}…</code>
            <span className="text-xs">
              {key.revoked ? "revoked" : "still works"} · reported{" "}
              <time dateTime={key.reportedAt} title={exactTime(key.reportedAt)} suppressHydrationWarning>
                {exactTime(key.reportedAt)}
              </time>
            </span>
            {key.url ? (
              <span className="max-w-full truncate text-xs" title={key.url}>
                found at {key.url}
              </span>
            ) : null}
            {canWrite ? (
              <button
                type="button"
                className="text-xs font-medium underline underline-offset-2 disabled:opacity-60"
                disabled={busy === key.id}
                onClick={() => acknowledge(key)}
                aria-label={`Acknowledge the report on ${key.name}`}
              >
                Acknowledge
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <div className="mt-2 flex flex-wrap gap-x-4 gap-y-1">
        {count > keys.length ? <span>and {formatCount(count - keys.length)} more.</span> : null}
        {filterHref ? (
          <Link href={filterHref} className="font-medium underline underline-offset-2">
            Show leaked keys
          </Link>
        ) : null}
      </div>
    </div>
  );
}
