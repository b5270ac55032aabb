"use client";

import type { ReactNode } from "react";
import { Fieldset } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";

// A legend and a list of radios or checkboxes, one per choice, as plain inputs: the browser
// gives them arrow keys (radios), Space, labels and form data. Used by the Roll dialog, the
// Create dialog and the Policies form, so every list of choices looks and behaves the same.

export type Choice<V extends string> = {
  value: V;
  label: ReactNode;
  /** A second, muted line under the label. */
  hint?: ReactNode;
  disabled?: boolean;
};

const INPUT = "mt-0.5 h-4 w-4 shrink-0 accent-[var(--accent)]";

type Common<V extends string> = {
  legend: ReactNode;
  /** The inputs' `name` in the form (optional when the list is only controlled). */
  name?: string;
  choices: readonly Choice<V>[];
  error?: string | undefined;
  /** A line under the legend. */
  description?: ReactNode;
  /** How the choices are laid out: in a row that wraps, a column, or two columns from `sm`. */
  layout?: "row" | "column" | "grid";
  className?: string;
};

/** One of several (radios). `autoFocusSelected` puts the focus on the chosen one when it appears. */
export function RadioChoices<V extends string>({
  value,
  onChange,
  autoFocusSelected = false,
  ...common
}: Common<V> & { value: V; onChange: (value: V) => void; autoFocusSelected?: boolean }) {
  return (
    <ChoiceFrame {...common}>
      {common.choices.map((choice) => (
        <ChoiceLabel key={choice.value} choice={choice}>
          <input
            type="radio"
            name={common.name}
            value={choice.value}
            checked={value === choice.value}
            disabled={choice.disabled}
            onChange={() => onChange(choice.value)}
            autoFocus={autoFocusSelected && value === choice.value}
            className={INPUT}
          />
        </ChoiceLabel>
      ))}
    </ChoiceFrame>
  );
}

/** Any of several (checkboxes). */
export function CheckboxChoices<V extends string>({
  values,
  onChange,
  ...common
}: Common<V> & { values: readonly V[]; onChange: (values: V[]) => void }) {
  return (
    <ChoiceFrame {...common}>
      {common.choices.map((choice) => (
        <ChoiceLabel key={choice.value} choice={choice}>
          <input
            type="checkbox"
            name={common.name}
            value={choice.value}
            checked={values.includes(choice.value)}
            disabled={choice.disabled}
            onChange={(event) =>
              onChange(event.target.checked ? [...values, choice.value] : values.filter((v) => v !== choice.value))
            }
            className={INPUT}
          />
        </ChoiceLabel>
      ))}
    </ChoiceFrame>
  );
}

function ChoiceFrame<V extends string>({ legend, error, description, layout = "column", className, children }: Common<V> & { children: ReactNode }) {
  return (
    <Fieldset legend={legend} error={error}>
      {description ? <p className="text-xs text-fg-muted">{description}</p> : null}
      <div
        className={cn(
          layout === "row" ? "flex flex-wrap gap-x-4 gap-y-2" : layout === "grid" ? "grid gap-2 sm:grid-cols-2" : "space-y-2",
          className,
        )}
      >
        {children}
      </div>
    </Fieldset>
  );
}

function ChoiceLabel<V extends string>({ choice, children }: { choice: Choice<V>; children: ReactNode }) {
  return (
    <label className={cn("flex items-start gap-2 text-sm", choice.disabled && "text-fg-muted")}>
      {children}
      <span>
        {choice.label}
        {choice.hint ? <span className="block text-xs text-fg-muted">{choice.hint}</span> : null}
      </span>
    </label>
  );
}
