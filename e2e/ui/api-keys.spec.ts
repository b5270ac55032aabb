// Settings -> API Keys: create (each environment), copy, reveal once, revoke, defaults,
// validation, keyboard only, and paging/sorting/filtering over hundreds of keys.
import { ApiClient, verify } from "../support/api";
import { baseURL } from "../support/env";
import { sessionToken } from "../support/tokens";
import { expect, keysTable, open, test } from "./fixtures";

test.beforeEach(async ({ context, signIn }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await signIn("acmeAdmin");
});

for (const [environment, label, prefix] of [
  ["live", "Production", "fp_live_"],
  ["test", "Staging", "fp_test_"],
] as const) {
  test(`creates a ${label} key, copies it, and the key is never shown again`, async ({ page, acmeProject }) => {
    await open(page, `/settings/api-keys?project=${acmeProject.id}`);
    await page.getByRole("button", { name: "Create Key" }).click();
    const dialog = page.getByRole("dialog", { name: "Create API Key" });
    await dialog.getByLabel("Key Name").fill(`${label} API Key`);
    await dialog.getByRole("radio", { name: new RegExp(label) }).check();
    await dialog.getByLabel("Description (optional)").fill("made by the e2e suite");
    await dialog.getByRole("checkbox", { name: /flags:read/ }).check();
    await dialog.getByRole("button", { name: "Create key" }).click();

    const reveal = page.getByRole("dialog", { name: "API Key Created" });
    await expect(reveal).toBeVisible();
    await expect(reveal.getByText("This key will not be shown again")).toBeVisible();
    const shown = (await reveal.getByLabel("New API key").textContent())!.trim();
    expect(shown.startsWith(prefix)).toBe(true);
    await reveal.getByRole("button", { name: "Copy" }).click();
    await expect(reveal.getByRole("button", { name: "Copied" })).toBeVisible();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(shown);

    const verified = await verify(copied, { app_id: acmeProject.id, environment, scopes: ["flags:read"] });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ name: `${label} API Key`, environment });

    // Closing asks for confirmation first.
    await expect(reveal.getByRole("button", { name: "Done" })).toBeDisabled();
    await page.keyboard.press("Escape");
    await expect(reveal.getByText(/Confirm that you have saved the key/)).toBeVisible();
    await reveal.getByLabel("I have saved this key").check();
    await reveal.getByRole("button", { name: "Done" }).click();
    await expect(reveal).toBeHidden();

    expect(await page.content()).not.toContain(copied.slice(8));
    await page.reload();
    await page.waitForLoadState("networkidle");
    const row = page.getByRole("row", { name: new RegExp(`${label} API Key`) });
    await expect(row).toContainText(`${copied.slice(0, 16)}…`);
    await expect(row).toContainText(label);
    await expect(row).toContainText("Active");
    expect(await page.content()).not.toContain(copied.slice(16));
  });
}

test("shows validation errors inline, from the shared schema", async ({ page, acmeProject }) => {
  await open(page, `/settings/api-keys?project=${acmeProject.id}`);
  await page.getByRole("button", { name: "Create Key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create API Key" });
  await dialog.getByRole("button", { name: "Create key" }).click();
  const name = dialog.getByLabel("Key Name");
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByText("Enter a name for the key.")).toBeVisible();
  await expect(name).toBeFocused();
  await name.fill("bad/name!");
  await dialog.getByLabel("Expiration").selectOption("custom");
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByText("Use letters, numbers, spaces, and _ - . only.")).toBeVisible();
  await expect(dialog.getByText("Choose an expiry date.")).toBeVisible();
  await name.fill("x".repeat(70));
  await dialog.getByLabel("Expires on").fill("2001-01-01");
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByText("Use at most 64 characters.")).toBeVisible();
  await expect(dialog.getByText("Choose a date in the future.")).toBeVisible();
  const described = await name.getAttribute("aria-describedby");
  expect(await page.locator(`[id="${described}"]`).textContent()).toBe("Use at most 64 characters.");
});

test("revokes a key: the dialog names it, a toast confirms, and the key stops verifying", async ({ page, acmeProject }) => {
  const created = await new ApiClient(sessionToken("acmeAdmin")).createKey(acmeProject.id, { name: "to be revoked" });
  expect((await verify(created.key)).status).toBe(200);
  // Wait for the batched last-used write, so the dialog can say when.
  await expect
    .poll(async () => (await new ApiClient(sessionToken("acmeAdmin")).listKeys(acmeProject.id, "?q=to%20be%20revoked")).body[0]?.last_used_at, { timeout: 12_000 })
    .toBeTruthy();
  await open(page, `/settings/api-keys?project=${acmeProject.id}`);
  await page.getByRole("button", { name: "Revoke to be revoked" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Revoke API Key" });
  await expect(dialog).toContainText("to be revoked");
  // What revoking cuts off: the key's last 24 hours, and its last use.
  await expect(dialog.getByTestId("key-impact")).toContainText("1 valid and 0 invalid verifications in the last 24 hours.");
  await expect(dialog.getByTestId("key-impact")).toContainText("Last used");
  await expect(dialog).toContainText("immediately loses access");
  await dialog.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByRole("region", { name: /Notifications/ })).toContainText("was revoked");
  await expect(page.getByRole("row", { name: /to be revoked/ })).toContainText("Revoked");
  expect((await verify(created.key)).status).toBe(401);
});

test("a row's actions stay in view when the table is wider than the window", async ({ page, acmeProject }) => {
  await new ApiClient(sessionToken("acmeAdmin")).createKey(acmeProject.id, { name: "actions in view" });
  await page.setViewportSize({ width: 1100, height: 900 });
  await open(page, `/settings/api-keys?project=${acmeProject.id}`);
  const table = page.getByRole("table", { name: /API keys of/ });
  // The table scrolls sideways inside its box: its columns do not fit this window.
  expect(await table.evaluate((t) => t.parentElement!.scrollWidth > t.parentElement!.clientWidth)).toBe(true);
  for (const action of ["Edit", "Roll", "Revoke"]) {
    await expect(page.getByRole("button", { name: `${action} actions in view` })).toBeInViewport({ ratio: 1 });
  }
});

test("the default key can be neither revoked nor deactivated, and says why", async ({ page, acmeProject }) => {
  await open(page, `/settings/api-keys?project=${acmeProject.id}`);
  for (const [action, says] of [
    ["Revoke", "cannot be revoked"],
    ["Deactivate", "cannot be deactivated"],
  ] as const) {
    const button = page.getByRole("button", { name: new RegExp(`^${action} .* \\(not available for the default key\\)$`) });
    await expect(button).toBeDisabled();
    await button.locator("..").hover();
    await expect(page.getByRole("tooltip", { name: new RegExp(`default key.*${says}`) })).toBeVisible();
  }
});

test("the whole create flow works with the keyboard alone", async ({ page, acmeProject }) => {
  await open(page, `/settings/api-keys?project=${acmeProject.id}`);
  const create = page.getByRole("button", { name: "Create Key" });
  await create.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Create API Key" });
  await expect(dialog.getByLabel("Key Name")).toBeFocused();
  await page.keyboard.type("Keyboard key");
  await page.keyboard.press("Tab"); // environment radios
  await page.keyboard.press("ArrowRight"); // Staging
  await expect(dialog.getByRole("radio", { name: /Staging/ })).toBeChecked();
  await dialog.getByLabel("Key Name").focus();
  await page.keyboard.press("Enter"); // submits the form
  const reveal = page.getByRole("dialog", { name: "API Key Created" });
  await expect(reveal).toBeVisible();
  const key = (await reveal.getByLabel("New API key").textContent())!.trim();
  expect(key.startsWith("fp_test_")).toBe(true);
  // Focus stays trapped in the dialog while tabbing.
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press("Tab");
    expect(await reveal.evaluate((node) => node.contains(document.activeElement))).toBe(true);
  }
  await reveal.getByLabel("I have saved this key").focus();
  await page.keyboard.press("Space");
  await page.keyboard.press("Tab");
  await expect(reveal.getByRole("button", { name: "Done" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(reveal).toBeHidden();
  // Focus goes to the new key's row: its name, a link to its page.
  await expect(keysTable(page).getByRole("link", { name: "Keyboard key" })).toBeFocused();
});

test("closing a row's dialog returns focus to the row's button that opened it", async ({ page, acmeProject }) => {
  const ada = new ApiClient(sessionToken("acmeAdmin"));
  await ada.createKey(acmeProject.id, { name: "focus target", environment: "test" });
  await open(page, `/settings/api-keys?project=${acmeProject.id}`);
  for (const action of ["Edit", "Roll", "Revoke"]) {
    const button = keysTable(page).getByRole("button", { name: `${action} focus target` });
    await button.focus();
    await page.keyboard.press("Enter");
    const dialog = page.locator("[role=dialog], [role=alertdialog]");
    await expect(dialog).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(button, action).toBeFocused();
  }
});

test("pages, sorts and filters 500+ keys on the server, with shareable URLs", async ({ page, acmeProject }) => {
  test.setTimeout(180_000);
  const ada = new ApiClient(sessionToken("acmeAdmin"));
  for (let batch = 0; batch < 51; batch++) {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        const n = batch * 10 + i;
        return ada.createKey(acmeProject.id, { name: `bulk ${String(n).padStart(3, "0")}`, environment: n % 2 ? "live" : "test" });
      }),
    );
  }
  await open(page, `/settings/api-keys?project=${acmeProject.id}`);
  // Other tests add workspace-wide keys to Acme meanwhile: read the page's own count.
  const shown = await page.getByRole("navigation", { name: "Pagination" }).getByText(/^1–50 of [\d,]+$/).textContent();
  expect(Number(shown!.replace(/^1–50 of /, "").replace(/\D/g, ""))).toBeGreaterThanOrEqual(511);
  await expect(keysTable(page).getByRole("row")).toHaveCount(51); // header + 50

  // Search by name, then sort by name ascending: the first page starts at bulk 000.
  await page.getByRole("searchbox", { name: "Search by name" }).fill("bulk");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/q=bulk/);
  await expect(page.getByText("1–50 of 510")).toBeVisible();
  await keysTable(page).getByRole("columnheader", { name: "Name" }).getByRole("link").click();
  await expect(page).toHaveURL(/sort=name&order=asc/);
  await expect(keysTable(page).getByRole("row").nth(1)).toContainText("bulk 000");
  await expect(keysTable(page).getByRole("columnheader", { name: "Name" })).toHaveAttribute("aria-sort", "ascending");
  await page.getByRole("link", { name: "Next" }).click();
  await expect(keysTable(page).getByRole("row").nth(1)).toContainText("bulk 050");
  await expect(page.getByText("51–100 of 510")).toBeVisible();
  const pageTwo = page.url();
  await page.getByRole("link", { name: "Previous" }).click();
  await expect(keysTable(page).getByRole("row").nth(1)).toContainText("bulk 000");
  // The URL is the view: opening it again gives the same page.
  await open(page, pageTwo);
  await expect(keysTable(page).getByRole("row").nth(1)).toContainText("bulk 050");

  // Filter by environment, and narrow the search.
  await page.getByLabel("Environment", { exact: true }).selectOption("live");
  await expect(page).toHaveURL(/environment=live/);
  await expect(keysTable(page).getByRole("row").nth(1)).toContainText("bulk 001");
  await page.getByRole("searchbox", { name: "Search by name" }).fill("bulk 49");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/q=bulk\+49/);
  await expect(page).toHaveURL(/environment=live/);
  await expect(keysTable(page).getByRole("row")).toHaveCount(6); // 491, 493, 495, 497, 499
  await page.getByLabel("Status", { exact: true }).selectOption("revoked");
  await expect(page.getByText("No keys match these filters.")).toBeVisible();
});
