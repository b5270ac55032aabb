import { useId, type ReactNode } from "react";

/**
 * A labelled form field. The control gets its id, `aria-invalid` and `aria-describedby`
 * (hint and error) through the render prop, so every field is wired the same way.
 */
export function Field({
  label,
  hint,
  error,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  children: (props: { id: string; "aria-invalid": boolean; "aria-describedby": string | undefined }) => ReactNode;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-fg">
        {label}
      </label>
      {/* The hint gives way to the error, so only what is shown is referenced. */}
      {children({ id, "aria-invalid": Boolean(error), "aria-describedby": error ? errorId : hintId })}
      {hint && !error ? (
        <p id={hintId} className="text-xs text-fg-muted">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} role="alert" className="text-xs font-medium text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A group of checkboxes or radios with a legend and an error, wired the same way. */
export function Fieldset({ legend, error, children }: { legend: ReactNode; error?: string | undefined; children: ReactNode }) {
  const id = useId();
  return (
    <fieldset className="space-y-2" aria-describedby={error ? `${id}-error` : undefined} aria-invalid={Boolean(error) || undefined}>
      <legend className="text-sm font-medium text-fg">{legend}</legend>
      {children}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs font-medium text-danger">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
