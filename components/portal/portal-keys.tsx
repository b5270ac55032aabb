"use client";

// The hosted portal's keys: the same component products embed (@keyport/react), talking to the
// portal API under the portal's own path with its cookie, plus each key's usage chart (the
// dashboard's chart, fed by the portal API).
import { useEffect, useState } from "react";
import { KeyportKeys, portalClient, type PortalKey } from "@keyport/react";
import { UsageChart } from "@/components/usage/usage-chart";
import type { UsagePoint } from "@/lib/schemas/usage";

const PORTAL_API = "/portal/api";

function KeyUsage({ portalKey }: { portalKey: PortalKey }) {
  const [points, setPoints] = useState<UsagePoint[] | null>(null);
  useEffect(() => {
    let current = true;
    portalClient({ baseUrl: PORTAL_API })
      .usage(portalKey.key_id)
      .then(
        (loaded) => current && setPoints(loaded),
        () => current && setPoints([]),
      );
    return () => {
      current = false;
    };
  }, [portalKey.key_id]);
  if (points === null) return null;
  return (
    <details>
      <summary className="cursor-pointer text-sm text-fg-muted">Usage of {portalKey.name}</summary>
      <UsageChart title={`Verifications of ${portalKey.name}`} points={points} granularity="day" period="the last 30 days" />
    </details>
  );
}

export function PortalKeys({ showUsage }: { showUsage: boolean }) {
  return (
    <KeyportKeys
      baseUrl={PORTAL_API}
      title="Your API keys"
      {...(showUsage ? { renderKeyDetails: (key: PortalKey) => <KeyUsage portalKey={key} /> } : {})}
    />
  );
}
