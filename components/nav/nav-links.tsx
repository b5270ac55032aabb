"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { BarChart3, BookOpen, Bot, FileSearch, FolderKanban, KeyRound, ScrollText, ShieldCheck, Users, Webhook } from "lucide-react";
import { cn } from "@/components/ui/cn";

const LINKS = [
  { href: "/settings/api-keys", label: "API Keys", icon: KeyRound, group: "Settings" },
  { href: "/settings/identities", label: "Identities", icon: Users, group: "Settings" },
  { href: "/settings/usage", label: "Usage", icon: BarChart3, group: "Settings" },
  { href: "/settings/policies", label: "Policies", icon: ShieldCheck, group: "Settings" },
  { href: "/settings/requests", label: "Request lookup", icon: FileSearch, group: "Settings" },
  { href: "/settings/audit-log", label: "Audit log", icon: ScrollText, group: "Settings", adminOnly: true },
  { href: "/settings/webhooks", label: "Webhooks", icon: Webhook, group: "Settings", adminOnly: true },
  { href: "/settings/management-keys", label: "Management keys", icon: Bot, group: "Settings", adminOnly: true },
  { href: "/projects", label: "Projects", icon: FolderKanban, group: "Workspace" },
  { href: "/docs/api", label: "API reference", icon: BookOpen, group: "Workspace" },
] as const;

/** The dashboard's pages; a member is not offered those only admins can use. */
export function NavLinks({
  orientation = "vertical",
  role = "admin",
}: {
  orientation?: "vertical" | "horizontal";
  role?: string;
}) {
  const pathname = usePathname();
  const links = LINKS.filter((link) => role === "admin" || !("adminOnly" in link && link.adminOnly));
  const project = useSearchParams().get("project");
  const suffix = project ? `?project=${project}` : "";
  const groups = [...new Set(links.map((l) => l.group))];
  if (orientation === "horizontal") {
    return (
      <ul className="flex gap-1 overflow-x-auto">
        {links.map(({ href, label, icon: Icon }) => (
          <li key={href}>
            <Link
              href={`${href}${suffix}`}
              aria-current={pathname.startsWith(href) ? "page" : undefined}
              className={cn(
                "inline-flex items-center gap-1.5 rounded-md px-2.5 py-1.5 text-sm whitespace-nowrap",
                pathname.startsWith(href) ? "bg-muted font-medium text-fg" : "text-fg-muted",
              )}
            >
              <Icon className="h-4 w-4" aria-hidden />
              {label}
            </Link>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <div className="space-y-5">
      {groups.map((group) => (
        <div key={group}>
          <p className="mb-1 px-2 text-xs font-semibold tracking-wide text-fg-muted uppercase">{group}</p>
          <ul className="space-y-0.5">
            {links.filter((l) => l.group === group).map(({ href, label, icon: Icon }) => (
              <li key={href}>
                <Link
                  href={`${href}${suffix}`}
                  aria-current={pathname.startsWith(href) ? "page" : undefined}
                  className={cn(
                    "flex items-center gap-2 rounded-md px-2 py-1.5 text-sm",
                    pathname.startsWith(href) ? "bg-muted font-medium text-fg" : "text-fg-muted hover:bg-muted hover:text-fg",
                  )}
                >
                  <Icon className="h-4 w-4" aria-hidden />
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
