// Every dashboard form runs its server action through this hook. It is ours, not Conform:
// the actions take typed objects parsed by the same zod schemas as the REST API (arrays of
// scopes and allowlist entries, dates, numbers), and the dialogs keep their fields in React
// state, so Conform's FormData coercion would be a second vocabulary for the same input.

import { startTransition, useActionState, useRef, useState } from "react";
import type { z } from "zod";
import type { ActionError, ActionResult } from "@/lib/schemas/action-result";

/** Messages by field, located as the server locates them (`name`, `scopes.2`, `max_lifetime_days.live`). */
export type FieldErrors = Record<string, string[]>;
/** The message about the whole form: the server's, with its request id, or ours when the call itself failed. */
export type FormError = Pick<ActionError, "message"> & Partial<Omit<ActionError, "message">>;
/** A submit that was turned down: by the pre-check, or by the server. A new object each time. */
export type Refusal = { from: "client" | "server" };

/** What one attempt left behind, as the form shows it. */
export type FormOutcome<T> = {
  /** The reset it belongs to: an answer that arrives after a reset is not shown. */
  epoch: number;
  /** The last success's data. */
  data: T | null;
  error: FormError | null;
  fieldErrors: FieldErrors;
  refusal: Refusal | null;
  /** The idempotency key of the attempt: kept while it is refused (a retry replays), new after a success or a reset. */
  submissionId: string | null;
};

export const idleOutcome = (epoch: number): FormOutcome<never> => ({
  epoch,
  data: null,
  error: null,
  fieldErrors: {},
  refusal: null,
  submissionId: null,
});

/** zod issues by field, keyed like lib/actions.ts keys the server's, so both land on the same field. */
export function fieldErrorsOf(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) (errors[issue.path.map(String).join(".") || "form"] ??= []).push(issue.message);
  return errors;
}

/** The outcome of a call that answered `result`, or threw (`null`). */
export function settle<T>(before: FormOutcome<T>, result: ActionResult<T> | null, failureMessage: string, submissionId: string): FormOutcome<T> {
  if (result === null) return { ...before, error: { message: failureMessage }, fieldErrors: {}, refusal: { from: "server" }, submissionId };
  if (result.ok) return { ...before, data: result.data, error: null, fieldErrors: {}, refusal: null, submissionId: null };
  return { ...before, error: result.error, fieldErrors: result.fieldErrors, refusal: { from: "server" }, submissionId };
}

/** What the form has done since it was last submitted or reset, apart from the server's answer. */
type Local<T> = { epoch: number; refused: FormOutcome<T> | null; cleared: string[] };

/** What the form shows: nothing of the last refusal while a new attempt is under way. */
export function shownOutcome<T>(outcome: FormOutcome<T>, local: Local<T>, pending: boolean): FormOutcome<T> {
  const current = outcome.epoch === local.epoch ? outcome : idleOutcome(local.epoch);
  if (pending) return { ...current, error: null, fieldErrors: {}, refusal: null };
  const shown = local.refused ?? current;
  if (local.cleared.length === 0) return { ...shown, data: current.data };
  const fieldErrors = Object.fromEntries(Object.entries(shown.fieldErrors).filter(([field]) => !local.cleared.includes(field)));
  return { ...shown, data: current.data, fieldErrors };
}

export type ActionForm<I, T> = {
  /** Pre-checks `input` with the schema, then calls the action; ignored while a call is under way. */
  submit: (input: I) => void;
  pending: boolean;
  /** The first message at `name`. */
  fieldError: (name: string) => string | undefined;
  /** The first message under `name` (`scopes.2` under `scopes`). */
  fieldErrorUnder: (name: string) => string | undefined;
  /** Every message, by field. */
  fieldErrors: FieldErrors;
  /** Drops a field's messages until the next submit (its value was edited). */
  clearFieldError: (name: string) => void;
  error: FormError | null;
  refusal: Refusal | null;
  data: T | null;
  /** Forgets errors, data and the attempt's idempotency key: the form starts over. */
  reset: () => void;
};

export function useActionForm<I, T, S = I>(
  action: (input: I, attempt: { submissionId: string }) => Promise<ActionResult<T>>,
  options: {
    /** The schema the action parses its input with: the same rules, checked before the call. */
    schema?: z.ZodType<unknown, S>;
    /** The part of `input` the schema reads (default: all of it). */
    schemaInput?: (input: I) => S;
    /** The form-level message when the pre-check refuses (none: only the fields say it). */
    invalidMessage?: string;
    /** The form-level message when the call fails (the network, mostly). */
    failureMessage: string;
    /** Runs once per success, even when the form was reset while the call was under way. */
    onSuccess?: (data: T, input: I) => void;
  },
): ActionForm<I, T> {
  const { schema, schemaInput = (input: I) => input as unknown as S, invalidMessage, failureMessage, onSuccess } = options;
  const [local, setLocal] = useState<Local<T>>({ epoch: 0, refused: null, cleared: [] });
  const inFlight = useRef(false);
  const [outcome, dispatch, pending] = useActionState(
    async (before: FormOutcome<T>, { input, epoch }: { input: I; epoch: number }): Promise<FormOutcome<T>> => {
      const base = before.epoch === epoch ? before : idleOutcome(epoch);
      const submissionId = base.submissionId ?? crypto.randomUUID();
      let result: ActionResult<T> | null;
      try {
        result = await action(input, { submissionId });
      } catch {
        result = null;
      } finally {
        inFlight.current = false;
      }
      if (result?.ok) onSuccess?.(result.data, input);
      return settle(base, result, failureMessage, submissionId);
    },
    idleOutcome(0),
  );

  const shown = shownOutcome(outcome, local, pending);
  return {
    submit(input) {
      if (inFlight.current || pending) return;
      const checked = schema?.safeParse(schemaInput(input));
      if (checked && !checked.success) {
        const refused: FormOutcome<T> = {
          ...idleOutcome(local.epoch),
          error: invalidMessage ? { message: invalidMessage } : null,
          fieldErrors: fieldErrorsOf(checked.error.issues),
          refusal: { from: "client" },
        };
        setLocal({ epoch: local.epoch, refused, cleared: [] });
        return;
      }
      inFlight.current = true;
      setLocal({ epoch: local.epoch, refused: null, cleared: [] });
      startTransition(() => dispatch({ input, epoch: local.epoch }));
    },
    pending,
    fieldError: (name) => shown.fieldErrors[name]?.[0],
    fieldErrorUnder: (name) => Object.entries(shown.fieldErrors).find(([field]) => field.startsWith(`${name}.`))?.[1][0],
    fieldErrors: shown.fieldErrors,
    clearFieldError: (name) => setLocal((l) => (l.cleared.includes(name) ? l : { ...l, cleared: [...l.cleared, name] })),
    error: shown.error,
    refusal: shown.refusal,
    data: shown.data,
    reset: () => setLocal((l) => ({ epoch: l.epoch + 1, refused: null, cleared: [] })),
  };
}
