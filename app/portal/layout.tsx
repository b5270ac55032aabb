import type { Metadata } from "next";
import type { ReactNode } from "react";

// The hosted self-serve portal: its own frame, none of the dashboard's navigation. Its visitors
// are a product's customers, not workspace members.
export const metadata: Metadata = { title: { default: "API keys", template: "%s" }, robots: { index: false, follow: false } };

export default function PortalLayout({ children }: { children: ReactNode }) {
  return <div className="min-h-dvh bg-bg">{children}</div>;
}
