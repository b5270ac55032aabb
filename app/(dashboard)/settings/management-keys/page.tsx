import type { Metadata } from "next";
import { ManagementKeysView } from "@/components/management-keys/management-keys-view";
import { requirePageSession } from "@/lib/auth/page";
import { listActiveManagementKeys, toManagementKeyDto } from "@/lib/data";

export const metadata: Metadata = { title: "Management keys" };

// Settings -> Management keys (admins): the credentials scripts, CI and tools use to call the
// management API, each with its permissions.
export default async function ManagementKeysPage() {
  const session = await requirePageSession();
  if (session.role !== "admin") {
    return (
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">Management keys</h1>
        <p className="text-sm text-fg-muted">Only workspace admins can manage management keys.</p>
      </div>
    );
  }
  const keys = await listActiveManagementKeys(session.workspaceId);
  return (
    <div className="space-y-8">
      <header>
        <p className="text-sm text-fg-muted">Settings</p>
        <h1 className="text-2xl font-semibold">Management keys</h1>
        <p className="mt-1 max-w-2xl text-sm text-fg-muted">
          Long-lived keys for scripts, CI and tools: send one as <code className="font-mono text-xs">Authorization: Bearer kpm_…</code> to
          the management API. Each key can do only what its permissions allow, in this workspace.
        </p>
      </header>
      <ManagementKeysView keys={keys.map(toManagementKeyDto)} />
    </div>
  );
}
