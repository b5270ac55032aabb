// The keys table on Settings -> API Keys: it fits at 1280 and 1440 px and becomes cards at
// 375 px; scopes, the default key, lineage after a roll with a live countdown, the leaked-key
// badge and banner, search as you type by name or key start, names sorted case-insensitively,
// a sticky selection bar, focus on the new row after Create, and "51–64 of 64".
// Each key is rendered once, as a row or as a card. Each test works in a workspace of its own.
import type { BrowserContext, Page } from "@playwright/test";
import { ApiClient, verify } from "../support/api";
import { baseURL } from "../support/env";
import { leak, sendReport } from "../support/scanner";
import { ownWorkspace } from "../support/tokens";
import { expect, inspect, keysTable, open, test } from "./fixtures";

async function workspace(context: BrowserContext, label: string, as: "admin" | "member" = "admin") {
  const tokens = await ownWorkspace(label);
  await context.addCookies([{ name: "__session", value: tokens[as], url: baseURL, httpOnly: true, sameSite: "Lax" }]);
  const admin = new ApiClient(tokens.admin);
  const project = await admin.createProject(`${label} project`);
  return { admin, projectId: project.project_id as string, projectName: project.name as string, project };
}

const keysPage = (page: Page, projectId: string, query = "") => open(page, `/settings/api-keys?project=${projectId}${query}`);

/** How far the page, and the table's own box, scroll sideways (0: they fit). */
async function sidewaysOverflow(page: Page) {
  return page.evaluate(() => {
    const root = document.documentElement.scrollWidth - document.documentElement.clientWidth;
    const table = [...document.querySelectorAll("main table")].find((t) => t.querySelector("caption")?.textContent?.startsWith("API keys of"));
    const shown = table?.checkVisibility() ? table : null;
    const box = shown ? shown.parentElement!.scrollWidth - shown.parentElement!.clientWidth : 0;
    // A cell whose content spills out of it (cut off without "…") counts too.
    const spilled = shown ? [...shown.querySelectorAll("td")].filter((td) => td.scrollWidth > td.clientWidth + 1).length : 0;
    return { root, table: box, spilled };
  });
}

const LONG_NAME = "terraform-provisioner-for-the-eu-west-production-cluster";
const LONG_DESCRIPTION = "Used by the Terraform runs of the platform team to provision every cluster in the EU regions, ".repeat(3);

test("the table fits at 1280 and 1440 px with every column, and is a card per key at 375 px", async ({ page, context }) => {
  const { admin, projectId, projectName } = await workspace(context, "ui-fit");
  await admin.createKey(projectId, { name: LONG_NAME, description: LONG_DESCRIPTION, environment: "live", scopes: ["flags:read", "events:write"] });
  await admin.createKey(projectId, { name: "ending soon", environment: "test", expires_at: new Date(Date.now() + 3 * 86_400_000).toISOString(), rate_limit: { limit: 1000, window_s: 60 }, allowed_ips: ["127.0.0.1"] });
  await admin.createKey(projectId, { name: "everywhere", all_projects: true });
  const leaked = await admin.createKey(projectId, { name: "found in a gist" });
  expect((await sendReport([leak(leaked.key, "https://gist.github.com/octo/0123456789abcdef0123456789abcdef/raw/.env")])).status).toBe(200);

  for (const width of [1280, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await keysPage(page, projectId);
    const table = keysTable(page);
    for (const header of ["Name", "Environment · project", "Scopes", "Status", "Last used", "Created", "Expires"]) {
      await expect(table.getByRole("columnheader", { name: header }), `${header} at ${width}`).toBeInViewport();
    }
    expect(await sidewaysOverflow(page), `${width} px`).toEqual({ root: 0, table: 0, spilled: 0 });
    const row = table.getByRole("row", { name: new RegExp(LONG_NAME) });
    // Every cell of the row is on screen, the actions included.
    for (const cell of await row.getByRole("cell").all()) await expect(cell).toBeInViewport();
    await expect(row.getByRole("button", { name: `Revoke ${LONG_NAME}` })).toBeInViewport({ ratio: 1 });
    // One line for the name, cut with "…": the description is on the key's page and in the tooltip.
    const name = row.getByRole("link", { name: LONG_NAME });
    expect(await name.evaluate((a) => a.scrollWidth > a.clientWidth && getComputedStyle(a).textOverflow === "ellipsis")).toBe(true);
    await expect(row).not.toContainText("Used by the Terraform runs");
    expect((await row.boundingBox())!.height).toBeLessThan(110);
    // Scopes in short, the whole list on hover.
    await expect(row).toContainText("flags:read");
    await expect(row).toContainText("+1 more");
    await expect(table.getByRole("row", { name: /ending soon/ })).toContainText("Full access");
    await expect(table.getByRole("row", { name: /everywhere/ })).toContainText("All projects");
  }
  await inspect(page, "keys-table-1440");
  // The default key reads as one, with its stored name in its tooltip (on focus, for the keyboard).
  const defaultRow = keysTable(page).getByRole("row", { name: /Default key/ });
  await expect(defaultRow.getByText("Default", { exact: true })).toBeVisible();
  const defaultName = defaultRow.getByRole("link", { name: "Default key" });
  // A tooltip closes when the page scrolls: the row is scrolled to first.
  await defaultName.scrollIntoViewIfNeeded();
  await expect(async () => {
    await page.locator("body").focus();
    await defaultName.focus();
    await expect(page.getByRole("tooltip")).toContainText(`${projectId}_default_`, { timeout: 1000 });
    await expect(page.getByRole("tooltip")).toContainText(`The default key of ${projectName}`, { timeout: 1000 });
  }).toPass();
  await page.keyboard.press("Escape");
  // A long name's tooltip: the whole name and the description.
  const row = keysTable(page).getByRole("row", { name: new RegExp(LONG_NAME) });
  await row.scrollIntoViewIfNeeded();
  await row.getByRole("link", { name: LONG_NAME }).hover();
  const tip = page.getByRole("tooltip");
  await expect(tip).toContainText(LONG_NAME);
  await expect(tip).toContainText("Used by the Terraform runs");
  await page.screenshot({ path: "e2e/.artifacts/screenshots/keys-table-name-tooltip-light.png" });
  await page.mouse.move(0, 0);
  await page.keyboard.press("Escape");
  await expect(tip).toHaveCount(0);
  await page.emulateMedia({ colorScheme: "dark" });
  await inspect(page, "keys-table-1440");

  // 375 px: a card per key, nothing off to the side.
  await page.setViewportSize({ width: 375, height: 812 });
  await keysPage(page, projectId);
  await expect(keysTable(page)).toBeHidden();
  const cards = page.getByRole("list", { name: /^API keys of/ });
  const card = cards.getByRole("listitem").filter({ hasText: "ending soon" });
  await expect(card).toBeVisible();
  for (const text of ["fp_test_", "Staging", "This project", "Active", "Expires soon", "Last used", "Never"]) await expect(card).toContainText(text);
  await card.scrollIntoViewIfNeeded();
  await expect(card.getByRole("button", { name: "Roll ending soon" })).toBeInViewport({ ratio: 1 });
  expect(await sidewaysOverflow(page)).toEqual({ root: 0, table: 0, spilled: 0 });
  await inspect(page, "keys-table-375");
  await page.emulateMedia({ colorScheme: "light" });
  await inspect(page, "keys-table-375");
});

test("each key is rendered once: the table, or on a phone the cards, from the first byte; resizing swaps them", async ({ page, context }) => {
  const { admin, projectId } = await workspace(context, "ui-once");
  for (const name of ["first of three", "second of three"]) await admin.createKey(projectId, { name });
  const html = async (headers: Record<string, string>) => {
    const response = await page.request.get(`/settings/api-keys?project=${projectId}`, { headers });
    expect(response.status()).toBe(200);
    const text = await response.text();
    return { table: (text.match(/<caption[^>]*>API keys of/g) ?? []).length, rows: (text.match(/aria-label="Select second of three"/g) ?? []).length, cards: text.includes('<ul aria-label="API keys of') };
  };
  const desktop = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
  const phone = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36";
  expect(await html({ "user-agent": desktop, "sec-ch-ua-mobile": "?0" })).toEqual({ table: 1, rows: 1, cards: false });
  expect(await html({ "user-agent": phone, "sec-ch-ua-mobile": "?1" })).toEqual({ table: 0, rows: 1, cards: true });
  expect(await html({ "user-agent": phone })).toEqual({ table: 0, rows: 1, cards: true });

  // In the browser, the width decides, and follows a resize either way.
  await page.setViewportSize({ width: 1280, height: 900 });
  await keysPage(page, projectId);
  const cards = page.getByRole("list", { name: /^API keys of/ });
  await expect(keysTable(page).getByRole("row", { name: /second of three/ })).toBeVisible();
  await expect(cards).toHaveCount(0);
  await page.setViewportSize({ width: 375, height: 812 });
  await expect(cards.getByRole("listitem").filter({ hasText: "second of three" })).toBeVisible();
  await expect(keysTable(page)).toHaveCount(0);
  await page.setViewportSize({ width: 1280, height: 900 });
  await expect(keysTable(page).getByRole("row", { name: /second of three/ })).toBeVisible();
  await expect(cards).toHaveCount(0);

  // A row's icons are drawn once for the page and referred to: each reference finds exactly one
  // drawing, and each button's icon is drawn at 16 px.
  const icons = await page.evaluate(() =>
    [...document.querySelectorAll("main table use")].map((use) => {
      const href = use.getAttribute("href") ?? "";
      const box = use.closest("svg")!.getBoundingClientRect();
      return { href, targets: document.querySelectorAll(`[id="${href.slice(1)}"]`).length, drawn: (document.getElementById(href.slice(1))?.querySelectorAll("path, rect").length ?? 0) > 0, width: box.width, height: box.height };
    }),
  );
  expect(icons.length).toBe(3 * 4); // Edit, Roll, Deactivate and Revoke on the project default key and the two others
  for (const icon of icons) expect(icon, icon.href).toMatchObject({ targets: 1, drawn: true, width: 16, height: 16 });
  expect(await page.locator("main table tbody svg.lucide").count()).toBe(0);
});

test("search as you type finds a key by name or by its visible start; names sort case-insensitively", async ({ page, context }) => {
  const { admin, projectId } = await workspace(context, "ui-search");
  const keys: Record<string, { key: string; key_prefix: string }> = {};
  for (const name of ["beta", "Alpha", "gamma", "Zulu", "delta"]) keys[name] = await admin.createKey(projectId, { name, environment: "test" });
  await keysPage(page, projectId, "&environment=test");
  const search = page.getByRole("searchbox", { name: "Search by name or key start" });
  const start = keys.gamma!.key.slice(0, 12); // e.g. fp_test_Ab12
  await search.pressSequentially(start, { delay: 20 });
  // No Enter: the URL follows the typing, and the table the URL.
  await expect(page).toHaveURL(new RegExp(`q=${start}`));
  await expect(keysTable(page).getByRole("row")).toHaveCount(2);
  await expect(keysTable(page).getByRole("row").nth(1)).toContainText("gamma");
  await expect(search).toBeFocused();
  await expect(search).toHaveValue(start);
  await search.fill("ALP");
  await expect(page).toHaveURL(/q=ALP/);
  await expect(keysTable(page).getByRole("row")).toHaveCount(2);
  await expect(keysTable(page).getByRole("row").nth(1)).toContainText("Alpha");
  await search.fill("");
  await expect(page).not.toHaveURL(/q=/);
  await expect(keysTable(page).getByRole("row")).toHaveCount(6);

  await keysTable(page).getByRole("columnheader", { name: "Name" }).getByRole("link").click();
  await expect(page).toHaveURL(/sort=name&order=asc/);
  const names = async () => (await keysTable(page).getByRole("row").locator("td a[data-key-id]").allInnerTexts()).map((n) => n.trim());
  await expect.poll(names).toEqual(["Alpha", "beta", "delta", "gamma", "Zulu"]);
  await keysTable(page).getByRole("columnheader", { name: "Name" }).getByRole("link").click();
  await expect(page).toHaveURL(/sort=name&order=desc/);
  await expect.poll(names).toEqual(["Zulu", "gamma", "delta", "beta", "Alpha"]);
});

test("the selection bar stays in view while rows far down are ticked; paging says 51–64 of 64", async ({ page, context }) => {
  const { admin, projectId } = await workspace(context, "ui-sticky");
  for (let batch = 0; batch < 7; batch++) {
    await Promise.all(Array.from({ length: 9 }, (_, i) => admin.createKey(projectId, { name: `many ${String(batch * 9 + i).padStart(2, "0")}` })));
  }
  await keysPage(page, projectId, "&sort=name&order=asc");
  const pager = page.getByRole("navigation", { name: "Pagination" });
  await expect(pager).toContainText("1–50 of 64");
  const bar = page.getByRole("group", { name: "Selection" });
  await page.getByRole("checkbox", { name: "Select many 03" }).check();
  const far = page.getByRole("checkbox", { name: "Select many 45" });
  await far.scrollIntoViewIfNeeded();
  await far.check();
  await expect(bar).toContainText("2 selected");
  await expect(bar).toBeInViewport();
  await expect(bar.getByRole("button", { name: "Revoke selected" })).toBeInViewport();
  await page.screenshot({ path: "e2e/.artifacts/screenshots/keys-table-sticky-selection-light.png" });

  await page.getByRole("link", { name: "Next" }).click();
  await expect(pager).toContainText("51–64 of 64");
  await expect(keysTable(page).getByRole("row")).toHaveCount(1 + 14);
  await page.getByRole("link", { name: "Previous" }).click();
  await expect(pager).toContainText("1–50 of 64");
});

test("after Create, focus is on the new key's row, and a toast says it was created", async ({ page, context }) => {
  const { projectId } = await workspace(context, "ui-focus");
  await keysPage(page, projectId);
  await page.getByRole("button", { name: "Create Key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create API Key" });
  await dialog.getByLabel("Key Name").fill("fresh key");
  await page.keyboard.press("Enter");
  const reveal = page.getByRole("dialog", { name: "API Key Created" });
  await expect(reveal).toBeVisible();
  await expect(page.getByRole("region", { name: /Notifications/ })).toContainText("“fresh key” was created.");
  await reveal.getByLabel("I have saved this key").check();
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();
  await expect(keysTable(page).getByRole("row", { name: /fresh key/ }).getByRole("link", { name: "fresh key" })).toBeFocused();
});

test("after a roll: a toast, Replaced by and Replaces as links on both rows, and a countdown that moves", async ({ page, context }) => {
  const { admin, projectId } = await workspace(context, "ui-lineage");
  const old = await admin.createKey(projectId, { name: "rolled key" });
  await page.clock.install();
  await keysPage(page, projectId);
  await page.getByRole("button", { name: "Roll rolled key" }).click();
  const dialog = page.getByRole("dialog", { name: "Roll API Key" });
  await dialog.getByRole("radio", { name: "1 hour" }).check();
  await dialog.getByRole("button", { name: "Roll key" }).click();
  await expect(page.getByRole("region", { name: /Notifications/ })).toContainText(/“rolled key” was rolled\. The old key stops in (59|60) min\./);
  const reveal = page.getByRole("dialog", { name: "API Key Created" });
  await reveal.getByLabel("I have saved this key").check();
  await reveal.getByRole("button", { name: "Done" }).click();

  const listed = (await admin.listKeys(projectId, "?q=rolled%20key")).body as { key_id: string; rolled_from: string | null }[];
  const newId = listed.find((k) => k.rolled_from === old.key_id)!.key_id;
  const oldRow = keysTable(page).getByRole("row").filter({ has: page.locator(`a[data-key-id="${old.key_id}"]`) });
  const newRow = keysTable(page).getByRole("row").filter({ has: page.locator(`a[data-key-id="${newId}"]`) });
  await expect(newRow.getByRole("link", { name: "rolled key" }).first()).toBeFocused();
  await expect(oldRow).toContainText("Replaced by");
  await expect(oldRow.getByRole("link", { name: "rolled key" }).last()).toHaveAttribute("href", new RegExp(`/settings/api-keys/${newId}\\?`));
  await expect(newRow).toContainText("Replaces");
  await expect(newRow.getByRole("link", { name: "rolled key" }).last()).toHaveAttribute("href", new RegExp(`/settings/api-keys/${old.key_id}\\?`));
  await expect(oldRow).toContainText(/Stops in (59|60) min/);
  await page.screenshot({ path: "e2e/.artifacts/screenshots/keys-table-lineage-light.png" });
  // The countdown moves on its own: ten minutes later, no reload.
  await page.clock.fastForward("10:00");
  await expect(oldRow).toContainText(/Stops in (49|50) min/);
  await oldRow.getByText("Replaced by").locator("..").getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/settings/api-keys/${newId}`));
});

test("leaked keys: a badge on the row, a banner that links each key and filters the table, and admins acknowledge there", async ({ page, context }) => {
  const { admin, projectId } = await workspace(context, "ui-leak");
  const leaked = await admin.createKey(projectId, { name: "pasted in a gist" });
  await admin.createKey(projectId, { name: "safe key" });
  const url = "https://gist.github.com/octo/0123456789abcdef0123456789abcdef0123456789abcdef/raw/production.env";
  expect((await sendReport([leak(leaked.key, url)])).status).toBe(200);
  await keysPage(page, projectId);
  const banner = page.getByRole("alert").filter({ hasText: "found in a public place" });
  await expect(banner).toContainText("acknowledge the report");
  await expect(banner.getByRole("link", { name: "pasted in a gist" })).toHaveAttribute("href", new RegExp(`/settings/api-keys/${leaked.key_id}`));
  await expect(banner).toContainText(url);
  const row = keysTable(page).getByRole("row", { name: /pasted in a gist/ });
  const badge = row.getByRole("link", { name: /^Leaked/ });
  await expect(badge).toHaveAttribute("href", new RegExp(`/settings/api-keys/${leaked.key_id}`));
  await expect(row).toContainText("Revoked");
  await inspect(page, "keys-table-leak");

  await banner.getByRole("link", { name: "Show leaked keys" }).click();
  await expect(page).toHaveURL(/leaked=1/);
  await expect(keysTable(page).getByRole("row")).toHaveCount(2);
  await expect(keysTable(page)).toContainText("pasted in a gist");
  await expect(page.getByRole("navigation", { name: "Pagination" })).toContainText("1–1 of 1");
  await page.getByRole("link", { name: /Leaked keys only/ }).click();
  await expect(page).not.toHaveURL(/leaked=1/);
  await expect(keysTable(page)).toContainText("safe key");

  await banner.getByRole("button", { name: "Acknowledge the report on pasted in a gist" }).click();
  await expect(page.getByRole("region", { name: /Notifications/ })).toContainText("acknowledged");
  await expect(banner).toHaveCount(0);
  await expect(row.getByRole("link", { name: /^Leaked/ })).toHaveCount(0);
});

test("a member sees that an admin must act on a leaked key, and no Acknowledge", async ({ page, context }) => {
  const { admin, projectId } = await workspace(context, "ui-leak-member", "member");
  const leaked = await admin.createKey(projectId, { name: "member sees this" });
  expect((await sendReport([leak(leaked.key)])).status).toBe(200);
  await keysPage(page, projectId);
  const banner = page.getByRole("alert").filter({ hasText: "found in a public place" });
  await expect(banner).toContainText("A workspace admin must act");
  await expect(banner).toContainText("Ask one.");
  await expect(banner.getByRole("button")).toHaveCount(0);
  await expect(banner.getByRole("link", { name: "member sees this" })).toBeVisible();
  await expect(banner.getByRole("link", { name: "Show leaked keys" })).toBeVisible();
  // No actions column for a member: the table still fits.
  expect(await sidewaysOverflow(page)).toEqual({ root: 0, table: 0, spilled: 0 });
  await inspect(page, "keys-table-member-leak");
});

test("a key that only failed its verifications says No successful use beside its bars, not Never", async ({ page, context }) => {
  const { admin, projectId } = await workspace(context, "ui-failed-only");
  const key = await admin.createKey(projectId, { name: "always refused", environment: "test" });
  expect((await verify(key.key, { environment: "live" })).status).toBe(403);
  const usage = `/api/v1/projects/${projectId}/keys/${key.key_id}/usage`;
  await expect.poll(async () => (await admin.call("GET", usage)).body.at(-1)?.invalid).toBe(1);
  await keysPage(page, projectId);
  const row = keysTable(page).getByRole("row", { name: /always refused/ });
  await expect(row.getByRole("img", { name: /^1 verifications in the last 14 days/ })).toBeVisible();
  const lastUsed = row.getByRole("cell").filter({ has: page.getByRole("img") });
  await expect(lastUsed).toContainText("No successful use");
  await expect(lastUsed).not.toContainText("Never");
});
