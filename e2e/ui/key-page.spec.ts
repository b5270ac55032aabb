// A key's own page: what the key is (access, description, project, limits, allowlist, expiry),
// Edit, Roll and Revoke from the page with their toasts and the new key shown once, the lineage
// of a roll linked both ways with the audit events of both keys, the grace period's live
// countdown, the recent verifications in words, and the charts' readout. Light, dark, 1440 and
// 375 px wide. Each test works in a workspace of its own.
import type { BrowserContext, Page } from "@playwright/test";
import { ApiClient } from "../support/api";
import { baseURL } from "../support/env";
import { ownWorkspace } from "../support/tokens";
import { expect, inspect, open, test } from "./fixtures";

async function workspace(context: BrowserContext, label: string) {
  const tokens = await ownWorkspace(label);
  await context.addCookies([{ name: "__session", value: tokens.admin, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
  const admin = new ApiClient(tokens.admin);
  const project = await admin.createProject(`${label} project`);
  return { admin, projectId: project.project_id, projectName: project.name };
}

const fact = (page: Page, term: string) => page.getByRole("term").filter({ hasText: new RegExp(`^${term}$`) }).locator("xpath=following-sibling::dd[1]");

/** Inspects the page in both themes at 1440 and 375 px, and checks nothing scrolls sideways at 375. */
async function inspectEverywhere(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1440, height: 900 });
    await inspect(page, `${name}-1440`);
    await page.setViewportSize({ width: 375, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} scrolls sideways at 375 px (${scheme})`).toBeLessThanOrEqual(0);
    await inspect(page, `${name}-375`);
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1440, height: 900 });
}

test("the key's page says what the key is, and an admin edits, rolls and revokes from it", async ({ page, context }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const { admin, projectId, projectName } = await workspace(context, "ui-key-page");
  const expiresAt = new Date(Date.now() + 20 * 86_400_000);
  const key = await admin.createKey(projectId, {
    name: "page key",
    description: "Used by the nightly billing export.",
    scopes: ["flags:read"],
    rate_limit: { limit: 100, window_s: 60 },
    allowed_ips: ["203.0.113.0/24"],
    expires_at: expiresAt.toISOString(),
  });

  await open(page, `/settings/api-keys/${key.key_id}`);
  await expect(page.getByRole("heading", { name: "page key", level: 1 })).toBeVisible();
  await expect(fact(page, "Access")).toContainText("Only this scope:");
  await expect(fact(page, "Access").getByRole("list", { name: "Scopes" })).toContainText("flags:read");
  await expect(fact(page, "Access")).not.toContainText("Full access");
  await expect(fact(page, "Description")).toHaveText("Used by the nightly billing export.");
  await expect(fact(page, "Project").getByRole("link", { name: projectName })).toBeVisible();
  await expect(fact(page, "Rate limit")).toHaveText("100 verifications per minute");
  await expect(fact(page, "IP allowlist")).toContainText("203.0.113.0/24");
  await expect(fact(page, "Expires")).toContainText(String(expiresAt.getUTCFullYear()));
  await expect(fact(page, "Expires")).toContainText(/in (2|3) weeks|in 20 days/);
  await expect(fact(page, "Lineage")).toContainText("Not rolled");
  await expect(page.getByText("Never used")).toBeVisible();
  await inspectEverywhere(page, "key-page");

  // Edit: the dialog of the keys table, a toast, and the page read again.
  const actions = page.getByRole("group", { name: "Key actions" });
  await actions.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog", { name: "Edit API Key" });
  await edit.getByLabel("Key Name").fill("page key renamed");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit).toBeHidden();
  await expect(page.getByText("“page key renamed” was saved.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "page key renamed", level: 1 })).toBeVisible();

  // Roll: the new key once, a toast, then the old key names its replacement and counts down.
  await actions.getByRole("button", { name: "Roll" }).click();
  const roll = page.getByRole("dialog", { name: "Roll API Key" });
  await roll.getByRole("radio", { name: "1 hour" }).check();
  await inspect(page, "key-page-roll-dialog");
  await roll.getByRole("button", { name: "Roll key" }).click();
  const reveal = page.getByRole("dialog", { name: "API Key Created" });
  await expect(reveal.getByLabel("New API key")).toHaveText(/_live_/);
  await expect(page.getByText("“page key renamed” was rolled.", { exact: false })).toBeVisible();
  await reveal.getByLabel("I have saved this key").check();
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();

  const lineage = page.getByTestId("key-lineage");
  const successorLink = lineage.getByRole("link", { name: /^page key renamed/ });
  await expect(lineage).toContainText("Replaced by");
  await expect(successorLink).toHaveAttribute("data-lineage", "successor");
  await expect(page.getByTestId("grace-countdown")).toContainText(/Stops in (59|60) min/);
  await expect(actions.getByRole("button", { name: "Roll" })).toHaveCount(0);
  const oldAudit = page.getByRole("table", { name: "The key's audit events, newest first" });
  await expect(oldAudit).toContainText("Key rolled");
  await expect(oldAudit).toContainText("Key edited");
  await expect(oldAudit).toContainText("Key created");
  await inspectEverywhere(page, "key-page-rolled");

  // The replacement's page links back, and shows the old key's events as well as its own.
  await successorLink.click();
  await expect(page).not.toHaveURL(new RegExp(key.key_id));
  const successorUrl = page.url();
  await expect(page.getByTestId("key-lineage")).toContainText("Replaces");
  await expect(page.getByTestId("key-lineage").getByRole("link", { name: /^page key renamed/ })).toHaveAttribute("href", `/settings/api-keys/${key.key_id}`);
  await expect(fact(page, "Lineage")).toContainText("Replaces page key renamed");
  const newAudit = page.getByRole("table", { name: "The key's audit events, newest first" });
  await expect(newAudit.getByRole("row").filter({ hasText: "Key rolled" })).toContainText("The key it replaces");
  await expect(newAudit.getByRole("row").filter({ hasText: "Key created" })).toHaveCount(1);
  await expect(page.getByText("No audit events")).toHaveCount(0);
  // The replacement keeps what the old key had.
  await expect(fact(page, "Rate limit")).toHaveText("100 verifications per minute");
  await expect(fact(page, "Access")).toContainText("flags:read");

  // Revoke the replacement: a toast, and the page says who revoked it and when.
  await page.getByRole("group", { name: "Key actions" }).getByRole("button", { name: "Revoke" }).click();
  const revoke = page.getByRole("alertdialog", { name: "Revoke API Key" });
  await revoke.getByRole("button", { name: "Revoke key" }).click();
  await expect(revoke).toBeHidden();
  await expect(page.getByText("“page key renamed” was revoked. Apps using it have lost access.")).toBeVisible();
  await expect(page.getByTestId("key-revoked")).toContainText(/Revoked \w{3} \d+, \d{4}, \d{1,2}:\d{2}:\d{2}\s[AP]M UTC by Ada Lovelace/);
  await expect(fact(page, "Revoked")).toContainText("by Ada Lovelace");
  await expect(page.getByRole("heading", { level: 1 }).locator("xpath=..")).toContainText("Revoked");
  await expect(page.getByRole("button", { name: "Revoke" })).toHaveCount(0);
  await expect(page.getByRole("table", { name: "The key's audit events, newest first" })).toContainText("Key revoked");
  await inspect(page, "key-page-revoked");

  // Back on the old key's page, its replacement's revoke is among the events too.
  await open(page, `/settings/api-keys/${key.key_id}`);
  await expect(page.getByTestId("key-lineage").getByRole("link", { name: /^page key renamed/ })).toHaveAttribute("href", new URL(successorUrl).pathname);
  await expect(page.getByRole("table", { name: "The key's audit events, newest first" }).getByRole("row").filter({ hasText: "Key revoked" })).toContainText(
    "Its replacement",
  );
});

test("the grace period's countdown moves by itself", async ({ page, context }) => {
  const { admin, projectId } = await workspace(context, "ui-key-countdown");
  const key = await admin.createKey(projectId, { name: "counting key" });
  const rolled = await admin.call("POST", `/api/v1/projects/${projectId}/keys/${key.key_id}/roll`, { body: { grace_period: "1h" } });
  expect(rolled.status, JSON.stringify(rolled.body)).toBe(201);
  await page.clock.install();
  await open(page, `/settings/api-keys/${key.key_id}`);
  const countdown = page.getByTestId("grace-countdown");
  await expect(countdown).toContainText(/Stops in (59 min \d+ s|1 h)/);
  const before = await countdown.textContent();
  await page.clock.runFor(65_000);
  await expect(countdown).toContainText(/Stops in 58 min \d+ s/);
  expect(await countdown.textContent()).not.toBe(before);
  await page.clock.runFor(10 * 60_000);
  await expect(countdown).toContainText(/Stops in 4[78] min \d+ s/);
});

test("a key with only failed verifications: full access, every project, its outcomes in words, and a chart readout", async ({ page, context }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const { admin, projectId } = await workspace(context, "ui-key-charts");
  const key = await admin.createKey(projectId, { name: "everywhere key", environment: "test", all_projects: true });
  const client = new ApiClient(key.key);
  const attempt = await client.call("POST", "/api/v1/keys/verify", { body: { environment: "live" }, headers: { "user-agent": "billing-export/2.1" } });
  expect(attempt.status).toBe(403);
  const usage = `/api/v1/projects/${projectId}/keys/${key.key_id}/usage`;
  await expect.poll(async () => (await admin.call("GET", usage)).body.at(-1)?.invalid).toBe(1);
  await expect.poll(async () => (await admin.call("GET", `${usage}?granularity=hour`)).body.at(-1)?.invalid).toBe(1);

  await open(page, `/settings/api-keys/${key.key_id}`);
  await expect(fact(page, "Access")).toContainText("Full access");
  await expect(fact(page, "Project")).toHaveText("All projects of this workspace");
  await expect(fact(page, "Rate limit")).toHaveText("No limit of its own");
  await expect(fact(page, "IP allowlist")).toHaveText("Any address");
  await expect(fact(page, "Expires")).toHaveText("Never");
  await expect(page.getByText("No successful use (1 failed verification in the last 30 days)")).toBeVisible();
  await expect(page.getByText(/Never used/)).toHaveCount(0);
  const recent = page.getByRole("table", { name: "The key's most recent verifications, newest first" });
  const row = recent.getByRole("row").nth(1);
  await expect(row).toContainText("Wrong environment");
  await expect(row).toContainText("HTTP 403");
  await expect(row).toContainText("billing-export/2.1");
  await expect(row).toContainText(/\d{1,2}:\d{2}:\d{2}\s[AP]M UTC/);
  await expect(row).toContainText(/just now|seconds? ago|minute ago/);

  // The readout: pointing at the last hour, then the keyboard on the daily chart. No native title.
  const hourly = page.getByRole("figure", { name: "Last 24 hours, by hour" });
  const daily = page.getByRole("figure", { name: "Last 30 days, by day" });
  await expect(hourly.locator("svg title")).toHaveCount(0);
  const hourPlot = hourly.getByRole("group", { name: /use the left and right arrow keys to read each hour/ });
  const box = (await hourPlot.boundingBox())!;
  await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
  await expect(hourly.getByTestId("chart-readout")).toBeVisible();
  await expect(hourly.getByTestId("chart-readout")).toContainText("0 valid · 1 invalid");
  await inspect(page, "key-page-chart-readout");
  await page.mouse.move(0, 0);
  await expect(hourly.getByTestId("chart-readout")).toHaveCount(0);

  const dayPlot = daily.getByRole("group", { name: /read each day/ });
  await dayPlot.focus();
  await expect(daily.getByRole("status")).toContainText(": 0 valid, 1 invalid");
  await expect(daily.getByTestId("chart-readout")).toBeVisible();
  await page.keyboard.press("ArrowLeft");
  await expect(daily.getByRole("status")).toContainText(": 0 valid, 0 invalid");
  await page.keyboard.press("Home");
  await expect(daily.getByRole("status")).toHaveText(/^\w{3} \d+: 0 valid, 0 invalid$/);
  await page.keyboard.press("Tab");
  await expect(daily.getByTestId("chart-readout")).toHaveCount(0);

  // Opening one chart's numbers leaves the chart beside it exactly as it was.
  const dailyBefore = (await daily.boundingBox())!;
  const hourPlotBefore = (await hourPlot.boundingBox())!;
  await hourly.getByText("Show the numbers").click();
  await expect(hourly.getByRole("table", { name: "Last 24 hours, by hour" }).getByRole("row")).toHaveCount(1 + 24);
  const dailyAfter = (await daily.boundingBox())!;
  expect({ width: dailyAfter.width, height: dailyAfter.height }).toEqual({ width: dailyBefore.width, height: dailyBefore.height });
  expect((await hourPlot.boundingBox())!.width).toBe(hourPlotBefore.width);
  await inspectEverywhere(page, "key-page-numbers");

  // On a phone, each verification is a card.
  await page.setViewportSize({ width: 375, height: 800 });
  const cards = page.getByRole("list", { name: "The key's most recent verifications, newest first" });
  await expect(cards.getByRole("listitem")).toHaveCount(1);
  await expect(cards).toContainText("Wrong environment");
  await expect(cards).toContainText("billing-export/2.1");
  await expect(recent).toBeHidden();
});

test("a member reads a key's page, without its actions or audit events", async ({ page, context }) => {
  const tokens = await ownWorkspace("ui-key-member");
  const admin = new ApiClient(tokens.admin);
  const project = await admin.createProject("member project");
  const key = await admin.createKey(project.project_id, { name: "members read" });
  await context.addCookies([{ name: "__session", value: tokens.member, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
  await open(page, `/settings/api-keys/${key.key_id}`);
  await expect(page.getByRole("heading", { name: "members read", level: 1 })).toBeVisible();
  await expect(fact(page, "Access")).toContainText("Full access");
  await expect(page.getByRole("group", { name: "Key actions" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^(Edit|Roll|Revoke)/ })).toHaveCount(0);
  await expect(page.getByText("Only workspace admins can read the audit log.")).toBeVisible();
  await inspect(page, "key-page-member");
});
