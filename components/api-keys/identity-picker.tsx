"use client";

import { Search } from "lucide-react";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { identityChoicesAction } from "@/app/(dashboard)/settings/api-keys/actions";
import { Fieldset } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { EXTERNAL_ID_MAX, type IdentityChoice } from "@/lib/schemas/identities";

/** The pause in typing after which the picker searches. */
const SEARCH_DELAY_MS = 250;

type Found = { q: string; items: IdentityChoice[] };

/**
 * The identity a key belongs to (`identityId` in the form; empty: none), chosen from a
 * searchable list of radios. A workspace may have thousands of identities, so the server is
 * asked for a few at a time: the newest, or those whose external id or name contains what is
 * typed. The chosen one stays in the list whatever the search shows.
 */
export function IdentityPicker({ initialId = null, error }: { initialId?: string | null; error: string | undefined }) {
  const id = useId();
  const [query, setQuery] = useState("");
  const [chosen, setChosen] = useState(initialId ?? "");
  const [named, setNamed] = useState<IdentityChoice | null>(null);
  const [found, setFound] = useState<Found | null>(null);
  const [failed, setFailed] = useState(false);
  // The first search (the newest identities) goes at once; later ones after a pause in typing.
  const searched = useRef(false);
  const wanted = query.trim();

  useEffect(() => {
    let live = true;
    const timer = setTimeout(
      () => {
        searched.current = true;
        identityChoicesAction(wanted, initialId)
          .then((result) => {
            if (!live) return;
            if (!result.ok) return setFailed(true);
            setFailed(false);
            setFound({ q: wanted, items: result.data.items });
            if (result.data.included) setNamed((current) => current ?? result.data.included);
          })
          .catch(() => live && setFailed(true));
      },
      searched.current ? SEARCH_DELAY_MS : 0,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [wanted, initialId]);

  const items = found?.items ?? [];
  const chosenChoice = chosen ? (items.find((item) => item.id === chosen) ?? (named?.id === chosen ? named : null)) : null;
  const shown = chosenChoice && !items.some((item) => item.id === chosen) ? [chosenChoice, ...items] : items;

  function choose(choice: IdentityChoice | null) {
    setChosen(choice?.id ?? "");
    if (choice) setNamed(choice);
  }

  const status = failed
    ? "The identities could not be loaded. Check your connection and type again."
    : found === null || found.q !== wanted
      ? "Searching…"
      : found.items.length === 0
        ? found.q
          ? `No identity matches “${found.q}”.`
          : "This workspace has no identities yet: create them under Settings → Identities."
        : found.q
          ? `${found.items.length} ${found.items.length === 1 ? "identity matches" : "identities match"} “${found.q}”.`
          : "The newest identities. Search to find others.";

  return (
    <Fieldset legend="Identity" error={error}>
      <p className="text-xs text-fg-muted">The customer this key belongs to: the identity&apos;s credits and rate limit apply to it too.</p>
      <div className="relative">
        <label htmlFor={`${id}-search`} className="sr-only">
          Search identities
        </label>
        <Search className="pointer-events-none absolute top-1/2 left-2.5 h-4 w-4 -translate-y-1/2 text-fg-muted" aria-hidden />
        <Input
          id={`${id}-search`}
          type="search"
          value={query}
          maxLength={EXTERNAL_ID_MAX}
          onChange={(e) => setQuery(e.target.value)}
          // Enter searches as typing does; it must not submit the dialog.
          onKeyDown={(e) => e.key === "Enter" && e.preventDefault()}
          placeholder="External id or name"
          autoComplete="off"
          aria-describedby={`${id}-status`}
          className="pl-8"
        />
      </div>
      <p id={`${id}-status`} role="status" className="text-xs text-fg-muted">
        {status}
      </p>
      <div className="max-h-48 space-y-1 overflow-y-auto rounded-md border border-border p-2" data-testid="identity-choices">
        <Choice label={<span>No identity</span>} value="" checked={chosen === ""} onChoose={() => choose(null)} />
        {shown.map((item) => (
          <Choice
            key={item.id}
            value={item.id}
            checked={chosen === item.id}
            onChoose={() => choose(item)}
            label={
              <span className="min-w-0">
                <span className="font-mono text-xs break-all">{item.externalId}</span>
                {item.name ? <span className="block text-xs break-words text-fg-muted">{item.name}</span> : null}
              </span>
            }
          />
        ))}
        {chosen && !chosenChoice ? (
          // The key's identity, before its name has arrived: still chosen, still sent.
          <Choice value={chosen} checked onChoose={() => undefined} label={<span className="text-fg-muted">The key&apos;s identity</span>} />
        ) : null}
      </div>
    </Fieldset>
  );
}

function Choice({ value, checked, onChoose, label }: { value: string; checked: boolean; onChoose: () => void; label: ReactNode }) {
  return (
    <label className="flex items-start gap-2 rounded px-1 py-0.5 text-sm hover:bg-muted">
      <input type="radio" name="identityId" value={value} checked={checked} onChange={onChoose} className="mt-0.5 h-4 w-4 shrink-0 accent-[var(--accent)]" />
      {label}
    </label>
  );
}
