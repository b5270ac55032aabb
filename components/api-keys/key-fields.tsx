"use client";

import { useEffect, useState } from "react";
import { keyNameInUseAction } from "@/app/(dashboard)/settings/api-keys/actions";
import { Field, Fieldset } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { ALLOWED_IPS_MAX, type KeyRateLimit } from "@/lib/schemas/keys/domain";
import { allowlistEntries, type EditApiKeyForm } from "@/lib/schemas/keys/forms";
import { RATE_LIMIT_WINDOWS } from "@/lib/schemas/keys/labels";
import type { ScopeEntry } from "@/lib/schemas/policy";

// Fields the Create and Edit dialogs share: the workspace's scopes, and a key's protections.

type ErrorOf = (name: string) => string | undefined;

type Protection = Pick<EditApiKeyForm, "rateLimit" | "rateLimitWindow" | "allowedIps">;

/** What <ProtectionFields/> put in the form, as the Create and Edit schemas read it. */
export function protectionOf(data: FormData): Protection {
  return {
    rateLimit: String(data.get("rateLimit") ?? ""),
    rateLimitWindow: String(data.get("rateLimitWindow") ?? "60") as Protection["rateLimitWindow"],
    allowedIps: String(data.get("allowedIps") ?? ""),
  };
}

/** The workspace's scope catalogue as checkboxes (`scopes` in the form). */
export function ScopeChecklist({ catalog, selected = [], error }: { catalog: ScopeEntry[]; selected?: string[]; error: string | undefined }) {
  // Scopes a key already has that the catalogue no longer lists stay visible, so an edit keeps them.
  const extra = selected.filter((name) => !catalog.some((s) => s.name === name)).map((name) => ({ name, description: "Not in the workspace's catalogue" }));
  const entries = [...catalog, ...extra];
  return (
    <Fieldset legend="Scopes" error={error}>
      <p className="text-xs text-fg-muted">Leave all unchecked for full access.</p>
      {entries.length === 0 ? <p className="text-sm text-fg-muted">This workspace lists no scopes.</p> : null}
      <div className="grid gap-2 sm:grid-cols-2">
        {entries.map((scope) => (
          <label key={scope.name} className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              name="scopes"
              value={scope.name}
              defaultChecked={selected.includes(scope.name)}
              className="mt-0.5 h-4 w-4 accent-[var(--accent)]"
            />
            <span>
              {scope.description || scope.name} <code className="text-xs text-fg-muted">{scope.name}</code>
            </span>
          </label>
        ))}
      </div>
    </Fieldset>
  );
}

/** Rate limit and IP allowlist (`rateLimit`, `rateLimitWindow`, `allowedIps` in the form). */
export function ProtectionFields({
  error,
  initial,
}: {
  error: ErrorOf;
  initial?: { rateLimit: KeyRateLimit | null; allowedIps: string[] };
}) {
  const [allowlist, setAllowlist] = useState(initial?.allowedIps.join("\n") ?? "");
  return (
    <Fieldset legend="Protection (optional)">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Rate limit" hint="Verifications allowed, on every instance together. Empty: no limit." error={error("rateLimit")}>
          {(props) => (
            <Input
              {...props}
              name="rateLimit"
              inputMode="numeric"
              placeholder="e.g. 1000"
              autoComplete="off"
              defaultValue={initial?.rateLimit ? String(initial.rateLimit.limit) : ""}
            />
          )}
        </Field>
        <Field label="Per" error={error("rateLimitWindow")}>
          {(props) => (
            <Select {...props} name="rateLimitWindow" defaultValue={initial?.rateLimit ? String(initial.rateLimit.windowS) : "60"}>
              {RATE_LIMIT_WINDOWS.map((w) => (
                <option key={w.value} value={w.value}>
                  {w.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <Field
        label="Allowed IP addresses"
        hint={`One address or CIDR range per line, IPv4 or IPv6 (${allowlistEntries(allowlist).length} of ${ALLOWED_IPS_MAX}). Empty: any address.`}
        error={error("allowedIps") ?? error("allowed_ips")}
      >
        {(props) => (
          <Textarea
            {...props}
            name="allowedIps"
            rows={3}
            value={allowlist}
            onChange={(e) => setAllowlist(e.target.value)}
            placeholder={"203.0.113.0/24\n2001:db8::/32"}
            spellCheck={false}
            className="font-mono text-xs"
          />
        )}
      </Field>
    </Fieldset>
  );
}

/**
 * Whether `name` is already used by another active key of the project, checked on the server
 * after a pause in typing (`skip` for a name that needs no check, such as the key's own).
 */
export function useNameInUse(projectId: string, name: string, options: { exceptKeyId?: string; skip?: boolean } = {}): string | null {
  const { exceptKeyId, skip = false } = options;
  const [answer, setAnswer] = useState<{ name: string; inUse: boolean } | null>(null);
  const wanted = name.trim();
  useEffect(() => {
    if (skip || wanted === "") return;
    let live = true;
    const timer = setTimeout(() => {
      keyNameInUseAction(projectId, wanted, exceptKeyId)
        .then((result) => live && setAnswer({ name: wanted, inUse: result.ok && result.data.inUse }))
        .catch(() => undefined);
    }, NAME_CHECK_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [projectId, wanted, exceptKeyId, skip]);
  // An answer about an earlier spelling says nothing about this one.
  return !skip && answer?.inUse && answer.name === wanted ? wanted : null;
}

const NAME_CHECK_DELAY_MS = 400;

/** The polite warning under a name field: shown, never blocking. The live region is always there, so it is announced. */
export function NameInUseNotice({ name }: { name: string | null }) {
  return (
    <p aria-live="polite" className="text-xs text-warning" data-testid="name-in-use">
      {name ? `Another active key of this project is already called “${name}”. You can still use the name; a distinct one is easier to tell apart.` : ""}
    </p>
  );
}
