"use client";

import { Button } from "@/components/ui/button";

/**
 * What a page shows when it cannot load: never a blank page. The usual cause is passing (the
 * database restarting, a deploy), so the first advice is to retry.
 */
export function ErrorState({ digest, onRetry }: { digest?: string | undefined; onRetry: () => void }) {
  return (
    <div role="alert" className="mx-auto my-10 max-w-lg space-y-3 rounded-xl border border-danger/40 bg-surface p-6">
      <h1 className="text-lg font-semibold text-danger">This page could not be loaded</h1>
      <p className="text-sm text-fg-muted">
        Keyport could not finish loading this page. This is usually temporary, for example while its database
        restarts: retry in a few seconds. If it keeps happening, quote this reference:{" "}
        <code className="font-mono">{digest ?? "unknown"}</code>.
      </p>
      <Button onClick={onRetry}>Retry</Button>
    </div>
  );
}
