"use client";

import { Plus } from "lucide-react";
import { useState } from "react";
import { createApiKeyAction, type CreatedKey } from "@/app/(dashboard)/settings/api-keys/actions";
import { ActionDialog } from "@/components/forms/action-dialog";
import { RadioChoices } from "@/components/forms/choice-list";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { DEFAULT_ENVIRONMENT, ENVIRONMENTS, KEY_NAME_MAX, type Environment } from "@/lib/schemas/keys/domain";
import { createApiKeyFormSchema, type CreateApiKeyForm } from "@/lib/schemas/keys/forms";
import { ENVIRONMENT_LABEL } from "@/lib/schemas/keys/labels";
import type { ScopeEntry } from "@/lib/schemas/policy";
import {
  allowedExpirationChoices,
  expiryRule,
  expiryRuleSentence,
  lastDateBefore,
  latestExpiry,
  todayDate,
  type KeyPolicy,
} from "@/lib/schemas/policy-rules";
import { IdentityPicker } from "./identity-picker";
import { KeyCreditFields, creditsOf } from "./key-credit-fields";
import { NameInUseNotice, ProtectionFields, ScopeChecklist, protectionOf, useNameInUse } from "./key-fields";

type Expiration = CreateApiKeyForm["expiration"];
type ProjectScope = CreateApiKeyForm["scope"];

function readForm(data: FormData): CreateApiKeyForm {
  return {
    name: String(data.get("name") ?? ""),
    environment: String(data.get("environment") ?? "") as CreateApiKeyForm["environment"],
    description: String(data.get("description") ?? ""),
    expiration: String(data.get("expiration") ?? "") as Expiration,
    expiresOn: String(data.get("expiresOn") ?? ""),
    scope: String(data.get("scope") ?? "") as ProjectScope,
    scopes: data.getAll("scopes").map(String),
    ...protectionOf(data),
    ...creditsOf(data),
  };
}

/** The expiry the dialog starts with for `environment`: the first the policy allows. */
const firstAllowed = (policy: KeyPolicy | undefined, environment: Environment): Expiration =>
  allowedExpirationChoices(expiryRule(policy, environment))[0]!.value;

/**
 * The Create API Key dialog: validated with the shared schema here and again on the server.
 * With the workspace's `policy`, it offers only the expiries the chosen environment allows,
 * starts on the first of them, and says the rule beside the field.
 */
export function CreateKeyDialog({
  projectId,
  projectName,
  keyPrefix,
  scopeCatalog,
  policy,
  onCreated,
  triggerLabel = "Create Key",
}: {
  projectId: string;
  projectName: string;
  /** This deployment's key prefix (`fp` unless configured), shown beside each environment. */
  keyPrefix: string;
  /** The workspace's scopes, offered as checkboxes. */
  scopeCatalog: ScopeEntry[];
  /** The workspace's expiry rules (none: every expiry is offered). */
  policy?: KeyPolicy;
  onCreated: (created: CreatedKey) => void;
  triggerLabel?: string;
}) {
  const [open, setOpen] = useState(false);
  const [environment, setEnvironment] = useState<Environment>(DEFAULT_ENVIRONMENT);
  const [expiration, setExpiration] = useState<Expiration>(() => firstAllowed(policy, DEFAULT_ENVIRONMENT));
  const [projectScope, setProjectScope] = useState<ProjectScope>("project");
  const [name, setName] = useState("");
  const nameInUse = useNameInUse(projectId, name, { skip: !open });
  // One submission id per opening: a double submit replays the first result instead of
  // creating a second key.
  const create = useActionForm((form: CreateApiKeyForm, { submissionId }) => createApiKeyAction(projectId, submissionId, form), {
    schema: createApiKeyFormSchema,
    failureMessage: "The key could not be created. Check your connection and try again.",
    onSuccess: (created) => {
      setOpen(false);
      onCreated(created);
    },
  });
  const error = create.fieldError;

  const rule = expiryRule(policy, environment);
  const choices = allowedExpirationChoices(rule);
  const latest = latestExpiry(rule, new Date());
  const lastDate = latest ? lastDateBefore(latest) : undefined;

  function chooseEnvironment(next: Environment) {
    setEnvironment(next);
    // The choice stays when the new environment allows it; otherwise the first one it allows.
    const allowed = allowedExpirationChoices(expiryRule(policy, next));
    if (!allowed.some((choice) => choice.value === expiration)) setExpiration(allowed[0]!.value);
    create.clearFieldError("expires_at");
  }

  return (
    <ActionDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) return;
        create.reset();
        setEnvironment(DEFAULT_ENVIRONMENT);
        setExpiration(firstAllowed(policy, DEFAULT_ENVIRONMENT));
        setProjectScope("project");
        setName("");
      }}
      trigger={
        <Button>
          <Plus className="h-4 w-4" aria-hidden />
          {triggerLabel}
        </Button>
      }
      title="Create API Key"
      description={`A new key for ${projectName}. You will see it once.`}
      onSubmit={(data) => create.submit(readForm(data))}
      focusInvalidAfter={create.refusal}
      confirmLabel="Create key"
      pendingLabel="Creating…"
      pending={create.pending}
      error={create.error}
    >
      <div className="space-y-1.5">
        <Field label="Key Name" hint="For example Production API Key or server_prod." error={error("name")}>
          {(props) => (
            <Input {...props} name="name" autoComplete="off" maxLength={KEY_NAME_MAX + 20} autoFocus onChange={(e) => setName(e.target.value)} />
          )}
        </Field>
        <NameInUseNotice name={nameInUse} />
      </div>
      <RadioChoices
        legend="Environment"
        name="environment"
        description="Production keys are for production apps; use Staging keys everywhere else."
        layout="row"
        value={environment}
        onChange={chooseEnvironment}
        error={error("environment")}
        choices={ENVIRONMENTS.map((env) => ({
          value: env,
          label: (
            <>
              {ENVIRONMENT_LABEL[env]} <span className="text-fg-muted">({keyPrefix}_{env}_)</span>
            </>
          ),
        }))}
      />
      <Field label="Description (optional)" hint="Who uses this key." error={error("description")}>
        {(props) => <Textarea {...props} name="description" rows={2} />}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Expiration"
          hint={<span aria-live="polite">{expiryRuleSentence(environment, rule)}</span>}
          error={error("expiration") ?? error("expires_at")}
        >
          {(props) => (
            <Select {...props} name="expiration" value={expiration} onChange={(e) => setExpiration(e.target.value as Expiration)}>
              {choices.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {expiration === "custom" ? (
          <Field label="Expires on" hint={lastDate ? `On or before ${lastDate}.` : undefined} error={error("expiresOn")}>
            {(props) => <Input {...props} type="date" name="expiresOn" min={todayDate()} max={lastDate} defaultValue={lastDate} key={lastDate} />}
          </Field>
        ) : null}
      </div>
      <RadioChoices
        legend="Projects"
        name="scope"
        layout="row"
        value={projectScope}
        onChange={setProjectScope}
        error={error("scope")}
        choices={[
          { value: "project", label: "This project" },
          { value: "workspace", label: "All projects in the workspace" },
        ]}
      />
      <ScopeChecklist catalog={scopeCatalog} error={error("scopes") ?? create.fieldErrorUnder("scopes")} />
      <ProtectionFields error={error} />
      <IdentityPicker error={error("identityId") ?? error("identity_id")} />
      <KeyCreditFields error={error} clearError={create.clearFieldError} />
    </ActionDialog>
  );
}
