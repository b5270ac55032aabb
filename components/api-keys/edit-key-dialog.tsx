"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import type { ActionResult } from "@/lib/schemas/action-result";
import { KEY_NAME_MAX } from "@/lib/schemas/keys/domain";
import { editApiKeyFormSchema, type ApiKeyRow, type EditApiKeyForm } from "@/lib/schemas/keys/forms";
import type { ScopeEntry } from "@/lib/schemas/policy";
import { exactTime } from "./format";
import { ProtectionFields, ScopeChecklist } from "./key-fields";

export type EditKeyAction = (projectId: string, keyId: string, form: EditApiKeyForm) => Promise<ActionResult<{ row: ApiKeyRow }>>;

type FieldErrors = Record<string, string[] | undefined>;

/** The Edit API Key dialog: validated with the shared schema here and again on the server. */
export function EditKeyDialog({
  target,
  projectId,
  scopeCatalog,
  action,
  onDone,
  returnFocusTo,
}: {
  target: ApiKeyRow | null;
  projectId: string;
  scopeCatalog: ScopeEntry[];
  action: EditKeyAction;
  onDone: (result: { row: ApiKeyRow } | null) => void;
  returnFocusTo?: () => HTMLElement | null;
}) {
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const formErrorRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (formError) formErrorRef.current?.scrollIntoView({ block: "nearest" });
  }, [formError]);

  const first = (name: string) => errors[name]?.[0];
  const firstUnder = (name: string) => Object.entries(errors).find(([field]) => field.startsWith(`${name}.`))?.[1]?.[0];

  function close() {
    setErrors({});
    setFormError(null);
    onDone(null);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!target || pending) return;
    const data = new FormData(event.currentTarget);
    const form: EditApiKeyForm = {
      name: String(data.get("name") ?? ""),
      description: String(data.get("description") ?? ""),
      scopes: data.getAll("scopes").map(String),
      expiresOn: String(data.get("expiresOn") ?? ""),
      rateLimit: String(data.get("rateLimit") ?? ""),
      rateLimitWindow: String(data.get("rateLimitWindow") ?? "60") as EditApiKeyForm["rateLimitWindow"],
      allowedIps: String(data.get("allowedIps") ?? ""),
    };
    const local = editApiKeyFormSchema.safeParse(form);
    if (!local.success) {
      const next: FieldErrors = {};
      for (const issue of local.error.issues) (next[String(issue.path[0])] ??= []).push(issue.message);
      setErrors(next);
      setFormError(null);
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());
      return;
    }
    setPending(true);
    setErrors({});
    setFormError(null);
    try {
      const result = await action(projectId, target.id, form);
      if (result.ok) onDone({ row: result.data.row });
      else {
        setErrors(result.fieldErrors);
        setFormError(result.error.message);
      }
    } catch {
      setFormError("The key could not be saved. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog open={target !== null} onOpenChange={(open) => (open ? undefined : close())}>
      {target ? (
        <DialogContent title="Edit API Key" description={`Change “${target.name}”. Every instance sees the change at once.`} returnFocusTo={returnFocusTo}>
          <form ref={formRef} onSubmit={submit} noValidate className="space-y-5">
            {formError ? (
              <p ref={formErrorRef} role="alert" className="rounded-md border border-danger/40 bg-danger/10 px-3 py-2 text-sm text-danger">
                {formError}
              </p>
            ) : null}
            <Field label="Key Name" error={first("name")}>
              {(props) => <Input {...props} name="name" autoComplete="off" maxLength={KEY_NAME_MAX + 20} defaultValue={target.name} autoFocus />}
            </Field>
            <Field label="Description (optional)" error={first("description")}>
              {(props) => <Textarea {...props} name="description" rows={2} defaultValue={target.description ?? ""} />}
            </Field>
            <Field
              label="Expire earlier (optional)"
              hint={
                target.expiresAt
                  ? `Now expires ${exactTime(target.expiresAt)}. An edit can only bring it earlier; to extend a key's life, roll it.`
                  : "Now never expires. Choose a date to make it expire; an edit can never extend a lifetime."
              }
              error={first("expiresOn") ?? first("expires_at")}
            >
              {(props) => <Input {...props} type="date" name="expiresOn" />}
            </Field>
            <ScopeChecklist catalog={scopeCatalog} selected={target.scopes} error={first("scopes") ?? firstUnder("scopes")} />
            <ProtectionFields error={first} initial={{ rateLimit: target.rateLimit, allowedIps: target.allowedIps }} />
            <div className="flex justify-end gap-2 pt-2">
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
              <Button type="submit" disabled={pending} aria-disabled={pending}>
                {pending ? "Saving…" : "Save changes"}
              </Button>
            </div>
          </form>
        </DialogContent>
      ) : null}
    </Dialog>
  );
}
