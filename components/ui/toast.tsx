"use client";

import { Toaster as SonnerToaster } from "sonner";

export { toast } from "sonner";

/** Where toasts appear (sonner): a polite live region, themed by the page's colours. */
export function Toaster() {
  return (
    <SonnerToaster
      position="bottom-right"
      theme="system"
      toastOptions={{
        classNames: {
          toast: "!rounded-lg !border !border-border !bg-surface !text-fg !shadow-lg",
          error: "!border-danger/40 !text-danger",
          success: "!border-success/40",
        },
      }}
    />
  );
}
