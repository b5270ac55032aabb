export const dynamic = "force-dynamic";

import { redirect } from "next/navigation";
import { authMode } from "@/lib/auth/mode";

// Clerk mode: a user with no active organization chooses or creates one.
export default async function SelectOrganizationPage() {
  if (authMode() !== "clerk") redirect("/sign-in");
  const { OrganizationList } = await import("@clerk/nextjs");
  return (
    <main className="grid min-h-dvh place-items-center p-4">
      <div className="space-y-4 text-center">
        <h1 className="text-xl font-semibold">Choose a workspace</h1>
        <p className="text-sm text-fg-muted">API keys belong to an organization. Pick one or create it.</p>
        <OrganizationList hidePersonal afterSelectOrganizationUrl="/settings/api-keys" afterCreateOrganizationUrl="/settings/api-keys" />
      </div>
    </main>
  );
}
