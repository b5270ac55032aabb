import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ClerkProvider } from "@/components/auth/clerk";
import { Toaster } from "@/components/ui/toast";
import { authMode, clerkPublishableKey } from "@/lib/auth/mode";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Keyport", template: "%s · Keyport" },
  description: "API keys for your apps and SDKs.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  const body = (
    <html lang="en">
      <body className="min-h-dvh font-sans antialiased">
        {children}
        <Toaster />
      </body>
    </html>
  );
  if (authMode() !== "clerk") return body;
  // Clerk only where it is configured: without keys its provider would fail every page, and
  // local mode's pages do without its scripts.
  return <ClerkProvider publishableKey={clerkPublishableKey()}>{body}</ClerkProvider>;
}
