"use client";

import { Button } from "@/components/ui/button";

// An error is shown as an error, never as a blank page.
export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-lg space-y-3 rounded-xl border border-danger/40 bg-surface p-6">
      <h1 className="text-lg font-semibold text-danger">This page could not be loaded</h1>
      <p className="text-sm text-fg-muted">
        Something went wrong on our side. Try again; if it keeps happening, quote this reference:{" "}
        <code className="font-mono">{error.digest ?? "unknown"}</code>.
      </p>
      <Button onClick={reset}>Try again</Button>
    </div>
  );
}
