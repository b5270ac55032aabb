"use client";

import { ErrorState } from "@/components/error-state";

// A page of the dashboard that failed to load: an error state with a retry, inside the layout.
export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorState digest={error.digest} onRetry={reset} />;
}
