import { Suspense, type ReactNode } from "react";
import { Brand, LocalModeBadge } from "@/components/brand";
import { LocalAccountMenu } from "@/components/nav/account-menu";
import { NavLinks } from "@/components/nav/nav-links";
import { ProjectSwitcher } from "@/components/nav/project-switcher";
import { requirePageSession } from "@/lib/auth/page";
import { authMode } from "@/lib/auth/mode";
import { listProjects } from "@/lib/data";
import { signOutAction } from "../sign-in/actions";
import { issueApiTokenAction } from "./account-actions";

// Dashboard frame: guard -> data layer -> navigation. Pages guard themselves too.
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await requirePageSession();
  const projects = (await listProjects(session.workspaceId)).map((p) => ({ id: p.id, name: p.name }));
  const clerk = authMode() === "clerk";
  const clerkUi = clerk ? await import("@clerk/nextjs") : null;

  const account = clerkUi ? (
    <div className="flex items-center gap-2">
      <clerkUi.OrganizationSwitcher hidePersonal afterSelectOrganizationUrl="/settings/api-keys" />
      <clerkUi.UserButton />
    </div>
  ) : (
    <LocalAccountMenu
      userName={session.userName}
      role={session.role}
      workspaceName={session.workspaceName}
      issueToken={issueApiTokenAction}
      signOut={signOutAction}
    />
  );

  return (
    <div className="flex min-h-dvh">
      <aside className="hidden w-60 shrink-0 flex-col gap-6 border-r border-border bg-surface p-4 md:flex" aria-label="Sidebar">
        <Brand />
        <Suspense>
          <ProjectSwitcher projects={projects} />
          <nav aria-label="Main">
            <NavLinks role={session.role} />
          </nav>
        </Suspense>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center justify-between gap-3 border-b border-border bg-surface px-4 py-2.5">
          <div className="flex items-center gap-3">
            <span className="md:hidden">
              <Brand />
            </span>
            <span className="hidden text-sm text-fg-muted md:inline">{session.workspaceName}</span>
            {clerk ? null : <LocalModeBadge />}
          </div>
          {account}
        </header>
        <div className="space-y-3 border-b border-border bg-surface px-4 py-2 md:hidden">
          <Suspense>
            <ProjectSwitcher projects={projects} />
            <nav aria-label="Main">
              <NavLinks orientation="horizontal" role={session.role} />
            </nav>
          </Suspense>
        </div>
        <main className="mx-auto w-full max-w-6xl flex-1 p-4 md:p-8">{children}</main>
      </div>
    </div>
  );
}
