// Which sign-in Keyport uses. Read at run time (bracket access keeps Next from inlining
// NEXT_PUBLIC_* at build time), so one build serves both modes.

export type AuthMode = "clerk" | "local";

export function clerkPublishableKey(): string | undefined {
  return process.env["NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY"] || undefined;
}

/** Clerk mode when both Clerk keys are set; local mode otherwise. */
export function authMode(): AuthMode {
  return clerkPublishableKey() && process.env["CLERK_SECRET_KEY"] ? "clerk" : "local";
}

/** The cookie that carries a dashboard session: Clerk's name, used by local mode too. */
export const SESSION_COOKIE = "__session";
