"use client";

import { useState } from "react";
import { createIdentityAction } from "@/app/(dashboard)/settings/identities/actions";
import { ActionDialog } from "@/components/forms/action-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { EXTERNAL_ID_MAX, IDENTITY_NAME_MAX, createIdentityBodySchema, type IdentityDto } from "@/lib/schemas/identities";

type CreateIdentityForm = { external_id: string; name?: string; credits?: { remaining: number } };

/** The form's fields as the API's body: an empty name or balance is left out (no name, unlimited). */
function toBody(externalId: string, name: string, credits: string): CreateIdentityForm {
  return {
    external_id: externalId,
    ...(name.trim() ? { name } : {}),
    ...(credits.trim() ? { credits: { remaining: Number(credits) } } : {}),
  };
}

/** The New identity dialog: an external id, a name, and optional starting credits. */
export function CreateIdentityDialog({ open, onDone }: { open: boolean; onDone: (created: IdentityDto | null) => void }) {
  const [externalId, setExternalId] = useState("");
  const [name, setName] = useState("");
  const [credits, setCredits] = useState("");
  const create = useActionForm((input: CreateIdentityForm, { submissionId }) => createIdentityAction(input, submissionId), {
    schema: createIdentityBodySchema,
    invalidMessage: "Check the highlighted fields.",
    failureMessage: "The identity could not be created. Check your connection and try again.",
    onSuccess: (created) => {
      reset();
      onDone(created);
    },
  });
  function reset() {
    setExternalId("");
    setName("");
    setCredits("");
    create.reset();
  }

  return (
    <ActionDialog
      open={open}
      onOpenChange={(next) => {
        if (next) return;
        reset();
        onDone(null);
      }}
      title="New identity"
      description="A customer of your product. Its keys share its credits and rate limit."
      onSubmit={() => create.submit(toBody(externalId, name, credits))}
      focusInvalidAfter={create.refusal}
      confirmLabel="Create identity"
      pendingLabel="Creating…"
      pending={create.pending}
      error={create.error}
    >
      <Field label="External id" hint="Your own id for the customer, e.g. a user or organization id." error={create.fieldError("external_id")}>
        {(props) => (
          <Input
            {...props}
            autoComplete="off"
            maxLength={EXTERNAL_ID_MAX}
            value={externalId}
            onChange={(e) => {
              setExternalId(e.target.value);
              create.clearFieldError("external_id");
            }}
            autoFocus
          />
        )}
      </Field>
      <Field label="Name (optional)" error={create.fieldError("name")}>
        {(props) => (
          <Input
            {...props}
            autoComplete="off"
            maxLength={IDENTITY_NAME_MAX}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              create.clearFieldError("name");
            }}
          />
        )}
      </Field>
      <Field label="Starting credits (optional)" hint="Empty: unlimited." error={create.fieldError("credits.remaining") ?? create.fieldErrorUnder("credits")}>
        {(props) => (
          <Input
            {...props}
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            value={credits}
            onChange={(e) => {
              setCredits(e.target.value);
              create.clearFieldError("credits.remaining");
            }}
          />
        )}
      </Field>
    </ActionDialog>
  );
}
