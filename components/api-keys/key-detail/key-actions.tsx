"use client";

import { useRouter } from "next/navigation";
import { Pencil, RefreshCw, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { Tooltip } from "@/components/ui/tooltip";
import type { ApiKeyRow } from "@/lib/schemas/keys/forms";
import type { ScopeEntry } from "@/lib/schemas/policy";
import { EditKeyDialog } from "../edit-key-dialog";
import { RevealKeyDialog } from "../reveal-key-dialog";
import { RevokeKeyDialog } from "../revoke-key-dialog";
import { RollKeyDialog } from "../roll-key-dialog";

type Open = "edit" | "roll" | "revoke" | null;

/**
 * Edit, Roll and Revoke on a key's own page, for admins: the keys table's dialogs, with the
 * same toasts. A roll shows the new key once; the page is then read again, so it names the
 * key's successor (and a revoke, who revoked it and when).
 */
export function KeyActions({ row, projectId, scopeCatalog }: { row: ApiKeyRow; projectId: string; scopeCatalog: ScopeEntry[] }) {
  const router = useRouter();
  const [open, setOpen] = useState<Open>(null);
  const [secret, setSecret] = useState<string | null>(null);
  // Focus returns to the button that opened the dialog; when the action removed that button
  // (a revoke, a roll), to the page's heading.
  const returnFocus = (label: string) => () =>
    document.querySelector<HTMLElement>(`[data-key-actions] button[data-action="${label}"]`) ?? document.querySelector<HTMLElement>("main h1");

  if (row.status !== "active" && secret === null) return null;
  const target = (which: Open) => (open === which ? row : null);

  return (
    <div data-key-actions role="group" aria-label="Key actions" className="flex flex-wrap gap-2">
      {row.status === "active" ? (
        <>
          <Button variant="secondary" size="sm" data-action="edit" onClick={() => setOpen("edit")}>
            <Pencil className="h-4 w-4" aria-hidden />
            Edit
          </Button>
          {row.rolledToId ? null : (
            <Button variant="secondary" size="sm" data-action="roll" onClick={() => setOpen("roll")}>
              <RefreshCw className="h-4 w-4" aria-hidden />
              Roll
            </Button>
          )}
          {row.isDefault ? (
            <Tooltip content="This is the project's default key. The platform manages it, so it cannot be revoked; roll it to replace it.">
              <Button variant="danger" size="sm" disabled aria-label="Revoke (not available for the default key)">
                <Trash2 className="h-4 w-4" aria-hidden />
                Revoke
              </Button>
            </Tooltip>
          ) : (
            <Button variant="danger" size="sm" data-action="revoke" onClick={() => setOpen("revoke")}>
              <Trash2 className="h-4 w-4" aria-hidden />
              Revoke
            </Button>
          )}
        </>
      ) : null}

      <EditKeyDialog
        target={target("edit")}
        projectId={projectId}
        scopeCatalog={scopeCatalog}
        returnFocusTo={returnFocus("edit")}
        onDone={(result) => {
          setOpen(null);
          if (result) {
            toast.success(`“${result.row.name}” was saved.`);
            router.refresh();
          }
        }}
      />
      <RollKeyDialog
        target={target("roll")}
        projectId={projectId}
        returnFocusTo={returnFocus("roll")}
        onDone={(result) => {
          setOpen(null);
          if (result) {
            setSecret(result.key);
            toast.success(`“${result.previous.name}” was rolled. Copy the new key now: it is shown once.`);
            router.refresh();
          }
        }}
      />
      <RevokeKeyDialog
        target={target("revoke")}
        projectId={projectId}
        returnFocusTo={returnFocus("revoke")}
        onDone={(result) => {
          setOpen(null);
          if (result) {
            toast.success(`“${result.row.name}” was revoked. Apps using it have lost access.`);
            router.refresh();
          }
        }}
      />
      <RevealKeyDialog
        secret={secret}
        onClose={() => setSecret(null)}
        returnFocusTo={() => document.querySelector<HTMLElement>('main a[data-lineage="successor"]') ?? document.querySelector<HTMLElement>("main h1")}
      />
    </div>
  );
}
