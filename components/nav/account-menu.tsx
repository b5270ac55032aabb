"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { useTransition } from "react";
import { toast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/schemas/action-result";

const itemClass =
  "flex w-full cursor-pointer items-center rounded-md px-3 py-1.5 text-sm text-fg-muted outline-none select-none data-[disabled]:cursor-not-allowed data-[disabled]:opacity-50 data-[highlighted]:bg-muted data-[highlighted]:text-fg";

/** Local mode's equivalent of Clerk's user menu (Radix menu): who you are, an API token, sign out. */
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
  issueToken: () => Promise<ActionResult<{ token: string }>>;
  signOut: () => Promise<void>;
}) {
  const [pending, startTransition] = useTransition();

  const copyToken = async () => {
    const result = await issueToken();
    if (!result.ok) return void toast.error(result.error.message);
    try {
      await navigator.clipboard.writeText(result.data.token);
      toast.success("Session token copied. Use it as Authorization: Bearer for the REST API.");
    } catch {
      toast.error("The clipboard is not available here. Use `npm run token` instead.");
    }
  };

  return (
    // Not modal: a modal menu hides the rest of the page from assistive technology while focus
    // can still reach it (axe's aria-hidden-focus); the menu still closes on Escape and outside clicks.
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger
        aria-label="Account menu"
        className="flex items-center gap-2 rounded-md px-2 py-1 hover:bg-muted data-[state=open]:bg-muted"
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
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={8}
          className="z-30 w-60 space-y-1 rounded-lg border border-border bg-surface p-2 shadow-lg"
        >
          <DropdownMenu.Item className={itemClass} disabled={pending} onSelect={() => startTransition(copyToken)}>
            Copy API session token
          </DropdownMenu.Item>
          <DropdownMenu.Item className={itemClass} disabled={pending} onSelect={() => startTransition(signOut)}>
            Sign out
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
