"use client";

import { useState } from "react";
import { changeIdentityCreditsAction } from "@/app/(dashboard)/settings/identities/actions";
import { ActionDialog } from "@/components/forms/action-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { CREDIT_REASON_MAX, creditChangeBodySchema } from "@/lib/schemas/identities";

type CreditChangeForm = { op: "add" | "set"; amount: number; reason: string };

const COPY = {
  add: { title: "Add credits", description: "Adds to the balance. Written to the ledger with you, the time and the reason.", confirm: "Add credits" },
  set: { title: "Set credits", description: "Replaces the balance (an unlimited balance becomes limited). Written to the ledger.", confirm: "Set balance" },
} as const;

/** The Add credits and Set credits dialogs of an identity: an amount and an optional reason. */
export function ChangeCreditsDialog({ identityId, op, onDone }: { identityId: string; op: "add" | "set" | null; onDone: (changed: boolean) => void }) {
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const change = useActionForm((input: CreditChangeForm, { submissionId }) => changeIdentityCreditsAction(identityId, input, submissionId), {
    schema: creditChangeBodySchema,
    invalidMessage: "Check the highlighted fields.",
    failureMessage: "The balance could not be changed. Check your connection and try again.",
    onSuccess: () => {
      reset();
      onDone(true);
    },
  });
  function reset() {
    setAmount("");
    setReason("");
    change.reset();
  }
  const copy = COPY[op ?? "add"];

  return (
    <ActionDialog
      open={op !== null}
      onOpenChange={(next) => {
        if (next) return;
        reset();
        onDone(false);
      }}
      title={copy.title}
      description={copy.description}
      onSubmit={() => op && change.submit({ op, amount: amount.trim() === "" ? Number.NaN : Number(amount), reason })}
      focusInvalidAfter={change.refusal}
      confirmLabel={copy.confirm}
      pendingLabel="Saving…"
      pending={change.pending}
      error={change.error}
    >
      <Field label="Amount" hint={op === "set" ? "The new balance." : "Credits to add."} error={change.fieldError("amount")}>
        {(props) => (
          <Input
            {...props}
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            value={amount}
            onChange={(e) => {
              setAmount(e.target.value);
              change.clearFieldError("amount");
            }}
            autoFocus
          />
        )}
      </Field>
      <Field label="Reason (optional)" hint="Shown in the ledger, e.g. “Bought 10,000 credits”." error={change.fieldError("reason")}>
        {(props) => (
          <Input
            {...props}
            autoComplete="off"
            maxLength={CREDIT_REASON_MAX}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              change.clearFieldError("reason");
            }}
          />
        )}
      </Field>
    </ActionDialog>
  );
}
