"use client";

import { ErrorState } from "@/components/error-state";
import "./globals.css";

// The layout itself failed (it reads the session's workspace): the same error state, on its own.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans antialiased">
        <ErrorState digest={error.digest} onRetry={reset} />
      </body>
    </html>
  );
}
