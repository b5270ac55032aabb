"use client";

import { useState } from "react";
import { updateApiKeyAction } from "@/app/(dashboard)/settings/api-keys/actions";
import { ActionDialog } from "@/components/forms/action-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";
import { KEY_NAME_MAX } from "@/lib/schemas/keys/domain";
import { editApiKeyFormSchema, type ApiKeyRow, type EditApiKeyForm } from "@/lib/schemas/keys/forms";
import type { ScopeEntry } from "@/lib/schemas/policy";
import { expiryRule, expiryRuleSentence, followsExpiryRule, lastDateBefore, latestExpiry, todayDate, type KeyPolicy } from "@/lib/schemas/policy-rules";
import { exactTime } from "./format";
import type { KeyDialogProps } from "./key-dialog";
import { IdentityPicker } from "./identity-picker";
import { KeyCreditFields, creditsOf } from "./key-credit-fields";
import { NameInUseNotice, ProtectionFields, ScopeChecklist, protectionOf, useNameInUse } from "./key-fields";

function readForm(data: FormData): EditApiKeyForm {
  return {
    name: String(data.get("name") ?? ""),
    description: String(data.get("description") ?? ""),
    scopes: data.getAll("scopes").map(String),
    expiresOn: String(data.get("expiresOn") ?? ""),
    ...protectionOf(data),
    ...creditsOf(data),
  };
}

/**
 * The Edit API Key dialog: validated with the shared schema here and again on the server.
 * With the workspace's `policy`, a key that breaks its expiry rule must be given an allowed
 * expiry to be saved (the server checks the rule on every edit), and the dialog says so.
 */
export function EditKeyDialog({
  target,
  projectId,
  scopeCatalog,
  policy,
  onDone,
  returnFocusTo,
}: KeyDialogProps<{ row: ApiKeyRow }> & { scopeCatalog: ScopeEntry[]; policy?: KeyPolicy }) {
  const [name, setName] = useState<string | null>(null);
  const edit = useActionForm(({ keyId, form }: { keyId: string; form: EditApiKeyForm }) => updateApiKeyAction(projectId, keyId, form), {
    schema: editApiKeyFormSchema,
    schemaInput: ({ form }) => form,
    failureMessage: "The key could not be saved. Check your connection and try again.",
    onSuccess: (result) => {
      setName(null);
      onDone(result);
    },
  });
  const error = edit.fieldError;
  // Only a new name is checked: the key's own name is its own.
  const renamed = target !== null && name !== null && name.trim() !== target.name.trim();
  const nameInUse = useNameInUse(projectId, name ?? "", { exceptKeyId: target?.id, skip: !renamed });

  return (
    <ActionDialog
      open={target !== null}
      onOpenChange={(open) => {
        if (open) return;
        edit.reset();
        setName(null);
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
          <div className="space-y-1.5">
            <Field label="Key Name" error={error("name")}>
              {(props) => (
                <Input
                  {...props}
                  name="name"
                  autoComplete="off"
                  maxLength={KEY_NAME_MAX + 20}
                  defaultValue={target.name}
                  autoFocus
                  onChange={(e) => setName(e.target.value)}
                />
              )}
            </Field>
            <NameInUseNotice name={nameInUse} />
          </div>
          <Field label="Description (optional)" error={error("description")}>
            {(props) => <Textarea {...props} name="description" rows={2} defaultValue={target.description ?? ""} />}
          </Field>
          <ExpiryField target={target} policy={policy} error={error("expiresOn") ?? error("expires_at")} />
          <ScopeChecklist catalog={scopeCatalog} selected={target.scopes} error={error("scopes") ?? edit.fieldErrorUnder("scopes")} />
          <ProtectionFields error={error} initial={{ rateLimit: target.rateLimit, allowedIps: target.allowedIps }} />
          <IdentityPicker initialId={target.identityId} error={error("identityId") ?? error("identity_id")} />
          <KeyCreditFields initial={target.credits} error={error} clearError={edit.clearFieldError} />
        </>
      ) : null}
    </ActionDialog>
  );
}

/**
 * The expiry an edit may set. An edit only brings a key's expiry earlier, and a roll copies
 * it, so neither makes a key live longer: that takes a new key. Under an expiry rule the
 * latest date offered is the rule's, counted from the key's creation.
 */
function ExpiryField({ target, policy, error }: { target: ApiKeyRow; policy: KeyPolicy | undefined; error: string | undefined }) {
  const rule = expiryRule(policy, target.environment);
  const createdAt = new Date(target.createdAt);
  const expiresAt = target.expiresAt ? new Date(target.expiresAt) : null;
  const limits = [expiresAt, latestExpiry(rule, createdAt)].filter((d): d is Date => d !== null);
  const limit = limits.length === 0 ? null : new Date(Math.min(...limits.map((d) => d.getTime())));
  const lastDate = limit ? lastDateBefore(limit) : undefined;
  const today = todayDate();
  const now = expiresAt ? `Now expires ${exactTime(target.expiresAt!)}.` : "Now never expires.";
  const tooOld = lastDate !== undefined && lastDate < today;

  if (!followsExpiryRule(rule, { expiresAt, createdAt })) {
    const sentence = expiryRuleSentence(target.environment, rule);
    if (tooOld) {
      return (
        <Notice tone="warning" data-testid="edit-policy">
          {sentence} {now} This key is too old to meet that rule, so it cannot be saved; a roll would copy its expiry. Create a new key
          instead, then revoke this one.
        </Notice>
      );
    }
    return (
      <Field label="Expires on" hint={`${sentence} ${now} Choose a date on or before ${lastDate ?? "the rule's limit"} to save this key.`} error={error}>
        {(props) => <Input {...props} type="date" name="expiresOn" min={today} max={lastDate} defaultValue={lastDate} />}
      </Field>
    );
  }
  return (
    <Field
      label="Expire earlier (optional)"
      hint={
        expiresAt
          ? `${now} An edit can only bring it earlier, and a roll keeps it: for a longer life, create a new key.`
          : `${now} Choose a date to make it expire; an edit can never make it live longer afterwards.`
      }
      error={error}
    >
      {(props) => <Input {...props} type="date" name="expiresOn" min={today} max={tooOld ? undefined : lastDate} />}
    </Field>
  );
}
