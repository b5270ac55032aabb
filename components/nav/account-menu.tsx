"use client";

import { useState } from "react";
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
  const [busy, setBusy] = useState(false);
  return (
    <details className="group relative">
      <summary className="flex cursor-pointer list-none items-center gap-2 rounded-md px-2 py-1 hover:bg-muted" aria-label="Account menu">
        <span className="grid h-7 w-7 place-items-center rounded-full bg-accent/15 text-xs font-semibold text-accent" aria-hidden>
          {userName.slice(0, 1)}
        </span>
        <span className="hidden text-left sm:block">
          <span className="block text-sm leading-tight font-medium">{userName}</span>
          <span className="block text-xs leading-tight text-fg-muted capitalize">
            {workspaceName} · {role}
          </span>
        </span>
      </summary>
      <div className="absolute right-0 z-30 mt-2 w-60 space-y-1 rounded-lg border border-border bg-surface p-2 shadow-lg">
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
    </details>
  );
}
