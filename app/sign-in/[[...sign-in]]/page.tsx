import type { Metadata } from "next";
import { SignIn } from "@/components/auth/clerk";
import { Brand, LocalModeBadge } from "@/components/brand";
import { LOCAL_PEOPLE } from "@/lib/auth/local-people";
import { authMode } from "@/lib/auth/mode";
import { signInAsAction } from "../actions";

export const metadata: Metadata = { title: "Sign in" };

export default function SignInPage() {
  if (authMode() === "clerk") {
    return (
      <main className="grid min-h-dvh place-items-center p-4">
        <SignIn />
      </main>
    );
  }
  const workspaces = [...new Set(LOCAL_PEOPLE.map((p) => p.orgName))];
  return (
    <main className="grid min-h-dvh place-items-center p-4">
      <div className="w-full max-w-md rounded-xl border border-border bg-surface p-6 shadow-sm">
        <div className="mb-6 flex items-center justify-between">
          <Brand />
          <LocalModeBadge />
        </div>
        <h1 className="text-xl font-semibold">Sign in</h1>
        <p className="mt-1 text-sm text-fg-muted">
          Local mode: choose a seeded person. Configure Clerk to sign in real users.
        </p>
        {workspaces.map((workspace) => (
          <section key={workspace} className="mt-6" aria-labelledby={`ws-${workspace}`}>
            <h2 id={`ws-${workspace}`} className="mb-2 text-xs font-semibold tracking-wide text-fg-muted uppercase">
              {workspace}
            </h2>
            <ul className="space-y-2">
              {LOCAL_PEOPLE.filter((p) => p.orgName === workspace).map((person) => (
                <li key={person.userId}>
                  <form action={signInAsAction}>
                    <input type="hidden" name="userId" value={person.userId} />
                    <button
                      type="submit"
                      className="flex w-full items-center justify-between rounded-lg border border-border px-4 py-3 text-left hover:border-accent hover:bg-muted"
                      aria-label={`Sign in as ${person.name}, ${person.role} of ${workspace}`}
                    >
                      <span>
                        <span className="block text-sm font-medium">{person.name}</span>
                        <span className="block text-xs text-fg-muted">{person.email}</span>
                      </span>
                      <span className="text-xs font-medium text-fg-muted capitalize">{person.role}</span>
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </main>
  );
}
