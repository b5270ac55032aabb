"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { KeyRound, Search } from "lucide-react";
import { useRef, useState, type FormEvent } from "react";
import { acknowledgeLeakAction, matchingKeysAction } from "@/app/(dashboard)/settings/api-keys/actions";
import { DataTable } from "@/components/data-table/data-table";
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
import { apiKeyColumns, isSelectable, type RowSelection } from "./columns";
import { formatCount } from "./format";
import { EditKeyDialog } from "./edit-key-dialog";
import { RollKeyDialog } from "./roll-key-dialog";
import { CreateKeyDialog } from "./create-key-dialog";
import { RevealKeyDialog } from "./reveal-key-dialog";
import { RevokeKeyDialog } from "./revoke-key-dialog";

/** What the table shows: the listing's filters and sort, as they appear in the URL. */
export type KeysView = Pick<Partial<ListApiKeysQuery>, "environment" | "status" | "q"> &
  Pick<ListApiKeysQuery, "sort"> & { order: SortOrder };

/** The keys table with its toolbar, paging and dialogs. The server filters, sorts and pages. */
export function ApiKeysView({
  project,
  rows,
  total,
  totalIsCapped,
  nextCursor,
  prevCursor,
  view,
  canWrite,
  keyPrefix,
  scopeCatalog,
  policy,
  sparklines,
}: {
  project: { id: string; name: string };
  rows: ApiKeyRow[];
  total: number;
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
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [secret, setSecret] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyRow | null>(null);
  const [rolling, setRolling] = useState<ApiKeyRow | null>(null);
  const [editing, setEditing] = useState<ApiKeyRow | null>(null);
  const [bulkTargets, setBulkTargets] = useState<ApiKeyRow[] | null>(null);
  /** Selected keys, by id, across pages (a selection made from the whole filter included). */
  const [selected, setSelected] = useState<Map<string, ApiKeyRow>>(new Map());
  const [selectingAll, setSelectingAll] = useState(false);
  const revokeTrigger = useRef<HTMLElement | null>(null);
  const tableHeading = useRef<HTMLHeadingElement>(null);

  const href = (changes: Partial<KeysView> & { cursor?: string | null }) => {
    const next = { ...view, ...changes };
    const params = new URLSearchParams({ project: project.id });
    if (next.environment) params.set("environment", next.environment);
    if (next.status) params.set("status", next.status);
    if (next.q) params.set("q", next.q);
    if (next.sort !== DEFAULT_SORT || next.order !== DEFAULT_SORT_ORDER[DEFAULT_SORT]) {
      params.set("sort", next.sort);
      params.set("order", next.order);
    }
    if (changes.cursor) params.set("cursor", changes.cursor);
    return `${pathname}?${params.toString()}`;
  };

  const remember = () => {
    revokeTrigger.current = document.activeElement as HTMLElement | null;
  };
  /**
   * A row dialog returns focus to the button that opened it. The table redraws its rows while a
   * dialog is open (a refresh, a new sparkline), so the button may be a new element by then: it
   * is found again by its label (`Edit <name>`), and the table's heading takes focus only when
   * the row has no such button any more (a revoked key).
   */
  const returnFocus = () => {
    const trigger = revokeTrigger.current;
    if (trigger?.isConnected) return trigger;
    const label = trigger?.getAttribute("aria-label");
    const again = label ? document.querySelector<HTMLElement>(`main button[aria-label="${CSS.escape(label)}"]`) : null;
    return again ?? tableHeading.current;
  };
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

  const columns = apiKeyColumns({
    canRevoke: canWrite,
    projectId: project.id,
    sparkline: (id) => sparklines[id],
    onRevoke: (row) => {
      remember();
      setRevoking(row);
    },
    onRoll: (row) => {
      remember();
      setRolling(row);
    },
    onEdit: (row) => {
      remember();
      setEditing(row);
    },
    selection,
    onAcknowledgeLeak: canWrite
      ? async (row) => {
          const result = await acknowledgeLeakAction(project.id, row.id).catch(() => null);
          if (result?.ok) {
            toast.success(`The leak report on “${row.name}” was acknowledged.`);
            router.refresh();
          } else {
            toast.error(result?.error.message ?? "The leak report could not be acknowledged. Try again.");
          }
        }
      : null,
    sort: { sort: view.sort, order: view.order, hrefFor: (sort, order) => href({ sort, order }) },
  });

  const filtered = Boolean(view.environment || view.status || view.q);
  const search = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const q = String(new FormData(event.currentTarget).get("q") ?? "").trim();
    router.push(href({ q: q || undefined }));
  };

  const create = canWrite ? (
    <CreateKeyDialog
      projectId={project.id}
      projectName={project.name}
      keyPrefix={keyPrefix}
      scopeCatalog={scopeCatalog}
      policy={policy}
      onCreated={({ key }) => {
        setSecret(key);
        router.refresh();
      }}
    />
  ) : null;

  return (
    <section aria-labelledby="keys-heading" className="space-y-4">
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
        <form onSubmit={search} className="flex min-w-56 flex-1 gap-2">
          <label className="sr-only" htmlFor="key-search">
            Search by name
          </label>
          <Input id="key-search" name="q" type="search" defaultValue={view.q ?? ""} placeholder="Search by name" key={view.q ?? ""} />
          <Button type="submit" variant="secondary" aria-label="Search">
            <Search className="h-4 w-4" aria-hidden />
          </Button>
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
      </div>

      {canWrite && (selected.size > 0 || rows.some(isSelectable)) ? (
        <div className="flex flex-wrap items-center gap-3 text-sm" aria-label="Selection" role="group">
          <span aria-live="polite" className="text-fg-muted">
            {selected.size === 0 ? "No keys selected" : `${formatCount(selected.size)} selected`}
          </span>
          <Button variant="secondary" size="sm" onClick={selectAllMatching} disabled={selectingAll}>
            {selectingAll ? "Selecting…" : filtered ? "Select all matching keys" : "Select all keys"}
          </Button>
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

      <DataTable
        caption={`API keys of ${project.name}`}
        columns={columns}
        data={rows}
        getRowId={(row) => row.id}
        pinnedColumn="actions"
        sortState={(id) =>
          id === SORT_COLUMN[view.sort] ? (view.order === "asc" ? "ascending" : "descending") : undefined
        }
        empty={
          <div className="flex flex-col items-center gap-3 py-10 text-center">
            <KeyRound className="h-8 w-8 text-fg-muted" aria-hidden />
            {filtered ? (
              <>
                <p className="font-medium">No keys match these filters.</p>
                <Link className="text-sm text-accent underline" href={href({ environment: undefined, status: undefined, q: undefined })}>
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

      <nav aria-label="Pagination" className="flex items-center justify-between gap-2 text-sm">
        <p className="text-fg-muted" aria-live="polite">
          {total === 0 ? "No keys" : `${formatCount(total)}${totalIsCapped ? "+" : ""} key${total === 1 ? "" : "s"}`}
        </p>
        <div className="flex gap-2">
          <PageLink label="Previous" href={prevCursor ? href({ cursor: prevCursor }) : null} />
          <PageLink label="Next" href={nextCursor ? href({ cursor: nextCursor }) : null} />
        </div>
      </nav>

      <RevealKeyDialog
        secret={secret}
        onClose={() => setSecret(null)}
        returnFocusTo={() => document.querySelector<HTMLElement>("main button:not([disabled])")}
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
