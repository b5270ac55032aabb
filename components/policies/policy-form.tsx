"use client";

import { Plus, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { saveWorkspacePolicyAction } from "@/app/(dashboard)/settings/policies/actions";
import { FormErrorBanner } from "@/components/forms/action-dialog";
import { CheckboxChoices, RadioChoices } from "@/components/forms/choice-list";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Field, Fieldset } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { ENVIRONMENTS } from "@/lib/schemas/keys/domain";
import { ENVIRONMENT_LABEL } from "@/lib/schemas/keys/labels";
import {
  LEAK_RESPONSES,
  LEAK_RESPONSE_LABEL,
  RECOVERABLE_KEYS,
  RECOVERABLE_KEYS_EFFECT,
  RECOVERABLE_KEYS_LABEL,
  RECOVERABLE_KEYS_TRADE_OFF,
  SINGLE_ACTIVE_KEY_LABEL,
  SINGLE_ACTIVE_KEY_MODES,
  workspacePolicyBodySchema,
  type WorkspacePolicyDto,
} from "@/lib/schemas/policy";

/** The Policies form: the REST API's body, edited in place; read-only for members. The keys that break it are listed below it (<PolicyViolations/>). */
export function PolicyForm({ initial, canWrite }: { initial: WorkspacePolicyDto; canWrite: boolean }) {
  const router = useRouter();
  const [policy, setPolicy] = useState(initial);
  const [lifetimes, setLifetimes] = useState({
    live: initial.max_lifetime_days.live?.toString() ?? "",
    test: initial.max_lifetime_days.test?.toString() ?? "",
  });
  const save = useActionForm(saveWorkspacePolicyAction, {
    schema: workspacePolicyBodySchema,
    invalidMessage: "Check the highlighted fields.",
    failureMessage: "The policy could not be saved. Check your connection and try again.",
    onSuccess: (saved) => {
      setPolicy(saved);
      toast.success(
        saved.violations.length === 0 ? "The policy was saved." : `The policy was saved. ${saved.violations.length} key(s) break it: see the list below.`,
      );
      router.refresh();
    },
  });
  const first = save.fieldError;

  function body() {
    const days = (text: string) => (text.trim() === "" ? null : Number(text));
    const { violations: _violations, ...rest } = policy;
    return { ...rest, max_lifetime_days: { live: days(lifetimes.live), test: days(lifetimes.test) } };
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (canWrite) save.submit(body());
  }

  const setScope = (index: number, field: "name" | "description", value: string) =>
    setPolicy((p) => ({ ...p, scopes: p.scopes.map((s, i) => (i === index ? { ...s, [field]: value } : s)) }));

  return (
    <form onSubmit={submit} noValidate className="space-y-8">
      {!canWrite ? (
        <p className="rounded-md border border-border bg-muted px-3 py-2 text-sm text-fg-muted">
          You can read this workspace&apos;s policies. Only admins can change them.
        </p>
      ) : null}
      <FormErrorBanner error={save.error} />
      <fieldset disabled={!canWrite} className="space-y-8">
        <section className="space-y-3 rounded-lg border border-border bg-surface p-5">
          <RadioChoices
            legend="Single active key"
            name="single_active_key"
            description="Default keys do not count. While it is on, a roll's grace period is the only time two keys may be active."
            value={policy.single_active_key}
            onChange={(mode) => setPolicy((p) => ({ ...p, single_active_key: mode }))}
            error={first("single_active_key")}
            choices={SINGLE_ACTIVE_KEY_MODES.map((mode) => ({ value: mode, label: SINGLE_ACTIVE_KEY_LABEL[mode] }))}
          />
        </section>

        <section className="grid gap-6 rounded-lg border border-border bg-surface p-5 sm:grid-cols-2">
          <CheckboxChoices
            legend="Require an expiry"
            values={ENVIRONMENTS.filter((environment) => policy.require_expiry[environment])}
            onChange={(required) =>
              setPolicy((p) => ({ ...p, require_expiry: { live: required.includes("live"), test: required.includes("test") } }))
            }
            choices={ENVIRONMENTS.map((environment) => ({ value: environment, label: `${ENVIRONMENT_LABEL[environment]} keys must expire` }))}
          />
          <div className="space-y-3">
            {ENVIRONMENTS.map((environment) => (
              <Field
                key={environment}
                label={`Longest lifetime of ${ENVIRONMENT_LABEL[environment]} keys (days)`}
                hint="Empty: no limit."
                error={first(`max_lifetime_days.${environment}`)}
              >
                {(props) => (
                  <Input
                    {...props}
                    inputMode="numeric"
                    value={lifetimes[environment]}
                    onChange={(e) => setLifetimes((l) => ({ ...l, [environment]: e.target.value }))}
                    placeholder="No limit"
                  />
                )}
              </Field>
            ))}
          </div>
        </section>

        <section className="space-y-3 rounded-lg border border-border bg-surface p-5">
          <Fieldset legend="Scopes" error={first("scopes")}>
            <p className="text-xs text-fg-muted">The scopes keys may be given. The Create and Edit dialogs offer these; the API refuses others.</p>
            <ul className="space-y-2">
              {policy.scopes.map((scope, index) => (
                <li key={index} className="grid items-start gap-2 sm:grid-cols-[14rem_1fr_auto]">
                  <Field label={<span className="sr-only">Scope {index + 1} name</span>} error={first(`scopes.${index}.name`)}>
                    {(props) => (
                      <Input {...props} value={scope.name} onChange={(e) => setScope(index, "name", e.target.value)} placeholder="flags:read" className="font-mono" />
                    )}
                  </Field>
                  <Field label={<span className="sr-only">Scope {index + 1} description</span>} error={first(`scopes.${index}.description`)}>
                    {(props) => (
                      <Input {...props} value={scope.description} onChange={(e) => setScope(index, "description", e.target.value)} placeholder="What it allows" />
                    )}
                  </Field>
                  {canWrite ? (
                    <Button
                      variant="ghost"
                      size="icon"
                      aria-label={`Remove the scope ${scope.name || index + 1}`}
                      onClick={() => setPolicy((p) => ({ ...p, scopes: p.scopes.filter((_, i) => i !== index) }))}
                    >
                      <X className="h-4 w-4" aria-hidden />
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
            {canWrite ? (
              <Button variant="secondary" size="sm" onClick={() => setPolicy((p) => ({ ...p, scopes: [...p.scopes, { name: "", description: "" }] }))}>
                <Plus className="h-4 w-4" aria-hidden />
                Add scope
              </Button>
            ) : null}
          </Fieldset>
        </section>

        <section className="space-y-3 rounded-lg border border-border bg-surface p-5">
          <RadioChoices
            legend="When a secret scanner reports a key leaked"
            name="leak_response"
            value={policy.leak_response}
            onChange={(response) => setPolicy((p) => ({ ...p, leak_response: response }))}
            error={first("leak_response")}
            choices={LEAK_RESPONSES.map((response) => ({ value: response, label: LEAK_RESPONSE_LABEL[response] }))}
          />
        </section>

        <section className="space-y-3 rounded-lg border border-border bg-surface p-5">
          <RadioChoices
            legend="Recoverable keys"
            name="recoverable_keys"
            description={RECOVERABLE_KEYS_TRADE_OFF}
            value={policy.recoverable_keys}
            onChange={(value) => setPolicy((p) => ({ ...p, recoverable_keys: value }))}
            error={first("recoverable_keys")}
            choices={RECOVERABLE_KEYS.map((value) => ({ value, label: RECOVERABLE_KEYS_LABEL[value], hint: RECOVERABLE_KEYS_EFFECT[value] }))}
          />
          {policy.recoverable_keys !== initial.recoverable_keys ? (
            <p role="status" className="text-sm text-warning">
              When you save: {RECOVERABLE_KEYS_EFFECT[policy.recoverable_keys]}
            </p>
          ) : null}
        </section>
      </fieldset>

      {canWrite ? (
        <div className="flex justify-end">
          <Button type="submit" disabled={save.pending}>
            {save.pending ? "Saving…" : "Save policies"}
          </Button>
        </div>
      ) : null}
    </form>
  );
}
