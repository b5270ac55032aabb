// Clerk mode (KEYPORT_E2E_AUTH=clerk): Clerk's testing token for the run, from your Clerk
// instance's keys (CLERK_PUBLISHABLE_KEY, CLERK_SECRET_KEY). Needs Clerk's servers.
import { clerkSetup } from "@clerk/testing/playwright";

export default async function setup(): Promise<void> {
  await clerkSetup();
}
