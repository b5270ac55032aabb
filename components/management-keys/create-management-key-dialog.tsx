"use client";

import { useState } from "react";
import { createManagementKeyAction } from "@/app/(dashboard)/settings/management-keys/actions";
import { ActionDialog } from "@/components/forms/action-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Field, Fieldset } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { PERMISSIONS, PERMISSION_CATALOGUE, READ_ONLY_PERMISSIONS, sortPermissions, type Permission } from "@/lib/auth/permissions";
import {
  MANAGEMENT_KEY_NAME_MAX,
  createManagementKeyFormSchema,
  type CreateManagementKeyForm,
  type CreatedManagementKeyDto,
} from "@/lib/schemas/management-keys";

const PRESETS: { label: string; permissions: readonly Permission[] }[] = [
  { label: "Read only", permissions: READ_ONLY_PERMISSIONS },
  { label: "Full access", permissions: PERMISSIONS },
];

/** The Create management key dialog: a name, permissions grouped by resource (or a preset), an optional expiry. */
export function CreateManagementKeyDialog({ open, onDone }: { open: boolean; onDone: (created: CreatedManagementKeyDto | null) => void }) {
  const [name, setName] = useState("");
  const [permissions, setPermissions] = useState<Permission[]>([]);
  const [expiresOn, setExpiresOn] = useState("");
  const create = useActionForm((input: CreateManagementKeyForm) => createManagementKeyAction(input), {
    schema: createManagementKeyFormSchema,
    invalidMessage: "Check the highlighted fields.",
    failureMessage: "The key could not be created. Check your connection and try again.",
    onSuccess: (created) => {
      reset();
      onDone(created);
    },
  });
  function reset() {
    setName("");
    setPermissions([]);
    setExpiresOn("");
    create.reset();
  }
  const choose = (next: readonly Permission[]) => {
    setPermissions(sortPermissions(next));
    create.clearFieldError("permissions");
  };

  return (
    <ActionDialog
      open={open}
      onOpenChange={(next) => {
        if (next) return;
        reset();
        onDone(null);
      }}
      title="Create management key"
      description="A key for scripts, CI and tools. It can do only what you allow here."
      onSubmit={() => create.submit({ name, permissions, expiresOn })}
      focusInvalidAfter={create.refusal}
      confirmLabel="Create key"
      pendingLabel="Creating…"
      pending={create.pending}
      error={create.error}
    >
      <Field label="Name" hint="What uses it, e.g. “GitHub Actions deploy”." error={create.fieldError("name")}>
        {(props) => (
          <Input
            {...props}
            autoComplete="off"
            maxLength={MANAGEMENT_KEY_NAME_MAX}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              create.clearFieldError("name");
            }}
            autoFocus
          />
        )}
      </Field>
      <Fieldset legend="Permissions" error={create.fieldError("permissions") ?? create.fieldErrorUnder("permissions")}>
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-xs text-fg-muted">Presets:</span>
          {PRESETS.map((preset) => (
            <Button key={preset.label} type="button" variant="secondary" size="sm" onClick={() => choose(preset.permissions)}>
              {preset.label}
            </Button>
          ))}
          <Button type="button" variant="ghost" size="sm" onClick={() => choose([])}>
            Clear
          </Button>
        </div>
        <div className="grid max-h-[45vh] gap-3 overflow-y-auto pr-1 sm:grid-cols-2">
          {PERMISSION_CATALOGUE.map((group) => (
            <fieldset key={group.resource} className="space-y-1.5 rounded-md border border-border p-2.5">
              <legend className="px-1 text-xs font-semibold text-fg">{group.resource}</legend>
              {group.permissions.map((permission) => (
                <label key={permission.name} className="flex items-start gap-2 text-sm">
                  <input
                    type="checkbox"
                    className="mt-0.5 h-4 w-4 shrink-0 accent-[var(--accent)]"
                    checked={permissions.includes(permission.name)}
                    onChange={(e) =>
                      choose(e.target.checked ? [...permissions, permission.name] : permissions.filter((p) => p !== permission.name))
                    }
                  />
                  <span>
                    <span className="font-mono text-xs">{permission.name}</span>
                    <span className="block text-xs text-fg-muted">{permission.description}</span>
                  </span>
                </label>
              ))}
            </fieldset>
          ))}
        </div>
      </Fieldset>
      <Field label="Expires on (optional)" hint="Empty: the key never expires. It stops working at the end of that day (UTC)." error={create.fieldError("expiresOn")}>
        {(props) => (
          <Input
            {...props}
            type="date"
            value={expiresOn}
            onChange={(e) => {
              setExpiresOn(e.target.value);
              create.clearFieldError("expiresOn");
            }}
          />
        )}
      </Field>
    </ActionDialog>
  );
}
