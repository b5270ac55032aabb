// Usage in the dashboard, after real verifications: the row's sparkline, the key's page (its
// charts, last use, recent verifications and audit events), the impact numbers in the revoke
// and roll dialogs, and the workspace overview with its total charts. Light, dark, and 375 px wide.
import { ApiClient, verify } from "../support/api";
import { baseURL } from "../support/env";
import { ownWorkspace } from "../support/tokens";
import { expect, inspect, open, test } from "./fixtures";

test("a key's traffic: sparkline, key page with charts, impact in the dialogs, overview", async ({ page, context }) => {
  const tokens = await ownWorkspace("ui-usage");
  await context.addCookies([{ name: "__session", value: tokens.admin, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
  const admin = new ApiClient(tokens.admin);
  const { project_id } = await admin.createProject("Usage project");
  const key = await admin.createKey(project_id, { name: "busy key", environment: "test" });
  await admin.createKey(project_id, { name: "idle key", environment: "test" });
  for (let i = 0; i < 4; i++) expect((await verify(key.key)).status).toBe(200);
  expect((await verify(key.key, { environment: "live" })).status).toBe(403);
  // The verify process writes its counts and events every KEYPORT_USAGE_FLUSH_MS (1 s).
  const usage = `/api/v1/projects/${project_id}/keys/${key.key_id}/usage`;
  await expect.poll(async () => (await admin.call("GET", `${usage}?granularity=hour`)).body.at(-1)?.invalid).toBe(1);
  await expect.poll(async () => (await admin.call("GET", usage)).body.at(-1)?.invalid).toBe(1);

  await open(page, `/settings/api-keys?project=${project_id}`);
  const busyRow = page.getByRole("row").filter({ hasText: "busy key" });
  await expect(busyRow.getByRole("img", { name: "5 verifications in the last 14 days, at most 5 a day" })).toBeVisible();
  const idleRow = page.getByRole("row").filter({ hasText: "idle key" });
  await expect(idleRow.getByRole("img", { name: "No verifications in the last 14 days" })).toBeVisible();

  // The revoke and roll dialogs say what the key is doing before anything is confirmed.
  await busyRow.getByRole("button", { name: "Revoke busy key" }).click();
  const revoke = page.getByRole("alertdialog", { name: "Revoke API Key" });
  await expect(revoke.getByTestId("key-impact")).toContainText("4 valid and 1 invalid verifications in the last 24 hours.");
  await expect(revoke.getByTestId("key-impact")).toContainText(/Last used (just now|\d+ seconds? ago|1 minute ago)/);
  await inspect(page, "revoke-impact");
  await revoke.getByRole("button", { name: "Cancel" }).click();
  await busyRow.getByRole("button", { name: "Roll busy key" }).click();
  const roll = page.getByRole("dialog", { name: "Roll API Key" });
  await expect(roll.getByTestId("key-impact")).toContainText("4 valid and 1 invalid");
  await roll.getByRole("button", { name: "Cancel" }).click();

  await busyRow.getByRole("link", { name: "busy key" }).click();
  await expect(page).toHaveURL(new RegExp(`/settings/api-keys/${key.key_id}`));
  await expect(page.getByRole("heading", { name: "busy key", level: 1 })).toBeVisible();
  await expect(page.getByText("4 valid and 1 invalid verifications in the last 24 hours;")).toBeVisible();
  await expect(page.getByText("4 valid and 1 invalid verifications in the last 30 days;")).toBeVisible();
  await expect(page.getByText(/within \d+ s: uses are recorded every \d+ s/)).toBeVisible();
  const recent = page.getByRole("table", { name: "The key's most recent verifications, newest first" });
  await expect(recent.getByRole("row")).toHaveCount(1 + 5);
  await expect(recent).toContainText("Wrong environment");
  const audit = page.getByRole("table", { name: "The key's audit events, newest first" });
  await expect(audit).toContainText("Key created");
  // The numbers behind the chart, for those who cannot see it.
  await page.getByText("Show the numbers").first().click();
  await expect(page.getByRole("table", { name: "Last 24 hours, by hour" }).getByRole("row")).toHaveCount(1 + 24);
  await inspect(page, "key-detail");
  await page.emulateMedia({ colorScheme: "dark" });
  await inspect(page, "key-detail");
  await page.setViewportSize({ width: 375, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: "e2e/.artifacts/screenshots/key-detail-375.png", fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });

  await open(page, "/settings/usage");
  // Every key of the workspace together, by hour and by day.
  await expect(page.getByRole("figure", { name: "Workspace, last 24 hours, by hour" })).toContainText(
    "4 valid and 1 invalid verifications in the last 24 hours;",
  );
  await expect(page.getByRole("figure", { name: "Workspace, last 30 days, by day" })).toContainText(
    "4 valid and 1 invalid verifications in the last 30 days;",
  );
  const busiest = page.getByRole("list", { name: "Busiest keys, last 24 hours" });
  await expect(busiest.getByRole("listitem")).toHaveCount(1);
  await expect(busiest).toContainText("busy key");
  await expect(busiest).toContainText("5 verifications");
  await expect(page.getByRole("list", { name: "Most failures, last 30 days" })).toContainText("1 failed");
  await inspect(page, "usage-overview");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.setViewportSize({ width: 375, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await inspect(page, "usage-overview-375");
});
