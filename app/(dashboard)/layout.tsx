import { headers } from "next/headers";
import { Suspense, type ReactNode } from "react";
import { OrganizationSwitcher, UserButton } from "@/components/auth/clerk";
import { Brand, LocalModeBadge } from "@/components/brand";
import { LocalAccountMenu } from "@/components/nav/account-menu";
import { NavLinks } from "@/components/nav/nav-links";
import { ProjectSwitcher } from "@/components/nav/project-switcher";
import { ScreenWidthGuess } from "@/components/ui/screen-width";
import { requirePageSession } from "@/lib/auth/page";
import { authMode } from "@/lib/auth/mode";
import { listProjects } from "@/lib/data";
import { looksLikePhone } from "@/lib/http/phone";
import { signOutAction } from "../sign-in/actions";
import { issueApiTokenAction } from "./account-actions";

// Dashboard frame: guard -> data layer -> navigation. Pages guard themselves too.
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await requirePageSession();
  const projects = (await listProjects(session.workspaceId)).map((p) => ({ id: p.id, name: p.name }));
  const clerk = authMode() === "clerk";

  const account = clerk ? (
    <div className="flex items-center gap-2">
      <OrganizationSwitcher hidePersonal afterSelectOrganizationUrl="/settings/api-keys" />
      <UserButton />
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
      {/* The first Tab stop of every page: past the navigation, to the page itself. */}
      <a
        href="#content"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-surface focus:px-3 focus:py-2 focus:text-sm focus:font-medium focus:text-fg focus:shadow-lg focus:ring-2 focus:ring-accent"
      >
        Skip to content
      </a>
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
        {/* Below 768 px the sidebar's project picker and pages sit here, in a landmark of their own. */}
        <section aria-label="Project and pages" className="space-y-3 border-b border-border bg-surface px-4 py-2 md:hidden">
          <Suspense>
            <ProjectSwitcher projects={projects} />
            <nav aria-label="Main">
              <NavLinks orientation="horizontal" role={session.role} />
            </nav>
          </Suspense>
        </section>
        <main id="content" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 p-4 outline-none md:p-8">
          {/* Tables render as cards on a phone from the first byte (elsewhere once the width is known). */}
          <ScreenWidthGuess narrow={looksLikePhone(await headers())}>{children}</ScreenWidthGuess>
        </main>
      </div>
    </div>
  );
}
