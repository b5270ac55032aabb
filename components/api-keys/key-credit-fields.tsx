"use client";

import { useState } from "react";
import { RadioChoices } from "@/components/forms/choice-list";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import type { CreditsDto, RefillInterval } from "@/lib/schemas/identities";
import type { EditApiKeyForm } from "@/lib/schemas/keys/forms";
import { formatCount } from "./format";
import { REFILL_HINT, RefillIntervalOptions } from "@/components/identities/refill-choices";

type ErrorOf = (name: string) => string | undefined;

type CreditsForm = Pick<EditApiKeyForm, "identityId" | "creditsMode" | "balance" | "creditsRemaining" | "refillInterval" | "refillAmount" | "refillDay" | "lowThreshold">;

/** What <IdentityPicker/> and <KeyCreditFields/> put in the form, as the Create and Edit schemas read it. */
export function creditsOf(data: FormData): CreditsForm {
  const text = (name: string) => String(data.get(name) ?? "");
  return {
    identityId: text("identityId"),
    creditsMode: (text("creditsMode") || "unlimited") as CreditsForm["creditsMode"],
    balance: (text("balance") || "set") as CreditsForm["balance"],
    creditsRemaining: text("creditsRemaining"),
    refillInterval: (text("refillInterval") || "none") as CreditsForm["refillInterval"],
    refillAmount: text("refillAmount"),
    refillDay: text("refillDay"),
    lowThreshold: text("lowThreshold"),
  };
}

const NUMBER = { type: "number", inputMode: "numeric", min: 0, step: 1, autoComplete: "off" } as const;

/**
 * A key's own credits: unlimited, or a balance with an optional refill and low-balance alert.
 * Editing a key that has a balance keeps it unless "Set a new balance" is chosen: verifications
 * may be spending it while the dialog is open, and the server keeps what they left.
 */
export function KeyCreditFields({
  initial,
  error,
  clearError,
}: {
  /** The key's credits when editing (undefined: a new key). */
  initial?: CreditsDto;
  error: ErrorOf;
  /** Drops a field's message once its value is edited. */
  clearError: (name: string) => void;
}) {
  const [mode, setMode] = useState<"unlimited" | "limited">(initial ? "limited" : "unlimited");
  const [balance, setBalance] = useState<"keep" | "set">(initial ? "keep" : "set");
  const [interval, setInterval] = useState<RefillInterval | "none">(initial?.refill?.interval ?? "none");
  const keepable = Boolean(initial);
  const at = (field: string, api: string) => error(field) ?? error(`credits.${api}`);

  return (
    <div className="space-y-4">
      <RadioChoices
        legend="Credits"
        name="creditsMode"
        description="The key's own balance: each verification spends its cost, and is refused when the balance cannot pay."
        layout="row"
        value={mode}
        onChange={setMode}
        error={error("creditsMode") ?? (mode === "unlimited" ? error("credits") : undefined)}
        choices={[
          { value: "unlimited", label: "Unlimited" },
          { value: "limited", label: "A balance" },
        ]}
      />
      {mode === "limited" ? (
        <div className="space-y-4 border-l-2 border-border pl-3">
          {keepable ? (
            <RadioChoices
              legend="Balance"
              name="balance"
              value={balance}
              onChange={setBalance}
              choices={[
                {
                  value: "keep",
                  label: "Keep the current balance",
                  hint: `${formatCount(initial!.remaining)} when this dialog opened; what verifications spend meanwhile stays spent.`,
                },
                { value: "set", label: "Set a new balance", hint: "Replaces the balance, and is written to the key's ledger." },
              ]}
            />
          ) : null}
          {balance === "set" ? (
            <Field label={keepable ? "New balance" : "Balance"} hint="Whole credits." error={at("creditsRemaining", "remaining")}>
              {(props) => <Input {...props} {...NUMBER} name="creditsRemaining" onChange={() => clearError("creditsRemaining")} />}
            </Field>
          ) : null}
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Refill" hint={REFILL_HINT} error={at("refillInterval", "refill.interval")}>
              {(props) => (
                <Select {...props} name="refillInterval" value={interval} onChange={(e) => setInterval(e.target.value as RefillInterval | "none")}>
                  <RefillIntervalOptions />
                </Select>
              )}
            </Field>
            {interval !== "none" ? (
              <Field label="Refill amount" error={at("refillAmount", "refill.amount")}>
                {(props) => <Input {...props} {...NUMBER} name="refillAmount" onChange={() => clearError("refillAmount")} defaultValue={initial?.refill ? String(initial.refill.amount) : ""} />}
              </Field>
            ) : null}
            {interval === "monthly" ? (
              <Field label="Day of the month" hint="1 to 31; in shorter months, the last day." error={at("refillDay", "refill.day_of_month")}>
                {(props) => <Input {...props} {...NUMBER} min={1} max={31} name="refillDay" onChange={() => clearError("refillDay")} defaultValue={String(initial?.refill?.day_of_month ?? 1)} />}
              </Field>
            ) : null}
            <Field label="Low-balance alert below (optional)" hint="Empty: no alert." error={at("lowThreshold", "low_threshold")}>
              {(props) => <Input {...props} {...NUMBER} name="lowThreshold" onChange={() => clearError("lowThreshold")} defaultValue={initial?.low_threshold != null ? String(initial.low_threshold) : ""} />}
            </Field>
          </div>
        </div>
      ) : null}
    </div>
  );
}
