"use client";

import { AlertTriangle, Check, Copy } from "lucide-react";
import { useRef, useState } from "react";
import { ActionDialog } from "@/components/forms/action-dialog";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

/**
 * The API Key Created dialog: the key, once. It closes only after "I have saved this key";
 * the parent then drops the key, so it is gone from the page. A webhook's signing secret is
 * shown the same way (`noun`, `whenLost`).
 */
export function RevealKeyDialog({
  secret,
  title = "API Key Created",
  noun = "key",
  whenLost = "revoke it and create a new one",
  onClose,
  returnFocusTo,
}: {
  secret: string | null;
  title?: string;
  noun?: string;
  whenLost?: string;
  onClose: () => void;
  returnFocusTo?: () => HTMLElement | null;
}) {
  const [copied, setCopied] = useState(false);
  const [saved, setSaved] = useState(false);
  const [nudge, setNudge] = useState(false);
  const [copyHelp, setCopyHelp] = useState<string | null>(null);
  const keyRef = useRef<HTMLElement>(null);

  function selectKey() {
    const node = keyRef.current;
    if (!node) return;
    const range = document.createRange();
    range.selectNodeContents(node);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  }

  async function copy() {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
      setCopyHelp(null);
    } catch {
      selectKey();
      setCopyHelp("Copying is not available here. The key is selected: press Ctrl+C (⌘C on a Mac).");
    }
  }

  function close() {
    setCopied(false);
    setSaved(false);
    setNudge(false);
    setCopyHelp(null);
    onClose();
  }

  const guard = (event: Event) => {
    if (!saved) {
      event.preventDefault();
      setNudge(true);
    }
  };

  return (
    <ActionDialog
      open={secret !== null}
      onOpenChange={(open) => (!open && saved ? close() : undefined)}
      title={title}
      description={`Copy the ${noun} now and store it in your secret manager.`}
      hideClose
      onEscapeKeyDown={guard}
      onInteractOutside={guard}
      returnFocusTo={returnFocusTo}
      footer={
        <Button onClick={close} disabled={!saved}>
          Done
        </Button>
      }
    >
      <Notice tone="warning" as="div" className="flex items-start gap-2 text-sm">
        <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
        <p>
          This {noun} will not be shown again. If you lose it, {whenLost}.
        </p>
      </Notice>
      <div className="flex items-stretch gap-2">
        <code
          ref={keyRef}
          aria-label={noun === "key" ? "New API key" : `New ${noun}`}
          tabIndex={0}
          onFocus={selectKey}
          className="min-w-0 flex-1 rounded-md border border-border bg-muted px-3 py-2 font-mono text-sm break-all text-fg select-all"
        >
          {secret}
        </code>
        <Button variant="secondary" onClick={copy} aria-live="polite">
          {copied ? <Check className="h-4 w-4" aria-hidden /> : <Copy className="h-4 w-4" aria-hidden />}
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      {copyHelp ? (
        <p role="status" className="text-xs text-fg-muted">
          {copyHelp}
        </p>
      ) : null}
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={saved}
          onChange={(e) => {
            setSaved(e.target.checked);
            setNudge(false);
          }}
          // Enter toggles it too, as Space does: people confirm with Enter in a dialog.
          onKeyDown={(e) => {
            if (e.key !== "Enter") return;
            e.preventDefault();
            setSaved(!saved);
            setNudge(false);
          }}
          className="h-4 w-4 accent-[var(--accent)]"
        />
        I have saved this {noun}
      </label>
      {nudge ? (
        <p role="alert" className="text-xs font-medium text-danger">
          Confirm that you have saved the {noun} before closing: it cannot be shown again.
        </p>
      ) : null}
    </ActionDialog>
  );
}
