import { forwardRef, type InputHTMLAttributes, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { cn } from "./cn";

const FIELD =
  "w-full rounded-md border border-border bg-surface px-3 text-sm text-fg placeholder:text-fg-muted aria-[invalid=true]:border-danger";

export const Input = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement>>(function Input(
  { className, ...props },
  ref,
) {
  // A natural height (padding around one line) rather than a fixed one, and a placeholder that
  // may draw past its box: otherwise Chromium on Linux clips the underscore of a 14 px monospace
  // font (request ids, key starts), in the value and in the placeholder.
  return <input ref={ref} className={cn(FIELD, "min-h-9 py-[7px] leading-5 placeholder:overflow-visible", className)} {...props} />;
});

export const Textarea = forwardRef<HTMLTextAreaElement, TextareaHTMLAttributes<HTMLTextAreaElement>>(function Textarea(
  { className, ...props },
  ref,
) {
  return <textarea ref={ref} className={cn(FIELD, "min-h-16 py-2", className)} {...props} />;
});

export const Select = forwardRef<HTMLSelectElement, SelectHTMLAttributes<HTMLSelectElement>>(function Select(
  { className, ...props },
  ref,
) {
  return <select ref={ref} className={cn(FIELD, "h-9 pr-8", className)} {...props} />;
});
