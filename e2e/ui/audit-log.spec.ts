// The audit log reads like a log: a sentence per event with its fields behind "Show details",
// keys by name and start linked to their pages, filters that apply as you choose or type, plain
// date errors, and a card per event at 375 px. Each test in a workspace of its own.
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
  return { admin, member: new ApiClient(tokens.member), projectId: project.project_id };
}

/** A key's display start: its prefix and environment, and 8 characters of the secret. */
const startOf = (key: string) => key.slice(0, 16);

const events = (page: Page) => page.getByRole("table", { name: "Audit events, newest first" });

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("events read as sentences, with their fields behind Show details and their keys linked by name and start", async ({ page, context }) => {
  const { admin, member, projectId } = await workspace(context, "audit-sentences");
  const billing = await admin.createKey(projectId, { name: "billing-worker", environment: "live" });
  const rolled = await admin.call("POST", `/api/v1/projects/${projectId}/keys/${billing.key_id}/roll`, { body: { grace_period: "1h" } });
  expect(rolled.status).toBe(201);
  const spare = await admin.createKey(projectId, { name: "spare" });
  expect((await admin.revokeKey(projectId, spare.key_id)).status).toBe(200);
  await member.call("POST", `/api/v1/projects/${projectId}/keys`, { body: { name: "refused" } });

  await open(page, "/settings/audit-log");
  const table = events(page);
  await expect(table.getByRole("row").nth(1)).toContainText("Max Mustermann tried POST /api/v1/projects/");
  await expect(table).toContainText("Ada Lovelace revoked “spare”.");
  await expect(table).toContainText(/Ada Lovelace rolled “billing-worker” with a 1-hour grace period; the old key stops at (\w{3} \d{1,2}, \d{4}, )?\d{1,2}:\d\d [AP]M UTC\./);
  await expect(table).toContainText(`Ada Lovelace created the production key “billing-worker” (${startOf(billing.key)}…).`);
  await expect(table).toContainText("Ada Lovelace created the project's default key");
  // No raw field dumps in what shows (the details are closed).
  expect(await table.innerText()).not.toContain("successorId");

  // The raw fields are one click away.
  const rollRow = table.getByRole("row").filter({ hasText: "rolled “billing-worker”" });
  await expect(rollRow.getByText("successorId")).toBeHidden();
  await rollRow.getByText("Show details").click();
  await expect(rollRow.getByText("successorId")).toBeVisible();
  await expect(rollRow.getByText(rolled.body.key_id as string)).toBeVisible();
  await expect(rollRow.getByText("Hide details")).toBeVisible();

  // The Key column: the name and start, linked to the key's page.
  const link = rollRow.getByRole("link", { name: new RegExp(`^billing-worker, ${startOf(billing.key)}…`) });
  await expect(link).toHaveAttribute("href", `/settings/api-keys/${billing.key_id}`);
  await expect(rollRow).toContainText(`${startOf(billing.key)}…`);
  await inspect(page, "audit-log-sentences");
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/settings/api-keys/${billing.key_id}$`));
});

test("the key filter takes a key's name or start, and filters apply without a submit button", async ({ page, context }) => {
  const { admin, projectId } = await workspace(context, "audit-filters");
  const alpha = await admin.createKey(projectId, { name: "alpha-service" });
  const beta = await admin.createKey(projectId, { name: "beta-service" });
  await admin.revokeKey(projectId, beta.key_id);
  await open(page, "/settings/audit-log");
  const table = events(page);
  await expect(table).toContainText("“beta-service”");
  await expect(page.getByRole("button", { name: /^Filter$/ })).toHaveCount(0);

  // By name, any case: applies once typing pauses.
  await page.getByLabel("Key", { exact: true }).fill("ALPHA-SERVICE");
  await expect(page).toHaveURL(/for_key=ALPHA-SERVICE/);
  await expect(table).not.toContainText("beta-service");
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table).toContainText("created the production key “alpha-service”");

  // By start.
  await page.getByLabel("Key", { exact: true }).fill(startOf(beta.key));
  await expect(page).toHaveURL(new RegExp(`for_key=${startOf(beta.key)}`));
  await expect(table).not.toContainText("alpha-service");
  await expect(table.getByRole("row")).toHaveCount(3); // created and revoked
  await expect(table).toContainText("Ada Lovelace revoked “beta-service”.");
  // Its download names the keys by id: a start is never sent in a URL the API answers.
  const byStart = page.getByRole("link", { name: "Download CSV" });
  await expect(byStart).toHaveAttribute("href", new RegExp(`key_ids=${beta.key_id}`));
  const startCsv = await page.request.get((await byStart.getAttribute("href"))!);
  expect(startCsv.status(), await startCsv.text()).toBe(200);
  expect((await startCsv.text()).trim().split("\n")).toHaveLength(3);

  // A name no key has says so.
  await page.getByLabel("Key", { exact: true }).fill("no-such-key");
  await expect(table).toContainText("No key is named “no-such-key” or starts with it.");

  // A select applies on change.
  await page.getByLabel("Key", { exact: true }).fill("");
  await expect(page).not.toHaveURL(/for_key=/);
  await page.getByLabel("Action").selectOption("api_key.revoked");
  await expect(page).toHaveURL(/action=api_key\.revoked/);
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table).toContainText("revoked “beta-service”");

  // The download takes the same filters.
  await page.getByLabel("Action").selectOption("");
  await page.getByLabel("Key", { exact: true }).fill("alpha-service");
  await expect(page).toHaveURL(/for_key=alpha-service/);
  await expect(page).not.toHaveURL(/action=/);
  const csvLink = page.getByRole("link", { name: "Download CSV" });
  await expect(csvLink).toHaveAttribute("href", /for_key=alpha-service/);
  const response = await page.request.get((await csvLink.getAttribute("href"))!);
  const body = await response.text();
  expect(response.status(), body).toBe(200);
  const csv = body.trim().split("\n");
  expect(csv).toHaveLength(2);
  expect(csv[1]).toContain(alpha.key_id);
});

test("a date the filter cannot read is explained plainly beside its field", async ({ page, context }) => {
  const { admin, projectId } = await workspace(context, "audit-dates");
  await admin.createKey(projectId, { name: "dated" });
  await open(page, "/settings/audit-log");
  const table = events(page);
  await page.getByLabel("From (UTC)").fill("yesterday");
  await expect(page.getByText("Enter a date like 2026-12-01 or 2026-12-01 14:30 (UTC).")).toBeVisible();
  await expect(page.getByLabel("From (UTC)")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText(/RFC 3339/)).toHaveCount(0);
  // The other filters still apply, and so does the log.
  await expect(table).toContainText("“dated”");
  await inspect(page, "audit-log-date-error");

  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel("From (UTC)").fill(today);
  await expect(page.getByText("Enter a date like")).toHaveCount(0);
  await expect(table).toContainText("“dated”");
  // To a date includes that whole day.
  await page.getByLabel("To (UTC)").fill(today);
  await expect(page).toHaveURL(new RegExp(`to=${today}`));
  await expect(table).toContainText("“dated”");
  await page.getByLabel("To (UTC)").fill("2001-01-01 00:00");
  await expect(page.getByText("Enter a time after From.")).toBeVisible();
  await page.getByLabel("From (UTC)").fill("2001-01-01");
  await expect(table).toContainText("No events match these filters.");
});

test("no sideways scrolling at 1280 and 1440 px, and a card per event at 375 px; each event rendered once", async ({ page, context }) => {
  const { admin, projectId } = await workspace(context, "audit-widths");
  const long = await admin.createKey(projectId, { name: "a-rather-long-key-name-for-the-terraform-provisioner-of-billing" });
  await admin.call("POST", `/api/v1/projects/${projectId}/keys/${long.key_id}/roll`, { body: { grace_period: "24h" } });
  // The server renders the table, or for a phone the cards, never both.
  const html = async (mobile: "?0" | "?1") => {
    const text = await (await page.request.get("/settings/audit-log", { headers: { "sec-ch-ua-mobile": mobile } })).text();
    return { table: text.includes('<caption class="sr-only">Audit events, newest first'), cards: text.includes('<section aria-label="Audit events, newest first"') };
  };
  expect(await html("?0")).toEqual({ table: true, cards: false });
  expect(await html("?1")).toEqual({ table: false, cards: true });
  for (const width of [1280, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await open(page, "/settings/audit-log");
    await expect(events(page)).toBeVisible();
    await events(page).getByText("Show details").first().click();
    await noSidewaysScroll(page);
  }
  await page.setViewportSize({ width: 375, height: 812 });
  await open(page, "/settings/audit-log");
  await expect(events(page)).toHaveCount(0);
  const cards = page.getByRole("region", { name: "Audit events, newest first" }).getByRole("listitem");
  await expect(cards.first()).toContainText("Ada Lovelace rolled “a-rather-long-key-name-for-the-terraform-provisioner-of-billing” with a 24-hour grace period");
  await expect(cards.first().getByRole("link", { name: /^a-rather-long-key-name/ })).toBeVisible();
  await cards.first().getByText("Show details").click();
  await expect(cards.first().getByText("successorStart")).toBeVisible();
  await noSidewaysScroll(page);
  await inspect(page, "audit-log-375");
});

test("what a management key does is attributed to the key, marked as one, with a refusal naming the permission it lacks", async ({ page, context }) => {
  const { admin, projectId } = await workspace(context, "audit-management-key");
  const created = await admin.call("POST", "/api/v1/management-keys", { body: { name: "ci-pipeline", permissions: ["keys:write"] } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const ci = new ApiClient(created.body.key as string);
  const made = await ci.call("POST", `/api/v1/projects/${projectId}/keys`, { body: { name: "made-by-ci" } });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  expect((await ci.call("POST", "/api/v1/projects", { body: { name: "not allowed" } })).status).toBe(403);

  await open(page, "/settings/audit-log");
  const table = events(page);
  const madeRow = table.getByRole("row").filter({ hasText: /ci-pipeline created the (production |staging )?key “made-by-ci”/ });
  await expect(madeRow).toContainText("Management key");
  const refusedRow = table.getByRole("row").filter({ hasText: "without the permission projects:write" });
  await expect(refusedRow).toContainText("Management key");
  await expect(table.getByRole("row").filter({ hasText: "Ada Lovelace created the management key “ci-pipeline”" })).toHaveCount(1);
  await madeRow.getByText("Show details").click();
  await expect(madeRow).toContainText("management_key");
});
