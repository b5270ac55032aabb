// How the QA flows sign in, and what they tag their data with.
//
//   KEYPORT_E2E_AUTH=local (default)  the deployment's local-mode sign-in page;
//                                     KEYPORT_E2E_USER picks the person (ada@acme.test)
//   KEYPORT_E2E_AUTH=clerk            Clerk's Playwright helpers: a testing token, then a
//                                     password sign-in of KEYPORT_E2E_CLERK_USER with
//                                     KEYPORT_E2E_CLERK_PASSWORD (a test user of your
//                                     Clerk instance; CLERK_PUBLISHABLE_KEY and
//                                     CLERK_SECRET_KEY must be set for clerkSetup)
import { clerk, setupClerkTestingToken } from "@clerk/testing/playwright";
import { expect, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";

/** Whether the flows run against a deployment this suite did not start. */
export const remote = Boolean(process.env.KEYPORT_E2E_BASE_URL);

/** Tags everything one run creates, so that shared workspaces can be cleaned up. */
export const runId = (process.env.KEYPORT_E2E_RUN_ID ??= randomBytes(4).toString("hex"));

const LOCAL_PEOPLE: Record<string, string> = {
  "ada@acme.test": "Ada Lovelace",
  "max@acme.test": "Max Mustermann",
  "grace@globex.test": "Grace Hopper",
};

export async function signIn(page: Page): Promise<void> {
  if (process.env.KEYPORT_E2E_AUTH === "clerk") {
    await setupClerkTestingToken({ page });
    await page.goto("/sign-in");
    await clerk.signIn({
      page,
      signInParams: {
        strategy: "password",
        identifier: required("KEYPORT_E2E_CLERK_USER"),
        password: required("KEYPORT_E2E_CLERK_PASSWORD"),
      },
    });
    await page.goto("/settings/api-keys");
    return;
  }
  const person = LOCAL_PEOPLE[process.env.KEYPORT_E2E_USER ?? "ada@acme.test"];
  if (!person) throw new Error(`KEYPORT_E2E_USER must be one of ${Object.keys(LOCAL_PEOPLE).join(", ")}.`);
  await page.goto("/sign-in");
  await page.getByRole("button", { name: new RegExp(`^Sign in as ${person},`) }).click();
  // The first page a deployment renders after it starts is the slowest it will render.
  await expect(page.getByRole("heading", { name: "API Keys", level: 1 })).toBeVisible({ timeout: 30_000 });
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the Clerk sign-in needs it.`);
  return value;
}
