"use client";

import { useState } from "react";
import { updateIdentityCreditsAction } from "@/app/(dashboard)/settings/identities/actions";
import { formatCount } from "@/components/api-keys/format";
import { ActionDialog } from "@/components/forms/action-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { updateIdentityBodySchema, type CreditsDto, type RefillInterval } from "@/lib/schemas/identities";
import { REFILL_HINT, RefillIntervalOptions } from "@/components/identities/refill-choices";

type RefillForm = {
  credits: {
    refill: { amount: number; interval: RefillInterval; day_of_month?: number } | null;
    low_threshold: number | null;
  };
};

const whole = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));

/**
 * The Edit refill dialog: how the balance refills and when to warn. The balance itself is not
 * sent: the server keeps it as it is when the edit is written, so what verifications spend
 * while the dialog is open stays spent (Add and Set change the balance, in the ledger).
 */
export function EditRefillDialog({ identityId, credits, open, onDone }: { identityId: string; credits: NonNullable<CreditsDto>; open: boolean; onDone: (saved: boolean) => void }) {
  const [interval, setInterval] = useState<RefillInterval | "none">(credits.refill?.interval ?? "none");
  const [amount, setAmount] = useState(credits.refill ? String(credits.refill.amount) : "");
  const [day, setDay] = useState(String(credits.refill?.day_of_month ?? 1));
  const [low, setLow] = useState(credits.low_threshold === null ? "" : String(credits.low_threshold));
  const save = useActionForm((input: RefillForm) => updateIdentityCreditsAction(identityId, input), {
    schema: updateIdentityBodySchema,
    invalidMessage: "Check the highlighted fields.",
    failureMessage: "The credits could not be saved. Check your connection and try again.",
    onSuccess: () => {
      save.reset();
      onDone(true);
    },
  });
  const toForm = (): RefillForm => ({
    credits: {
      refill: interval === "none" ? null : { amount: whole(amount), interval, ...(interval === "monthly" ? { day_of_month: whole(day) } : {}) },
      low_threshold: low.trim() === "" ? null : whole(low),
    },
  });

  return (
    <ActionDialog
      open={open}
      onOpenChange={(next) => {
        if (next) return;
        save.reset();
        onDone(false);
      }}
      title="Edit refill"
      description="How the balance refills, and when a low-balance webhook is sent."
      onSubmit={() => save.submit(toForm())}
      focusInvalidAfter={save.refusal}
      confirmLabel="Save"
      pendingLabel="Saving…"
      pending={save.pending}
      error={save.error}
    >
      <p className="text-sm text-fg-muted">
        The balance stays as it is (now {formatCount(credits.remaining)}): change it with Add or Set.
      </p>
      <Field label="Refill" hint={REFILL_HINT} error={save.fieldError("credits.refill.interval")}>
        {(props) => (
          <Select {...props} value={interval} onChange={(e) => {
              save.clearFieldError("credits.refill.interval");
              setInterval(e.target.value as RefillInterval | "none");
            }}>
            <RefillIntervalOptions />
          </Select>
        )}
      </Field>
      {interval !== "none" ? (
        <Field label="Refill amount" error={save.fieldError("credits.refill.amount")}>
          {(props) => <Input {...props} type="number" inputMode="numeric" min={0} step={1} value={amount} onChange={(e) => {
                save.clearFieldError("credits.refill.amount");
                setAmount(e.target.value);
              }} />}
        </Field>
      ) : null}
      {interval === "monthly" ? (
        <Field label="Day of the month" hint="1 to 31; in shorter months, the last day." error={save.fieldError("credits.refill.day_of_month")}>
          {(props) => <Input {...props} type="number" inputMode="numeric" min={1} max={31} step={1} value={day} onChange={(e) => {
                save.clearFieldError("credits.refill.day_of_month");
                setDay(e.target.value);
              }} />}
        </Field>
      ) : null}
      <Field label="Low-balance alert below (optional)" hint="Empty: no alert." error={save.fieldError("credits.low_threshold")}>
        {(props) => <Input {...props} type="number" inputMode="numeric" min={0} step={1} value={low} onChange={(e) => {
                save.clearFieldError("credits.low_threshold");
                setLow(e.target.value);
              }} />}
      </Field>
    </ActionDialog>
  );
}
