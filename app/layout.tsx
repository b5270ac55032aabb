import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Toaster } from "@/components/ui/toast";
import { authMode, clerkPublishableKey } from "@/lib/auth/mode";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Keyport", template: "%s · Keyport" },
  description: "API keys for your apps and SDKs.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const body = (
    <html lang="en">
      <body className="min-h-dvh font-sans antialiased">
        {children}
        <Toaster />
      </body>
    </html>
  );
  if (authMode() !== "clerk") return body;
  // Clerk only where it is configured: without keys its provider would fail every page.
  const { ClerkProvider } = await import("@clerk/nextjs");
  return <ClerkProvider publishableKey={clerkPublishableKey()}>{body}</ClerkProvider>;
}
