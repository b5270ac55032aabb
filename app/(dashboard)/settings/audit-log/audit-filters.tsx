"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useId, useRef, useState, useTransition } from "react";
import { Input, Select } from "@/components/ui/input";
import { containsKey } from "@/lib/keys/shape";
import { AUDIT_ACTIONS, AUDIT_ACTION_LABEL, AUDIT_DATE_HINT, type AuditPageFilterName } from "@/lib/schemas/audit";

type TextFilter = "for_key" | "from" | "to" | "request_id";

/** How long typing pauses before the log follows it. */
const DEBOUNCE_MS = 350;

const WHOLE_KEY = "That is a whole key, which is a secret: enter its name or its start (the first characters the table shows).";

/**
 * The Audit log's filters. The URL is the source of truth: a choice applies at once, typing
 * applies when it pauses, and the server reads the URL (and says beside a field what it could
 * not read).
 */
export function AuditFilters({
  values,
  errors,
  actors,
}: {
  values: Partial<Record<AuditPageFilterName, string>>;
  errors: Partial<Record<AuditPageFilterName, string>>;
  actors: { id: string; name: string }[];
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [text, setText] = useState<Record<TextFilter, string>>({
    for_key: values.for_key ?? "",
    from: values.from ?? "",
    to: values.to ?? "",
    request_id: values.request_id ?? "",
  });
  const [choice, setChoice] = useState({ action: values.action ?? "", actor: values.actor ?? "" });
  const [localErrors, setLocalErrors] = useState<Partial<Record<TextFilter, string>>>({});
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const id = useId();

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((timer) => clearTimeout(timer));
  }, []);

  // The filters asked for last: while a change is on its way to the URL, the next one builds on
  // it rather than on the URL it is replacing.
  const latest = useRef<string | null>(null);
  useEffect(() => {
    if (!pending) latest.current = null;
  }, [pending, params]);

  const apply = (changes: Partial<Record<AuditPageFilterName | "key_id", string | undefined>>) => {
    // The URL as it is now (a pause in typing runs this from an earlier render).
    const next = new URLSearchParams(latest.current ?? window.location.search);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    // A new filter starts from the newest events.
    next.delete("cursor");
    const query = next.toString();
    latest.current = query;
    startTransition(() => router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false }));
  };

  const type = (name: TextFilter, value: string) => {
    setText((current) => ({ ...current, [name]: value }));
    clearTimeout(timers.current.get(name));
    // A whole key never goes into the URL (nor the server's log).
    if (name === "for_key" && containsKey(value)) {
      setLocalErrors((current) => ({ ...current, for_key: WHOLE_KEY }));
      return;
    }
    setLocalErrors((current) => ({ ...current, [name]: undefined }));
    timers.current.set(
      name,
      setTimeout(() => apply({ [name]: value.trim() || undefined, ...(name === "for_key" ? { key_id: undefined } : {}) }), DEBOUNCE_MS),
    );
  };

  const clear = () => {
    timers.current.forEach((timer) => clearTimeout(timer));
    setText({ for_key: "", from: "", to: "", request_id: "" });
    setChoice({ action: "", actor: "" });
    latest.current = "";
    setLocalErrors({});
    startTransition(() => router.replace(pathname, { scroll: false }));
  };

  const errorOf = (name: AuditPageFilterName) => (name in localErrors ? localErrors[name as TextFilter] : undefined) ?? errors[name];
  const fieldProps = (name: AuditPageFilterName) => {
    const error = errorOf(name);
    return {
      id: `${id}-${name}`,
      "aria-invalid": error ? true : undefined,
      "aria-describedby": error ? `${id}-${name}-error` : undefined,
    };
  };
  const note = (name: AuditPageFilterName) => {
    const error = errorOf(name);
    if (!error) return null;
    return (
      <p id={`${id}-${name}-error`} className="text-xs text-danger">
        {error === AUDIT_DATE_HINT ? (
          // The examples kept whole: a narrow column would break them at their hyphens.
          <>
            Enter a date like <span className="whitespace-nowrap">2026-12-01</span> or{" "}
            <span className="whitespace-nowrap">2026-12-01 14:30</span> (UTC).
          </>
        ) : (
          error
        )}
      </p>
    );
  };
  const hasFilters = Object.values(text).some(Boolean) || Boolean(choice.action || choice.actor || params.get("key_id"));

  return (
    <div role="search" aria-label="Filter the audit log" aria-busy={pending} className="space-y-2">
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-3 xl:grid-cols-6">
        <div className="space-y-1 text-sm">
          <label htmlFor={`${id}-action`} className="text-fg-muted">
            Action
          </label>
          <Select
            {...fieldProps("action")}
            value={choice.action}
            onChange={(e) => {
              setChoice((current) => ({ ...current, action: e.target.value }));
              apply({ action: e.target.value || undefined });
            }}
          >
            <option value="">All actions</option>
            {AUDIT_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {AUDIT_ACTION_LABEL[action]}
              </option>
            ))}
          </Select>
          {note("action")}
        </div>
        <div className="space-y-1 text-sm">
          <label htmlFor={`${id}-actor`} className="text-fg-muted">
            Actor
          </label>
          <Select
            {...fieldProps("actor")}
            value={choice.actor}
            onChange={(e) => {
              setChoice((current) => ({ ...current, actor: e.target.value }));
              apply({ actor: e.target.value || undefined });
            }}
          >
            <option value="">Everyone</option>
            {actors.map((actor) => (
              <option key={actor.id} value={actor.id}>
                {actor.name}
              </option>
            ))}
          </Select>
          {note("actor")}
        </div>
        <div className="col-span-2 space-y-1 text-sm sm:col-span-1">
          <label htmlFor={`${id}-for_key`} className="text-fg-muted">
            Key
          </label>
          <Input
            {...fieldProps("for_key")}
            type="search"
            value={text.for_key}
            onChange={(e) => type("for_key", e.target.value)}
            placeholder="A name or a start"
            autoComplete="off"
            spellCheck={false}
          />
          {note("for_key")}
        </div>
        <div className="space-y-1 text-sm">
          <label htmlFor={`${id}-from`} className="text-fg-muted">
            From (UTC)
          </label>
          <Input
            {...fieldProps("from")}
            value={text.from}
            onChange={(e) => type("from", e.target.value)}
            placeholder="2026-12-01"
            autoComplete="off"
            inputMode="numeric"
          />
          {note("from")}
        </div>
        <div className="space-y-1 text-sm">
          <label htmlFor={`${id}-to`} className="text-fg-muted">
            To (UTC)
          </label>
          <Input
            {...fieldProps("to")}
            value={text.to}
            onChange={(e) => type("to", e.target.value)}
            placeholder="2026-12-01 14:30"
            autoComplete="off"
            inputMode="numeric"
          />
          {note("to")}
        </div>
        <div className="col-span-2 space-y-1 text-sm sm:col-span-1">
          <label htmlFor={`${id}-request_id`} className="text-fg-muted">
            Request id
          </label>
          <Input
            {...fieldProps("request_id")}
            value={text.request_id}
            onChange={(e) => type("request_id", e.target.value)}
            placeholder="req_…"
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
          />
          {note("request_id")}
        </div>
      </div>
      <div className="flex min-h-6 items-center gap-3 text-sm">
        {hasFilters ? (
          <button type="button" onClick={clear} className="text-accent underline">
            Clear filters
          </button>
        ) : null}
        <span role="status" className="text-fg-muted">
          {pending ? "Updating…" : ""}
        </span>
      </div>
    </div>
  );
}
