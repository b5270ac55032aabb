"use client";

import { Plus } from "lucide-react";
import { useState } from "react";
import { createApiKeyAction, type CreatedKey } from "@/app/(dashboard)/settings/api-keys/actions";
import { ActionDialog } from "@/components/forms/action-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Field, Fieldset } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { DEFAULT_ENVIRONMENT, ENVIRONMENTS, KEY_NAME_MAX } from "@/lib/schemas/keys/domain";
import { createApiKeyFormSchema, type CreateApiKeyForm } from "@/lib/schemas/keys/forms";
import { ENVIRONMENT_LABEL, EXPIRATION_CHOICES } from "@/lib/schemas/keys/labels";
import type { ScopeEntry } from "@/lib/schemas/policy";
import { ProtectionFields, ScopeChecklist, protectionOf } from "./key-fields";

const RADIO = "h-4 w-4 accent-[var(--accent)]";

function readForm(data: FormData): CreateApiKeyForm {
  return {
    name: String(data.get("name") ?? ""),
    environment: String(data.get("environment") ?? "") as CreateApiKeyForm["environment"],
    description: String(data.get("description") ?? ""),
    expiration: String(data.get("expiration") ?? "") as CreateApiKeyForm["expiration"],
    expiresOn: String(data.get("expiresOn") ?? ""),
    scope: String(data.get("scope") ?? "") as CreateApiKeyForm["scope"],
    scopes: data.getAll("scopes").map(String),
    ...protectionOf(data),
  };
}

/** The Create API Key dialog: validated with the shared schema here and again on the server. */
export function CreateKeyDialog({
  projectId,
  projectName,
  keyPrefix,
  scopeCatalog,
  onCreated,
  triggerLabel = "Create Key",
}: {
  projectId: string;
  projectName: string;
  /** This deployment's key prefix (`fp` unless configured), shown beside each environment. */
  keyPrefix: string;
  /** The workspace's scopes, offered as checkboxes. */
  scopeCatalog: ScopeEntry[];
  onCreated: (created: CreatedKey) => void;
  triggerLabel?: string;
}) {
  const [open, setOpen] = useState(false);
  const [expiration, setExpiration] = useState("never");
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

  return (
    <ActionDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) return;
        create.reset();
        setExpiration("never");
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
      <Field label="Key Name" hint="For example Production API Key or server_prod." error={error("name")}>
        {(props) => <Input {...props} name="name" autoComplete="off" maxLength={KEY_NAME_MAX + 20} autoFocus />}
      </Field>
      <Fieldset legend="Environment" error={error("environment")}>
        <div className="flex flex-wrap gap-4">
          {ENVIRONMENTS.map((environment) => (
            <label key={environment} className="flex items-center gap-2 text-sm">
              <input type="radio" name="environment" value={environment} defaultChecked={environment === DEFAULT_ENVIRONMENT} className={RADIO} />
              {ENVIRONMENT_LABEL[environment]} <span className="text-fg-muted">({keyPrefix}_{environment}_)</span>
            </label>
          ))}
        </div>
      </Fieldset>
      <Field label="Description (optional)" hint="Who uses this key." error={error("description")}>
        {(props) => <Textarea {...props} name="description" rows={2} />}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Expiration" error={error("expiration") ?? error("expires_at")}>
          {(props) => (
            <Select {...props} name="expiration" value={expiration} onChange={(e) => setExpiration(e.target.value)}>
              {EXPIRATION_CHOICES.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {expiration === "custom" ? (
          <Field label="Expires on" error={error("expiresOn")}>
            {(props) => <Input {...props} type="date" name="expiresOn" />}
          </Field>
        ) : null}
      </div>
      <Fieldset legend="Projects" error={error("scope")}>
        <div className="flex flex-wrap gap-4">
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="scope" value="project" defaultChecked className={RADIO} />
            This project
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="scope" value="workspace" className={RADIO} />
            All projects in the workspace
          </label>
        </div>
      </Fieldset>
      <ScopeChecklist catalog={scopeCatalog} error={error("scopes") ?? create.fieldErrorUnder("scopes")} />
      <ProtectionFields error={error} />
    </ActionDialog>
  );
}
