"use client";

import { updateApiKeyAction } from "@/app/(dashboard)/settings/api-keys/actions";
import { ActionDialog } from "@/components/forms/action-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { KEY_NAME_MAX } from "@/lib/schemas/keys/domain";
import { editApiKeyFormSchema, type ApiKeyRow, type EditApiKeyForm } from "@/lib/schemas/keys/forms";
import type { ScopeEntry } from "@/lib/schemas/policy";
import { exactTime } from "./format";
import type { KeyDialogProps } from "./key-dialog";
import { ProtectionFields, ScopeChecklist, protectionOf } from "./key-fields";

function readForm(data: FormData): EditApiKeyForm {
  return {
    name: String(data.get("name") ?? ""),
    description: String(data.get("description") ?? ""),
    scopes: data.getAll("scopes").map(String),
    expiresOn: String(data.get("expiresOn") ?? ""),
    ...protectionOf(data),
  };
}

/** The Edit API Key dialog: validated with the shared schema here and again on the server. */
export function EditKeyDialog({
  target,
  projectId,
  scopeCatalog,
  onDone,
  returnFocusTo,
}: KeyDialogProps<{ row: ApiKeyRow }> & { scopeCatalog: ScopeEntry[] }) {
  const edit = useActionForm(({ keyId, form }: { keyId: string; form: EditApiKeyForm }) => updateApiKeyAction(projectId, keyId, form), {
    schema: editApiKeyFormSchema,
    schemaInput: ({ form }) => form,
    failureMessage: "The key could not be saved. Check your connection and try again.",
    onSuccess: onDone,
  });
  const error = edit.fieldError;

  return (
    <ActionDialog
      open={target !== null}
      onOpenChange={(open) => {
        if (open) return;
        edit.reset();
        onDone(null);
      }}
      title="Edit API Key"
      description={target && `Change “${target.name}”. Every instance sees the change at once.`}
      returnFocusTo={returnFocusTo}
      onSubmit={(data) => target && edit.submit({ keyId: target.id, form: readForm(data) })}
      focusInvalidAfter={edit.refusal?.from === "client" ? edit.refusal : null}
      confirmLabel="Save changes"
      pendingLabel="Saving…"
      pending={edit.pending}
      error={edit.error}
    >
      {target ? (
        <>
          <Field label="Key Name" error={error("name")}>
            {(props) => <Input {...props} name="name" autoComplete="off" maxLength={KEY_NAME_MAX + 20} defaultValue={target.name} autoFocus />}
          </Field>
          <Field label="Description (optional)" error={error("description")}>
            {(props) => <Textarea {...props} name="description" rows={2} defaultValue={target.description ?? ""} />}
          </Field>
          <Field
            label="Expire earlier (optional)"
            hint={
              target.expiresAt
                ? `Now expires ${exactTime(target.expiresAt)}. An edit can only bring it earlier; to extend a key's life, roll it.`
                : "Now never expires. Choose a date to make it expire; an edit can never extend a lifetime."
            }
            error={error("expiresOn") ?? error("expires_at")}
          >
            {(props) => <Input {...props} type="date" name="expiresOn" />}
          </Field>
          <ScopeChecklist catalog={scopeCatalog} selected={target.scopes} error={error("scopes") ?? edit.fieldErrorUnder("scopes")} />
          <ProtectionFields error={error} initial={{ rateLimit: target.rateLimit, allowedIps: target.allowedIps }} />
        </>
      ) : null}
    </ActionDialog>
  );
}
