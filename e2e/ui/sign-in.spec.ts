// Local mode's sign-in, per person, and sign-out.
import { ApiClient } from "../support/api";
import { sessionToken } from "../support/tokens";
import { expect, open, test } from "./fixtures";

test("a page without a session redirects to sign-in", async ({ page }) => {
  await page.goto("/settings/api-keys");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.getByText("Local mode", { exact: true })).toBeVisible();
});

test("the Acme admin signs in, sees Acme's keys with write controls, and signs out", async ({ page }) => {
  await open(page, "/sign-in");
  await page.getByRole("button", { name: /Sign in as Ada Lovelace, admin of Acme/ }).click();
  await expect(page).toHaveURL(/\/settings\/api-keys/);
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("heading", { name: "API Keys", level: 1 })).toBeVisible();
  await expect(page.getByRole("banner").getByText("Acme", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Create Key" })).toBeVisible();
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/settings/api-keys");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("the Acme member sees keys but no create or revoke controls", async ({ page, acmeProject }) => {
  await new ApiClient(sessionToken("acmeAdmin")).createKey(acmeProject.id, { name: "visible to members" });
  await open(page, "/sign-in");
  await page.getByRole("button", { name: /Sign in as Max Mustermann, member of Acme/ }).click();
  await expect(page).toHaveURL(/\/settings\/api-keys/);
  await open(page, `/settings/api-keys?project=${acmeProject.id}`);
  await expect(page.getByRole("cell", { name: /visible to members/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Create Key" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Revoke / })).toHaveCount(0);
  await open(page, "/projects");
  await expect(page.getByRole("button", { name: "New project" })).toHaveCount(0);
});

test("the Globex admin never sees Acme's keys", async ({ page, acmeProject }) => {
  const secretName = `acme-only-${Date.now()}`;
  await new ApiClient(sessionToken("acmeAdmin")).createKey(acmeProject.id, { name: secretName, all_projects: true });
  await open(page, "/sign-in");
  await page.getByRole("button", { name: /Sign in as Grace Hopper, admin of Globex/ }).click();
  await expect(page.getByRole("banner").getByText("Globex", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Create Key" })).toBeVisible();
  await expect(page.getByText(secretName)).toHaveCount(0);
  // Not even through a link to Acme's project.
  await open(page, `/settings/api-keys?project=${acmeProject.id}`);
  await expect(page.getByText(secretName)).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "API Keys", level: 1 })).toBeVisible();
});
