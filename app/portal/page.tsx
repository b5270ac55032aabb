import type { CSSProperties } from "react";
import { PortalKeys } from "@/components/portal/portal-keys";
import { getPortalPageSession } from "@/lib/auth/portal";
import { getPortalBranding } from "@/lib/data";

export const dynamic = "force-dynamic";

/** Text that reads on a button of the workspace's accent colour, in light and dark alike. */
function readableOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // White when it contrasts more than near-black does.
  return (1.05) / (luminance + 0.05) >= (luminance + 0.05) / (0.0065 + 0.05) ? "#ffffff" : "#0f0f12";
}

// /portal - one customer's keys, in the workspace's colours. The session comes from the cookie
// the portal link set; without a usable one, the page says how to get back in.
export default async function PortalPage() {
  const session = await getPortalPageSession();
  if (!session) {
    return (
      <main id="content" className="mx-auto grid max-w-xl gap-3 px-4 py-16">
        <h1 className="text-xl font-semibold">Your session has ended</h1>
        <p className="text-fg-muted">Portal sessions end after a while, or when the product that sent you here ends them. Go back to it and open the key settings again for a new link.</p>
      </main>
    );
  }
  const branding = await getPortalBranding(session.workspaceId);
  const accent = branding.accentColor
    ? ({
        "--kp-accent": branding.accentColor,
        "--kp-accent-fg": readableOn(branding.accentColor),
        "--accent": branding.accentColor,
        "--accent-fg": readableOn(branding.accentColor),
      } as CSSProperties)
    : undefined;
  const returnTo = session.returnUrl ? new URL(session.returnUrl) : null;
  return (
    <div style={accent}>
      <header className="border-b border-border bg-surface">
        <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <span className="inline-flex items-center gap-2 font-semibold">
            {branding.logoUrl ? (
              // eslint-disable-next-line @next/next/no-img-element -- a workspace's own https logo, any host
              <img src={branding.logoUrl} alt="" width={28} height={28} className="h-7 w-7 rounded object-contain" referrerPolicy="no-referrer" />
            ) : null}
            {branding.name}
          </span>
          {returnTo ? (
            <a href={returnTo.toString()} className="text-sm font-medium text-fg underline underline-offset-4">
              ← Back to {returnTo.host}
            </a>
          ) : null}
        </div>
      </header>
      <main id="content" className="mx-auto grid max-w-3xl gap-4 px-4 py-6">
        <h1 className="text-xl font-semibold">API keys</h1>
        <p className="text-sm text-fg-muted">
          Keys for {branding.name}, as <span className="font-medium text-fg">{session.externalId}</span>. A new key is shown once: copy it when you create it.
        </p>
        <PortalKeys showUsage={session.permissions.includes("usage:read")} />
      </main>
    </div>
  );
}
