import type { ReactNode } from "react";

/**
 * A table of the key's page in a frame that scrolls sideways on a narrow screen. The frame is
 * focusable and named, so a keyboard can scroll it too.
 */
export function TableFrame({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      className="relative w-full overflow-x-auto rounded-lg border border-border bg-surface outline-none focus-visible:ring-2 focus-visible:ring-accent"
    >
      <table className="w-full border-collapse text-sm">{children}</table>
    </div>
  );
}
