// Which sign-in Keyport uses, read from the validated configuration at run time, so one
// build serves both modes.
import { env } from "@/lib/env";

export type AuthMode = "clerk" | "local";

export function clerkPublishableKey(): string | undefined {
  return env().NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY;
}

/** Clerk mode when both Clerk keys are set; local mode otherwise. */
export function authMode(): AuthMode {
  return clerkPublishableKey() && env().CLERK_SECRET_KEY ? "clerk" : "local";
}

/** The cookie that carries a dashboard session: Clerk's name, used by local mode too. */
export const SESSION_COOKIE = "__session";
