import type { HTMLAttributes, Ref } from "react";
import { cn } from "./cn";

const TONE = {
  danger: "border-danger/40 bg-danger-soft text-danger",
  warning: "border-warning/40 bg-warning-soft text-warning",
} as const;

/** A boxed sentence in a tone: what cannot be undone, what went wrong, what to know first. */
export function Notice({
  tone,
  as = "p",
  className,
  ref,
  ...props
}: HTMLAttributes<HTMLElement> & {
  tone: keyof typeof TONE;
  as?: "p" | "div";
  ref?: Ref<HTMLElement>;
  "data-request-id"?: string;
}) {
  const classes = cn("rounded-md border px-3 py-2", TONE[tone], className);
  return as === "div" ? (
    <div ref={ref as Ref<HTMLDivElement>} className={classes} {...props} />
  ) : (
    <p ref={ref as Ref<HTMLParagraphElement>} className={classes} {...props} />
  );
}
