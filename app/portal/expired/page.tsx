import type { Metadata } from "next";

export const metadata: Metadata = { title: "Link expired" };

// /portal/expired - where a used, late or unknown portal link lands.
export default function PortalLinkExpiredPage() {
  return (
    <main id="content" className="mx-auto grid max-w-xl gap-3 px-4 py-16">
      <h1 className="text-xl font-semibold">This link has expired</h1>
      <p className="text-fg-muted">
        A portal link works once, within 15 minutes of being made. Go back to the product that sent you here and open its key
        settings again: it will give you a fresh link.
      </p>
    </main>
  );
}
