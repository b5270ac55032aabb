// Settings -> Identities: create an identity through the dialog (empty and duplicate external
// ids are refused inline), open its page, add to and set its balance and see the ledger, see a
// key the API gave it, and follow the link from that key's page back. The flow runs in the light
// theme; the dark one checks its dialogs' colours; and 375 px.
import type { Page } from "@playwright/test";
import { ApiClient } from "../support/api";
import { baseURL } from "../support/env";
import { ownWorkspace } from "../support/tokens";
import { expect, inspect, open, test } from "./fixtures";

async function signInWith(page: Page, token: string) {
  await page.context().addCookies([{ name: "__session", value: token, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
}

test("create an identity, change its credits, and see its keys", async ({ page }) => {
  const tokens = await ownWorkspace("ui-identities");
  const admin = new ApiClient(tokens.admin);
  const project = await admin.createProject("Billing");
  await signInWith(page, tokens.admin);
  await open(page, "/settings/identities");
  await expect(page.getByRole("heading", { name: "Identities", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).first().getByRole("link", { name: "Identities" })).toBeVisible();
  await expect(page.getByText("No identities yet.")).toBeVisible();

  await page.getByRole("button", { name: "New identity" }).click();
  const dialog = page.getByRole("dialog", { name: "New identity" });
  await dialog.getByRole("button", { name: "Create identity" }).click();
  await expect(dialog.getByText("Enter the identity's external id.")).toBeVisible();
  await expect(dialog.getByLabel("External id")).toHaveAttribute("aria-invalid", "true");
  await dialog.getByLabel("External id").fill("cust_initech");
  await dialog.getByLabel("Name (optional)").fill("Initech");
  await dialog.getByLabel("Starting credits (optional)").fill("100");
  await inspect(page, "identities-create");
  await dialog.getByRole("button", { name: "Create identity" }).click();

  // A new identity opens its own page.
  await expect(page.getByRole("heading", { name: "cust_initech", level: 1 })).toBeVisible();
  const identityId = page.url().split("/").at(-1)!;
  await expect(page.getByText("No keys yet.")).toBeVisible();
  await expect(page.getByText("No changes yet.")).toBeVisible();

  // A second identity with the same external id is refused on the field, the form kept.
  await open(page, "/settings/identities");
  const table = page.getByRole("table", { name: "Identities" });
  await expect(table.getByRole("row", { name: new RegExp("cust_initech") })).toContainText("Initech");
  await expect(table.getByRole("row", { name: new RegExp("cust_initech") })).toContainText("100");
  await page.getByRole("button", { name: "New identity" }).click();
  await dialog.getByLabel("External id").fill("cust_initech");
  await dialog.getByRole("button", { name: "Create identity" }).click();
  await expect(dialog.getByText("Another identity of this workspace has this external id.")).toBeVisible();
  await expect(dialog.getByLabel("External id")).toHaveValue("cust_initech");
  await inspect(page, "identities-create-duplicate");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await inspect(page, "identities");

  // Search is done by the server: another text finds nothing.
  await page.getByRole("searchbox", { name: "Search identities" }).fill("nobody-like-this");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByText("No identity matches “nobody-like-this”.")).toBeVisible();
  await page.getByRole("searchbox", { name: "Search identities" }).fill("INITECH");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.getByRole("link", { name: "cust_initech" }).click();
  await expect(page.getByRole("heading", { name: "cust_initech", level: 1 })).toBeVisible();

  const credits = page.getByRole("region", { name: "Credits" });
  const ledger = page.getByRole("table", { name: "Credit ledger" });
  await expect(credits.getByRole("definition").first()).toHaveText("100");

  await credits.getByRole("button", { name: "Add" }).click();
  const add = page.getByRole("dialog", { name: "Add credits" });
  await add.getByRole("button", { name: "Add credits" }).click();
  await expect(add.getByText("amount must be a whole number of credits.")).toBeVisible();
  await add.getByLabel("Amount").fill("50");
  await add.getByLabel("Reason (optional)").fill("Bought a top-up");
  await add.getByRole("button", { name: "Add credits" }).click();
  await expect(add).toBeHidden();
  await expect(credits.getByRole("definition").first()).toHaveText("150");
  await expect(ledger.getByRole("row").nth(1)).toContainText("Added +50");
  await expect(ledger.getByRole("row").nth(1)).toContainText("150");
  await expect(ledger.getByRole("row").nth(1)).toContainText("Bought a top-up");
  await expect(ledger.getByRole("row").nth(1)).toContainText("Ada Lovelace");

  await credits.getByRole("button", { name: "Set" }).click();
  const set = page.getByRole("dialog", { name: "Set credits" });
  await set.getByLabel("Amount").fill("20");
  await set.getByLabel("Reason (optional)").fill("Billing correction");
  await inspect(page, "identity-set-credits");
  await set.getByRole("button", { name: "Set balance" }).click();
  await expect(set).toBeHidden();
  await expect(credits.getByRole("definition").first()).toHaveText("20");
  await expect(ledger.getByRole("row").nth(1)).toContainText("Set 20");
  await expect(ledger.getByRole("row").nth(1)).toContainText("Billing correction");
  await expect(ledger.getByRole("row").nth(2)).toContainText("Added +50");
  // The dashboard changed the same balance the API reads.
  const read = await admin.call("GET", `/api/v1/identities/${identityId}`);
  expect(read.body.credits.remaining).toBe(20);

  // A monthly refill: the balance is then shown against the refill amount.
  await expect(credits.getByRole("definition").nth(1)).toHaveText("None");
  await credits.getByRole("button", { name: "Edit refill", exact: true }).click();
  const refill = page.getByRole("dialog", { name: "Edit refill" });
  await expect(refill.getByText("The balance stays as it is (now 20): change it with Add or Set.")).toBeVisible();
  await refill.getByLabel("Refill", { exact: true }).selectOption("monthly");
  await refill.getByRole("button", { name: "Save" }).click();
  await expect(refill.getByText("amount must be a whole number of credits.")).toBeVisible();
  await refill.getByLabel("Refill amount").fill("500");
  await expect(refill.getByText("amount must be a whole number of credits.")).toHaveCount(0);
  await refill.getByLabel("Day of the month").fill("15");
  await refill.getByLabel("Low-balance alert below (optional)").fill("10");
  await inspect(page, "identity-edit-refill");
  await refill.getByRole("button", { name: "Save" }).click();
  await expect(refill).toBeHidden();
  await expect(credits.getByRole("definition").nth(1)).toHaveText("500 credits on day 15 of every month (UTC)");
  await expect(credits.getByRole("meter", { name: "Credits of cust_initech" })).toHaveAttribute("aria-valuenow", "20");
  await expect(credits.getByRole("definition").nth(3)).toHaveText("10");
  const refilled = await admin.call("GET", `/api/v1/identities/${identityId}`);
  expect(refilled.body.credits).toMatchObject({ remaining: 20, refill: { amount: 500, interval: "monthly", day_of_month: 15 }, low_threshold: 10 });

  // A key the API gives the identity is listed on its page, and its page links back.
  const key = await admin.createKey(project.project_id, { name: "Initech backend", identity_id: identityId, credits: { remaining: 7 } });
  await page.reload();
  const keys = page.getByRole("table", { name: "Keys of this identity" });
  const row = keys.getByRole("row", { name: /Initech backend/ });
  await expect(row).toContainText("Billing");
  await expect(row).toContainText("Active");
  await inspect(page, "identity");
  await row.getByRole("link", { name: "Initech backend" }).click();
  await expect(page.getByRole("heading", { name: "Initech backend", level: 1 })).toBeVisible();
  expect(page.url()).toContain(key.key_id);
  await expect(page.getByRole("term").filter({ hasText: /^Credits$/ })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: /^7$/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "cust_initech" })).toBeVisible();
  await page.getByRole("link", { name: "cust_initech" }).click();
  await expect(page.getByRole("heading", { name: "cust_initech", level: 1 })).toBeVisible();
});

// The dark theme's colours on the dialogs the flow above opens (the pages themselves are
// scanned in both themes by the accessibility sweep).
test("the dark theme: New identity with an error, Set credits and Edit refill", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  const tokens = await ownWorkspace("ui-identities-dark");
  const admin = new ApiClient(tokens.admin);
  const created = await admin.call("POST", "/api/v1/identities", { body: { external_id: "cust_dark", credits: { remaining: 100 } } });
  expect(created.status).toBe(201);
  await signInWith(page, tokens.admin);
  await open(page, "/settings/identities");
  await page.getByRole("button", { name: "New identity" }).click();
  const dialog = page.getByRole("dialog", { name: "New identity" });
  await dialog.getByRole("button", { name: "Create identity" }).click();
  await expect(dialog.getByText("Enter the identity's external id.")).toBeVisible();
  await inspect(page, "identities-create-error");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  await open(page, `/settings/identities/${created.body.id}`);
  const credits = page.getByRole("region", { name: "Credits" });
  await credits.getByRole("button", { name: "Set" }).click();
  const set = page.getByRole("dialog", { name: "Set credits" });
  await set.getByLabel("Amount").fill("20");
  await inspect(page, "identity-set-credits");
  await page.keyboard.press("Escape");
  await expect(set).toBeHidden();
  await credits.getByRole("button", { name: "Edit refill", exact: true }).click();
  const refill = page.getByRole("dialog", { name: "Edit refill" });
  await refill.getByLabel("Refill", { exact: true }).selectOption("monthly");
  await refill.getByRole("button", { name: "Save" }).click();
  await expect(refill.getByText("amount must be a whole number of credits.")).toBeVisible();
  await inspect(page, "identity-edit-refill-error");
});

test("members see identities and their credits but cannot change them", async ({ page }) => {
  const tokens = await ownWorkspace("ui-identities-member");
  const admin = new ApiClient(tokens.admin);
  const created = await admin.call("POST", "/api/v1/identities", { body: { external_id: "cust_member_view", credits: { remaining: 5 } } });
  expect(created.status).toBe(201);
  await signInWith(page, tokens.member);
  await open(page, "/settings/identities");
  await expect(page.getByRole("table", { name: "Identities" })).toContainText("cust_member_view");
  await expect(page.getByRole("button", { name: "New identity" })).toHaveCount(0);
  await page.getByRole("link", { name: "cust_member_view" }).click();
  await expect(page.getByRole("heading", { name: "cust_member_view", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Credits" }).getByRole("button")).toHaveCount(0);
});

test("at 375 px, the list and an identity fit without sideways scroll", async ({ page }) => {
  const tokens = await ownWorkspace("ui-identities-375");
  const admin = new ApiClient(tokens.admin);
  const identities = [
    { external_id: "org_2f9c1e7a0b4d4c3e9a8f6b5d1c2e3f4a-with-a-very-long-external-id", name: "A customer with a long name, Incorporated", credits: { remaining: 1250, refill: { amount: 5000, interval: "monthly" } } },
    { external_id: "cust_unlimited" },
    { external_id: "cust_fixed", credits: { remaining: 42 } },
  ];
  for (const body of identities) expect((await admin.call("POST", "/api/v1/identities", { body })).status).toBe(201);
  await page.setViewportSize({ width: 375, height: 812 });
  await signInWith(page, tokens.admin);
  await open(page, "/settings/identities");
  const table = page.getByRole("table", { name: "Identities" });
  await expect(table.getByRole("row", { name: /cust_unlimited/ })).toContainText("Unlimited");
  await expect(table.getByRole("meter", { name: /^Credits of org_2f9c/ })).toHaveAttribute("aria-valuenow", "1250");
  await expect(table.getByRole("row", { name: /cust_fixed/ })).toContainText("42");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await inspect(page, "identities-375");
  await page.getByRole("link", { name: /^org_2f9c/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("org_2f9c");
  const identityOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(identityOverflow).toBeLessThanOrEqual(0);
  await inspect(page, "identity-375");
});
