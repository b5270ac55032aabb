import { useId, type ReactElement, type ReactNode } from "react";

/**
 * A tooltip that also works for disabled controls and keyboard users: the wrapper is
 * focusable, and the text is tied to it with aria-describedby.
 */
export function Tooltip({ content, children }: { content: ReactNode; children: ReactElement }) {
  const id = useId();
  return (
    <span className="group relative inline-flex" tabIndex={0} aria-describedby={id}>
      {children}
      <span
        id={id}
        role="tooltip"
        className="pointer-events-none invisible absolute right-0 bottom-full z-30 mb-2 w-56 rounded-md bg-fg px-2.5 py-1.5 text-xs font-normal text-bg opacity-0 shadow-lg transition group-hover:visible group-hover:opacity-100 group-focus:visible group-focus:opacity-100"
      >
        {content}
      </span>
    </span>
  );
}
