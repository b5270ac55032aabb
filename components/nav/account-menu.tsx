"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";

/** Local mode's equivalent of Clerk's user menu: who you are, an API token, sign out. */
export function LocalAccountMenu({
  userName,
  role,
  workspaceName,
  issueToken,
  signOut,
}: {
  userName: string;
  role: string;
  workspaceName: string;
  issueToken: () => Promise<{ ok: true; data: { token: string } } | { ok: false; error: { message: string } }>;
  signOut: () => Promise<void>;
}) {
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === "Escape" : !root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);

  return (
    <div className="relative" ref={root}>
      <button
        type="button"
        aria-label="Account menu"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((v) => !v)}
        className="flex items-center gap-2 rounded-md px-2 py-1 hover:bg-muted"
      >
        <span className="grid h-7 w-7 place-items-center rounded-full bg-accent/15 text-xs font-semibold text-accent" aria-hidden>
          {userName.slice(0, 1)}
        </span>
        <span className="hidden text-left sm:block">
          <span className="block text-sm leading-tight font-medium">{userName}</span>
          <span className="block text-xs leading-tight text-fg-muted capitalize">
            {workspaceName} · {role}
          </span>
        </span>
      </button>
      {open ? (
        <div id={menuId} className="absolute right-0 z-30 mt-2 w-60 space-y-1 rounded-lg border border-border bg-surface p-2 shadow-lg">
          <Button
            variant="ghost"
            size="sm"
            className="w-full justify-start"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              const result = await issueToken();
              setBusy(false);
              if (!result.ok) return toast(result.error.message, "error");
              try {
                await navigator.clipboard.writeText(result.data.token);
                toast("Session token copied. Use it as Authorization: Bearer for the REST API.");
              } catch {
                toast("The clipboard is not available here. Use `npm run token` instead.", "error");
              }
            }}
          >
            Copy API session token
          </Button>
          <form action={signOut}>
            <Button type="submit" variant="ghost" size="sm" className="w-full justify-start">
              Sign out
            </Button>
          </form>
        </div>
      ) : null}
    </div>
  );
}
