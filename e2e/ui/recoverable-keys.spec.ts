// The dashboard side of deactivation and recoverable keys: deactivate a key from its row (the
// confirmation names it and says it can be undone), see it Deactivated and filtered, reactivate
// it; the default key's Deactivate is disabled and says why. Turn on recoverable keys under
// Settings → Policies, create a key, and reveal it from the table after a confirmation. The
// flows run in the light theme; the dark one reaches each of their states and checks its
// colours. Each test works in a workspace of its own.
import type { BrowserContext, Page } from "@playwright/test";
import { ApiClient, verify } from "../support/api";
import { baseURL } from "../support/env";
import { ownWorkspace } from "../support/tokens";
import { expect, inspect, keysTable, open, takeNewKey, test } from "./fixtures";

async function workspace(context: BrowserContext, label: string) {
  const tokens = await ownWorkspace(label);
  await context.addCookies([{ name: "__session", value: tokens.admin, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
  const admin = new ApiClient(tokens.admin);
  const project = await admin.createProject(`${label} project`);
  return { admin, projectId: project.project_id };
}

const keysPage = (page: Page, projectId: string, query = "") => open(page, `/settings/api-keys?project=${projectId}${query}`);
const toasts = (page: Page) => page.getByRole("region", { name: /Notifications/ });

test("deactivates a key from its row and reactivates it", async ({ page, context }) => {
  const { admin, projectId } = await workspace(context, "ui-deactivate");
  const key = await admin.createKey(projectId, { name: "paused key" });
  await keysPage(page, projectId);

  // The default key's Deactivate is there, disabled, and says why.
  const defaultDeactivate = page.getByRole("button", { name: "Deactivate Default key (not available for the default key)" });
  await expect(defaultDeactivate).toBeDisabled();
  // A hover while the row is still settling can be missed: move away and back until the tooltip shows.
  await expect(async () => {
    await page.mouse.move(0, 0);
    await defaultDeactivate.hover({ force: true });
    await expect(page.getByRole("tooltip")).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByRole("tooltip")).toContainText("default key");
  await expect(page.getByRole("tooltip")).toContainText("cannot be deactivated");

  await page.getByRole("button", { name: "Deactivate paused key" }).click();
  const dialog = page.getByRole("dialog", { name: "Deactivate API Key" });
  await expect(dialog).toContainText("Deactivate “paused key”?");
  await expect(dialog).toContainText("This can be undone");
  await inspect(page, "deactivate-dialog");
  await dialog.getByRole("button", { name: "Deactivate key" }).click();
  await expect(dialog).toBeHidden();
  await expect(toasts(page)).toContainText("“paused key” was deactivated");
  const row = keysTable(page).getByRole("row", { name: /paused key/ });
  await expect(row).toContainText("Deactivated");
  expect((await verify(key.key)).status).toBe(401);

  // The Deactivated filter lists it, and only it.
  await page.getByLabel("Status", { exact: true }).selectOption("deactivated");
  await expect(page).toHaveURL(/status=deactivated/);
  await expect(keysTable(page).getByRole("row")).toHaveCount(2);
  await expect(keysTable(page)).toContainText("paused key");
  await inspect(page, "keys-deactivated");

  await page.getByRole("button", { name: "Reactivate paused key" }).click();
  await expect(toasts(page)).toContainText("“paused key” was reactivated");
  expect((await verify(key.key)).status).toBe(200);
  await keysPage(page, projectId);
  await expect(keysTable(page).getByRole("row", { name: /paused key/ })).toContainText("Active");
});

test("turns on recoverable keys, creates a key and reveals it after a confirmation", async ({ page, context }) => {
  const { admin, projectId } = await workspace(context, "ui-reveal");
  const before = await admin.createKey(projectId, { name: "made before" });

  await open(page, "/settings/policies");
  const group = page.getByRole("radiogroup", { name: "Recoverable keys" }).or(page.getByRole("group", { name: "Recoverable keys" }));
  await expect(group).toContainText("at the cost of keeping every new key encrypted");
  await page.getByRole("radio", { name: /On: admins can reveal new keys later/ }).check();
  await expect(page.getByRole("status").filter({ hasText: "When you save" })).toContainText("can never be revealed");
  await page.getByRole("button", { name: "Save policies" }).click();
  await expect(toasts(page)).toContainText("The policy was saved");
  expect((await admin.call("GET", "/api/v1/workspace/policy")).body.recoverable_keys).toBe("on");

  await keysPage(page, projectId);
  // The page says what keys are for, and links the API reference beside the SDK setup.
  const sdk = page.getByRole("region", { name: "SDK setup" });
  await expect(sdk).toContainText("Keys are for servers: a key shipped in a browser or a mobile app is public, so use a separate key for each platform.");
  await expect(sdk.getByRole("link", { name: "API reference" })).toHaveAttribute("href", "/docs/api");
  await page.getByRole("button", { name: "Create Key" }).click();
  const create = page.getByRole("dialog", { name: "Create API Key" });
  await expect(create).toContainText("Production keys are for production apps");
  await create.getByLabel("Key Name").fill("recoverable key");
  await create.getByRole("button", { name: "Create key" }).click();
  const shown = await takeNewKey(page);

  // Masked in the table, with Reveal; the key made while the policy was off says it never can be.
  const row = keysTable(page).getByRole("row", { name: /^Select recoverable key/ });
  await expect(row).toContainText(`fp_live_${"•".repeat(12)}${shown.slice(-4)}`);
  await expect(row).not.toContainText(shown);
  await expect(keysTable(page).getByRole("row", { name: /^Select made before/ })).toContainText("Never revealable");
  await expect(page.getByRole("button", { name: "Reveal made before" })).toHaveCount(0);

  await page.getByRole("button", { name: "Reveal recoverable key" }).click();
  const reveal = page.getByRole("dialog", { name: "Reveal API Key" });
  await expect(reveal).toContainText("Reveal “recoverable key”?");
  await expect(reveal).toContainText("recorded in the audit log");
  await expect(reveal).not.toContainText(shown);
  await inspect(page, "reveal-confirm");
  await reveal.getByRole("button", { name: "Reveal key" }).click();
  await expect(reveal.getByLabel("The key recoverable key")).toHaveText(shown);
  await inspect(page, "reveal-shown");
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();
  await expect(page.getByText(shown)).toHaveCount(0);

  const keyId = (await admin.listKeys(projectId, "?q=recoverable")).body[0].key_id;
  const audited = await admin.call("GET", `/api/v1/audit-events?key_id=${keyId}&action=api_key.revealed`);
  expect(audited.body).toHaveLength(1);
  expect(before.key).not.toBe(shown);
});

test("the dark theme: the Deactivate confirmation, the Deactivated filter, and the Reveal confirmation and key", async ({ page, context }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  const { admin, projectId } = await workspace(context, "ui-dark-recoverable");
  const policy = (await admin.call("GET", "/api/v1/workspace/policy")).body;
  expect((await admin.call("PUT", "/api/v1/workspace/policy", { body: { ...policy, recoverable_keys: "on" } })).status).toBe(200);
  const created = await admin.createKey(projectId, { name: "dark key" });
  const paused = await admin.createKey(projectId, { name: "paused key" });
  await keysPage(page, projectId);

  await page.getByRole("button", { name: "Deactivate dark key" }).click();
  const deactivate = page.getByRole("dialog", { name: "Deactivate API Key" });
  await expect(deactivate).toContainText("Deactivate “dark key”?");
  await inspect(page, "deactivate-dialog");
  await deactivate.getByRole("button", { name: "Cancel" }).click();
  await expect(deactivate).toBeHidden();

  await page.getByRole("button", { name: "Reveal dark key" }).click();
  const reveal = page.getByRole("dialog", { name: "Reveal API Key" });
  await expect(reveal).toContainText("recorded in the audit log");
  await inspect(page, "reveal-confirm");
  await reveal.getByRole("button", { name: "Reveal key" }).click();
  await expect(reveal.getByLabel("The key dark key")).toHaveText(created.key);
  await inspect(page, "reveal-shown");
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();

  expect((await admin.call("POST", `/api/v1/projects/${projectId}/keys/${paused.key_id}/deactivate`)).status).toBe(200);
  await keysPage(page, projectId, "&status=deactivated");
  await expect(keysTable(page).getByRole("row")).toHaveCount(2);
  await expect(keysTable(page)).toContainText("Deactivated");
  await inspect(page, "keys-deactivated");
});
