"use client";

import { Plus } from "lucide-react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { Field, Fieldset } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import type { ScopeEntry } from "@/lib/schemas/policy";
import { ProtectionFields, ScopeChecklist } from "./key-fields";
import type { ActionResult } from "@/lib/schemas/action-result";
import { DEFAULT_ENVIRONMENT, ENVIRONMENTS, KEY_NAME_MAX } from "@/lib/schemas/keys/domain";
import { createApiKeyFormSchema, type ApiKeyRow, type CreateApiKeyForm } from "@/lib/schemas/keys/forms";
import { ENVIRONMENT_LABEL, EXPIRATION_CHOICES } from "@/lib/schemas/keys/labels";

type FieldErrors = Record<string, string[] | undefined>;
export type CreateKeyAction = (
  projectId: string,
  submissionId: string,
  form: CreateApiKeyForm,
) => Promise<ActionResult<{ key: string; row: ApiKeyRow }>>;

const RADIO = "h-4 w-4 accent-[var(--accent)]";

/** The Create API Key dialog: validated with the shared schema here and again on the server. */
export function CreateKeyDialog({
  projectId,
  projectName,
  keyPrefix,
  scopeCatalog,
  action,
  onCreated,
  triggerLabel = "Create Key",
}: {
  projectId: string;
  projectName: string;
  /** This deployment's key prefix (`fp` unless configured), shown beside each environment. */
  keyPrefix: string;
  /** The workspace's scopes, offered as checkboxes. */
  scopeCatalog: ScopeEntry[];
  action: CreateKeyAction;
  onCreated: (created: { key: string; row: ApiKeyRow }) => void;
  triggerLabel?: string;
}) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [expiration, setExpiration] = useState("never");
  const submissionId = useRef("");
  const formRef = useRef<HTMLFormElement>(null);
  const formErrorRef = useRef<HTMLParagraphElement>(null);

  function reset(nextOpen: boolean) {
    setOpen(nextOpen);
    if (nextOpen) {
      submissionId.current = crypto.randomUUID();
      setErrors({});
      setFormError(null);
      setExpiration("never");
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const data = new FormData(event.currentTarget);
    const form: CreateApiKeyForm = {
      name: String(data.get("name") ?? ""),
      environment: String(data.get("environment") ?? "") as CreateApiKeyForm["environment"],
      description: String(data.get("description") ?? ""),
      expiration: String(data.get("expiration") ?? "") as CreateApiKeyForm["expiration"],
      expiresOn: String(data.get("expiresOn") ?? ""),
      scope: String(data.get("scope") ?? "") as CreateApiKeyForm["scope"],
      scopes: data.getAll("scopes").map(String),
      rateLimit: String(data.get("rateLimit") ?? ""),
      rateLimitWindow: String(data.get("rateLimitWindow") ?? "60") as CreateApiKeyForm["rateLimitWindow"],
      allowedIps: String(data.get("allowedIps") ?? ""),
    };
    const local = createApiKeyFormSchema.safeParse(form);
    if (!local.success) {
      const next: FieldErrors = {};
      for (const issue of local.error.issues) (next[String(issue.path[0])] ??= []).push(issue.message);
      setErrors(next);
      setFormError(null);
      focusFirstInvalid();
      return;
    }
    setPending(true);
    setErrors({});
    setFormError(null);
    try {
      const result = await action(projectId, submissionId.current, form);
      if (result.ok) {
        setOpen(false);
        onCreated(result.data);
      } else {
        setErrors(result.fieldErrors);
        setFormError(result.error.message);
        focusFirstInvalid();
      }
    } catch {
      setFormError("The key could not be created. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  function focusFirstInvalid() {
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());
  }

  // A message about the whole form sits above it, perhaps scrolled out of the dialog's view.
  useEffect(() => {
    if (formError) formErrorRef.current?.scrollIntoView({ block: "nearest" });
  }, [formError]);

  const first = (name: string) => errors[name]?.[0];
  /** The first error at `name` or under it (`scopes.2`), as the server locates them. */
  const firstUnder = (name: string) => Object.entries(errors).find(([field]) => field.startsWith(`${name}.`))?.[1]?.[0];

  return (
    <Dialog open={open} onOpenChange={reset}>
      <DialogTrigger asChild>
        <Button>
          <Plus className="h-4 w-4" aria-hidden />
          {triggerLabel}
        </Button>
      </DialogTrigger>
      <DialogContent title="Create API Key" description={`A new key for ${projectName}. You will see it once.`}>
        <form ref={formRef} onSubmit={submit} noValidate className="space-y-5">
          {formError ? (
            <p ref={formErrorRef} role="alert" className="rounded-md border border-danger/40 bg-danger/10 px-3 py-2 text-sm text-danger">
              {formError}
            </p>
          ) : null}
          <Field label="Key Name" hint="For example Production API Key or server_prod." error={first("name")}>
            {(props) => <Input {...props} name="name" autoComplete="off" maxLength={KEY_NAME_MAX + 20} autoFocus />}
          </Field>
          <Fieldset legend="Environment" error={first("environment")}>
            <div className="flex flex-wrap gap-4">
              {ENVIRONMENTS.map((environment) => (
                <label key={environment} className="flex items-center gap-2 text-sm">
                  <input
                    type="radio"
                    name="environment"
                    value={environment}
                    defaultChecked={environment === DEFAULT_ENVIRONMENT}
                    className={RADIO}
                  />
                  {ENVIRONMENT_LABEL[environment]} <span className="text-fg-muted">({keyPrefix}_{environment}_)</span>
                </label>
              ))}
            </div>
          </Fieldset>
          <Field label="Description (optional)" hint="Who uses this key." error={first("description")}>
            {(props) => <Textarea {...props} name="description" rows={2} />}
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Expiration" error={first("expiration") ?? first("expires_at")}>
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
              <Field label="Expires on" error={first("expiresOn")}>
                {(props) => <Input {...props} type="date" name="expiresOn" />}
              </Field>
            ) : null}
          </div>
          <Fieldset legend="Projects" error={first("scope")}>
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
          <ScopeChecklist catalog={scopeCatalog} error={first("scopes") ?? firstUnder("scopes")} />
          <ProtectionFields error={first} />
          <div className="flex justify-end gap-2 pt-2">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" disabled={pending} aria-disabled={pending}>
              {pending ? "Creating…" : "Create key"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
