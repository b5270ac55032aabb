// A key's identity and credits in the browser: the Create dialog finds an identity by search and
// gives the key a balance with a refill (a missing balance refused on its field); the Edit
// dialog moves the key to another identity and changes its alert while verifications spend
// the balance, which it keeps; the identity's page lists the key and charts its keys'
// verifications; its ledger shows older entries a page at a time. Light, dark, and 375 px.
import type { Locator, Page } from "@playwright/test";
import { ApiClient, verify } from "../support/api";
import { baseURL } from "../support/env";
import { ownWorkspace } from "../support/tokens";
import { expect, inspect, open, takeNewKey, test } from "./fixtures";

async function signInWith(page: Page, token: string) {
  await page.context().addCookies([{ name: "__session", value: token, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
}

/** Chooses the identity whose external id is `externalId` in a dialog's picker, by searching for `search`. */
async function pickIdentity(dialog: Locator, search: string, externalId: string) {
  await dialog.getByRole("searchbox", { name: "Search identities" }).fill(search);
  await expect(dialog.getByRole("status").filter({ hasText: `“${search}”` })).toHaveText(`1 identity matches “${search}”.`);
  await dialog.getByRole("radio", { name: externalId }).check();
}

/** No sideways scroll at this width. */
async function expectNoOverflow(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

// The whole flow runs once, in the light theme; the dark theme's test below opens the same
// dialog and pages.
for (const scheme of ["light"] as const) {
  test.describe(`${scheme}`, () => {
    test.use({ colorScheme: scheme });

    test("a key gets an identity and credits, changes both, and shows on the identity's page with its usage and ledger", async ({ page }) => {
      const tokens = await ownWorkspace(`ui-identity-keys-${scheme}`);
      const admin = new ApiClient(tokens.admin);
      const project = await admin.createProject(`Metered ${scheme}`);
      const identity = async (body: Record<string, unknown>) => {
        const created = await admin.call("POST", "/api/v1/identities", { body });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        return created.body as { id: string };
      };
      const alpha = await identity({ external_id: "cust_alpha", name: "Alpha Widgets", credits: { remaining: 1000 } });
      const beta = await identity({ external_id: "cust_beta", name: "Beta Labs" });
      for (const n of [1, 2, 3]) await identity({ external_id: `cust_other_${n}` });
      const gone = await identity({ external_id: "cust_gone" });
      // More changes than one page of the ledger shows.
      for (let i = 1; i <= 22; i++) {
        const added = await admin.call("POST", `/api/v1/identities/${alpha.id}/credits`, { body: { op: "add", amount: i, reason: `top-up ${i}` } });
        expect(added.status).toBe(200);
      }
      await signInWith(page, tokens.admin);

      // Create: search finds one identity; a balance is required once chosen.
      await open(page, `/settings/api-keys?project=${project.project_id}`);
      await page.getByRole("button", { name: "Create Key" }).click();
      const create = page.getByRole("dialog", { name: "Create API Key" });
      await create.getByLabel("Key Name").fill("metered backend");
      await expect(create.getByRole("radio", { name: "No identity" })).toBeChecked();
      await expect(create.getByRole("status").filter({ hasText: "newest" })).toHaveText("The newest identities. Search to find others.");
      await create.getByRole("searchbox", { name: "Search identities" }).fill("nobody");
      await expect(create.getByRole("status").filter({ hasText: "nobody" })).toHaveText("No identity matches “nobody”.");
      // An identity deleted while the dialog is open: the server's refusal is on the picker.
      await pickIdentity(create, "gone", "cust_gone");
      expect((await admin.call("DELETE", `/api/v1/identities/${gone.id}`)).status).toBe(200);
      await create.getByRole("button", { name: "Create key" }).click();
      await expect(create.getByRole("group", { name: "Identity" }).getByRole("alert")).toHaveText("No identity with this id in this workspace.");
      await pickIdentity(create, "ALPHA", "cust_alpha Alpha Widgets");
      await create.getByRole("radio", { name: "A balance" }).check();
      await create.getByRole("button", { name: "Create key" }).click();
      await expect(create.getByLabel("Balance", { exact: true })).toHaveAttribute("aria-invalid", "true");
      await expect(create.getByText("remaining must be a whole number of credits.")).toBeVisible();
      await create.getByLabel("Balance", { exact: true }).fill("50");
      await expect(create.getByText("remaining must be a whole number of credits.")).toHaveCount(0);
      await create.getByLabel("Refill", { exact: true }).selectOption("monthly");
      await create.getByLabel("Refill amount").fill("200");
      await create.getByLabel("Day of the month").fill("5");
      await create.getByLabel("Low-balance alert below (optional)").fill("10");
      await create.getByLabel("Low-balance alert below (optional)").scrollIntoViewIfNeeded();
      await inspect(page, "key-create-identity-credits");
      await create.getByRole("button", { name: "Create key" }).click();
      const plaintext = await takeNewKey(page);
      const readKey = async () => ((await admin.listKeys(project.project_id)).body as { name: string; key_id: string }[]).find((k) => k.name === "metered backend")!;
      const created = await readKey();
      expect(created).toMatchObject({ identity_id: alpha.id, credits: { remaining: 50, refill: { amount: 200, interval: "monthly", day_of_month: 5 }, low_threshold: 10 } });

      // Edit: the balance verifications spend while the dialog is open is kept; the identity changes.
      expect((await verify(plaintext, { cost: 4 })).status).toBe(200);
      await open(page, `/settings/api-keys/${created.key_id}`);
      await expect(page.getByRole("meter", { name: "Credits of this key" })).toHaveAttribute("aria-valuenow", "46");
      await page.getByRole("group", { name: "Key actions" }).getByRole("button", { name: "Edit" }).click();
      const edit = page.getByRole("dialog", { name: "Edit API Key" });
      await expect(edit.getByRole("radio", { name: "cust_alpha Alpha Widgets" })).toBeChecked();
      await expect(edit.getByRole("radio", { name: "A balance" })).toBeChecked();
      await expect(edit.getByRole("radio", { name: /^Keep the current balance/ })).toBeChecked();
      await expect(edit.getByText("46 when this dialog opened")).toBeVisible();
      await expect(edit.getByLabel("Refill amount")).toHaveValue("200");
      expect((await verify(plaintext, { cost: 6 })).status).toBe(200);
      expect((await verify(plaintext, { cost: 999 })).status).not.toBe(200);
      await pickIdentity(edit, "beta", "cust_beta Beta Labs");
      await edit.getByLabel("Low-balance alert below (optional)").fill("5");
      await edit.getByLabel("Low-balance alert below (optional)").scrollIntoViewIfNeeded();
      await inspect(page, "key-edit-identity-credits");
      await edit.getByRole("button", { name: "Save changes" }).click();
      await expect(edit).toBeHidden();
      expect(await readKey()).toMatchObject({ identity_id: beta.id, credits: { remaining: 40, refill: { amount: 200, interval: "monthly", day_of_month: 5 }, low_threshold: 5 } });
      await expect(page.getByRole("link", { name: "cust_beta" })).toBeVisible();
      await expect(page.getByRole("meter", { name: "Credits of this key" })).toHaveAttribute("aria-valuenow", "40");

      // A new balance, set on purpose, replaces it and is in the key's ledger.
      await page.getByRole("group", { name: "Key actions" }).getByRole("button", { name: "Edit" }).click();
      await edit.getByRole("radio", { name: /^Set a new balance/ }).check();
      await edit.getByLabel("New balance", { exact: true }).fill("75");
      await edit.getByRole("button", { name: "Save changes" }).click();
      await expect(edit).toBeHidden();
      await expect(page.getByRole("meter", { name: "Credits of this key" })).toHaveAttribute("aria-valuenow", "75");
      const keyLedger = await admin.call("GET", `/api/v1/projects/${project.project_id}/keys/${created.key_id}/credits/ledger`);
      expect(keyLedger.body).toEqual([expect.objectContaining({ kind: "set", balance: 75 })]);

      // The identity's page: the key, and its verifications (two valid, one refused) charted.
      await page.getByRole("link", { name: "cust_beta" }).click();
      await expect(page.getByRole("heading", { name: "cust_beta", level: 1 })).toBeVisible();
      await expect(page.getByRole("table", { name: "Keys of this identity" }).getByRole("row", { name: /metered backend/ })).toBeVisible();
      const usage = page.getByRole("region", { name: "Usage" });
      await expect(usage).toContainText("2 valid and 1 invalid verifications in the last 30 days");
      await inspect(page, "identity-usage");

      // The ledger: the latest 20, then the older ones.
      await open(page, `/settings/identities/${alpha.id}`);
      const ledger = page.getByRole("table", { name: "Credit ledger" });
      await expect(ledger.getByRole("row")).toHaveCount(21);
      await expect(ledger.getByRole("row").nth(1)).toContainText("top-up 22");
      await page.getByRole("button", { name: "Show older" }).click();
      await expect(ledger.getByRole("row")).toHaveCount(23);
      await expect(ledger.getByRole("row").last()).toContainText("top-up 1");
      await expect(page.getByRole("button", { name: "Show older" })).toHaveCount(0);
      await inspect(page, "identity-ledger-older");

      // 375 px: the Edit dialog's new fields and the identity's page fit.
      await page.setViewportSize({ width: 375, height: 812 });
      await open(page, `/settings/identities/${beta.id}`);
      await expectNoOverflow(page);
      await inspect(page, "identity-usage-375");
      await open(page, `/settings/api-keys/${created.key_id}`);
      await page.getByRole("group", { name: "Key actions" }).getByRole("button", { name: "Edit" }).click();
      await edit.getByRole("radio", { name: /^Set a new balance/ }).check();
      await edit.getByLabel("Refill", { exact: true }).scrollIntoViewIfNeeded();
      await expectNoOverflow(page);
      await inspect(page, "key-edit-identity-credits-375");
    });
  });
}

test.describe("dark", () => {
  test.use({ colorScheme: "dark" });

  test("the Create dialog's identity and credits, and an identity's page with its keys, usage and ledger", async ({ page }) => {
    const tokens = await ownWorkspace("ui-identity-keys-dark");
    const admin = new ApiClient(tokens.admin);
    const project = await admin.createProject("Metered dark");
    const created = await admin.call("POST", "/api/v1/identities", { body: { external_id: "cust_dark", name: "Dark Co", credits: { remaining: 1000 } } });
    expect(created.status).toBe(201);
    const key = await admin.createKey(project.project_id, { name: "dark backend", identity_id: created.body.id });
    expect((await verify(key.key)).status).toBe(200);
    await signInWith(page, tokens.admin);
    await open(page, `/settings/api-keys?project=${project.project_id}`);
    await page.getByRole("button", { name: "Create Key" }).click();
    const create = page.getByRole("dialog", { name: "Create API Key" });
    await pickIdentity(create, "dark", "cust_dark Dark Co");
    await create.getByRole("radio", { name: "A balance" }).check();
    await create.getByRole("button", { name: "Create key" }).click();
    await expect(create.getByText("remaining must be a whole number of credits.")).toBeVisible();
    await create.getByLabel("Refill", { exact: true }).selectOption("monthly");
    await create.getByLabel("Low-balance alert below (optional)").scrollIntoViewIfNeeded();
    await inspect(page, "key-create-identity-credits");
    await open(page, `/settings/identities/${created.body.id}`);
    await expect(page.getByRole("table", { name: "Keys of this identity" }).getByRole("row", { name: /dark backend/ })).toBeVisible();
    await expect(page.getByRole("region", { name: "Usage" })).toBeVisible();
    await inspect(page, "identity-usage");
  });
});
