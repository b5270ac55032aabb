// The key dialogs against the workspace's policies and the keyboard: Create offers only the
// expiries the chosen environment allows and starts on the first, a refusal reads in words,
// Edit and Roll say what a key's expiry will be, Enter ticks "I have saved this key", the Roll
// dialog opens on the chosen grace period, and a name already in use is warned about, not
// refused. Each test works in a workspace of its own.
import type { BrowserContext, Locator, Page } from "@playwright/test";
import { ApiClient, verify } from "../support/api";
import { baseURL } from "../support/env";
import { ownWorkspace } from "../support/tokens";
import { expect, inspect, keysTable, open, test } from "./fixtures";

const DAY = 86_400_000;

async function workspace(context: BrowserContext, label: string) {
  const tokens = await ownWorkspace(label);
  await context.addCookies([{ name: "__session", value: tokens.admin, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
  const admin = new ApiClient(tokens.admin);
  const project = await admin.createProject(`${label} project`);
  const { violations: _v, ...policy } = (await admin.call("GET", "/api/v1/workspace/policy")).body;
  const setPolicy = async (changes: Record<string, unknown>) =>
    expect((await admin.call("PUT", "/api/v1/workspace/policy", { body: { ...policy, ...changes } })).status).toBe(200);
  return { admin, projectId: project.project_id, setPolicy };
}

const keysPage = (page: Page, projectId: string) => open(page, `/settings/api-keys?project=${projectId}`);

async function openCreate(page: Page): Promise<Locator> {
  await page.getByRole("button", { name: "Create Key" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Create API Key" });
  await expect(dialog).toBeVisible();
  return dialog;
}

const optionsOf = (select: Locator) => select.locator("option").allTextContents();

const NINETY_DAYS = { require_expiry: { live: true, test: false }, max_lifetime_days: { live: 90, test: null } };

test("Create offers only the expiries the environment allows, starts on the first, and follows a switch of environment", async ({ page, context }) => {
  const { admin, projectId, setPolicy } = await workspace(context, "ui-dialog-expiry");
  await setPolicy(NINETY_DAYS);
  await keysPage(page, projectId);
  const dialog = await openCreate(page);
  const expiration = dialog.getByLabel("Expiration");
  await expect(dialog.getByRole("radio", { name: /Production/ })).toBeChecked();
  await expect(expiration).toHaveValue("30");
  expect(await optionsOf(expiration)).toEqual(["30 days", "90 days", "Custom date"]);
  await expect(dialog.getByText("Production keys must expire within 90 days in this workspace.")).toBeVisible();
  await inspect(page, "create-dialog-policy");

  // Staging has no rule here: every expiry is offered again, and the choice made stays.
  await dialog.getByRole("radio", { name: /Staging/ }).check();
  expect(await optionsOf(expiration)).toEqual(["Never", "30 days", "90 days", "365 days", "Custom date"]);
  await expect(expiration).toHaveValue("30");
  await expect(dialog.getByText("Production keys must expire within 90 days in this workspace.")).toHaveCount(0);
  await expiration.selectOption("365");
  // Back to Production: 365 days is not allowed there, so the first allowed choice is taken.
  await dialog.getByRole("radio", { name: /Production/ }).check();
  await expect(expiration).toHaveValue("30");
  expect(await optionsOf(expiration)).not.toContain("Never");

  // A custom date is bounded by the rule and starts on its last allowed day.
  await expiration.selectOption("custom");
  const date = dialog.getByLabel("Expires on");
  const max = await date.getAttribute("max");
  expect(max).not.toBeNull();
  expect(new Date(`${max}T23:59:59.999Z`).getTime()).toBeLessThanOrEqual(Date.now() + 90 * DAY);
  expect(new Date(`${max}T23:59:59.999Z`).getTime()).toBeGreaterThan(Date.now() + 88 * DAY);
  await expect(date).toHaveValue(max!);
  await expiration.selectOption("30");

  await dialog.getByLabel("Key Name").fill("policy default");
  await dialog.getByRole("button", { name: "Create key" }).click();
  const reveal = page.getByRole("dialog", { name: "API Key Created" });
  await expect(reveal).toBeVisible();
  await reveal.getByLabel("I have saved this key").check();
  await reveal.getByRole("button", { name: "Done" }).click();
  const keys = (await admin.listKeys(projectId)).body as { name: string; expires_at: string | null; environment: string }[];
  const created = keys.find((k) => k.name === "policy default")!;
  expect(created.environment).toBe("live");
  const lifetime = new Date(created.expires_at!).getTime() - Date.now();
  expect(lifetime).toBeGreaterThan(29 * DAY);
  expect(lifetime).toBeLessThanOrEqual(30 * DAY);
});

test("a refusal by the server reads in words, on the form and on the field", async ({ page, context }) => {
  const { projectId, setPolicy } = await workspace(context, "ui-dialog-refusal");
  await keysPage(page, projectId);
  const dialog = await openCreate(page);
  await dialog.getByLabel("Key Name").fill("a year");
  await dialog.getByLabel("Expiration").selectOption("365");
  // The rule arrives while the dialog is open: only the server can refuse now.
  await setPolicy(NINETY_DAYS);
  await dialog.getByRole("button", { name: "Create key" }).click();
  const banner = dialog.getByRole("alert").first();
  await expect(banner).toHaveText("Production keys must expire within 90 days in this workspace. Choose an earlier expiry.");
  await expect(dialog.getByText(/Production keys in this workspace must expire within 90 days of their creation/)).toBeVisible();
  await expect(dialog.getByLabel("Expiration")).toHaveAttribute("aria-invalid", "true");
  await inspect(page, "create-dialog-refused-in-words");
});

test("Enter ticks and unticks “I have saved this key”, as Space does", async ({ page, context }) => {
  const { projectId } = await workspace(context, "ui-dialog-enter");
  await keysPage(page, projectId);
  const dialog = await openCreate(page);
  await dialog.getByLabel("Key Name").fill("enter key");
  await dialog.getByRole("button", { name: "Create key" }).click();
  const reveal = page.getByRole("dialog", { name: "API Key Created" });
  const saved = reveal.getByLabel("I have saved this key");
  const done = reveal.getByRole("button", { name: "Done" });
  await saved.focus();
  await page.keyboard.press("Enter");
  await expect(saved).toBeChecked();
  await expect(done).toBeEnabled();
  await page.keyboard.press("Enter");
  await expect(saved).not.toBeChecked();
  await expect(done).toBeDisabled();
  await page.keyboard.press("Space");
  await expect(saved).toBeChecked();
  await page.keyboard.press("Tab");
  await expect(done).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(reveal).toBeHidden();
});

test("the Roll dialog opens with the focus on the chosen grace period and says the new key's expiry under the policy", async ({ page, context }) => {
  const { admin, projectId, setPolicy } = await workspace(context, "ui-dialog-roll");
  const forever = await admin.createKey(projectId, { name: "never ends", environment: "live" });
  await admin.createKey(projectId, { name: "ends soon", environment: "live", expires_at: new Date(Date.now() + 2 * 3_600_000).toISOString() });
  await setPolicy(NINETY_DAYS);
  await keysPage(page, projectId);

  await page.getByRole("button", { name: "Roll never ends" }).click();
  let dialog = page.getByRole("dialog", { name: "Roll API Key" });
  const chosen = dialog.getByRole("radio", { name: "24 hours" });
  await expect(chosen).toBeChecked();
  await expect(chosen).toBeFocused();
  await expect(dialog.getByTestId("roll-policy")).toHaveText(
    /^Production keys must expire within 90 days in this workspace\. Like this key, the new key never expires\. It would break that rule too/,
  );
  // The arrows move the choice from where the focus is.
  await page.keyboard.press("ArrowRight");
  await expect(dialog.getByRole("radio", { name: "7 days" })).toBeChecked();
  await inspect(page, "roll-dialog-policy");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // A key that expires before the grace period ends: the dialog says when the old key stops.
  await page.getByRole("button", { name: "Roll ends soon" }).click();
  dialog = page.getByRole("dialog", { name: "Roll API Key" });
  await expect(dialog.getByRole("radio", { name: "24 hours" })).toBeFocused();
  await expect(dialog).toContainText("The old key expires in 2 hours, before 24 hours are up");
  await expect(dialog).toContainText("A roll never extends a key's life.");
  await dialog.getByRole("button", { name: "Roll key" }).click();
  const reveal = page.getByRole("dialog", { name: "API Key Created" });
  await reveal.getByLabel("I have saved this key").check();
  await reveal.getByRole("button", { name: "Done" }).click();
  expect((await verify(forever.key)).status).toBe(200);
});

test("Edit says what an edit and a roll do to the expiry, and asks a key that breaks the rule for an allowed date", async ({ page, context }) => {
  const { admin, projectId, setPolicy } = await workspace(context, "ui-dialog-edit");
  await admin.createKey(projectId, { name: "dated", environment: "live", expires_at: new Date(Date.now() + 20 * DAY).toISOString() });
  await admin.createKey(projectId, { name: "undated", environment: "live" });
  await setPolicy(NINETY_DAYS);
  await keysPage(page, projectId);

  await page.getByRole("button", { name: "Edit dated" }).click();
  let dialog = page.getByRole("dialog", { name: "Edit API Key" });
  await expect(dialog.getByText(/An edit can only bring it earlier, and a roll keeps it: for a longer life, create a new key\./)).toBeVisible();
  await expect(dialog).not.toContainText("to extend a key's life, roll it");
  await page.keyboard.press("Escape");

  await page.getByRole("button", { name: "Edit undated" }).click();
  dialog = page.getByRole("dialog", { name: "Edit API Key" });
  const expiresOn = dialog.getByLabel("Expires on");
  await expect(dialog.getByText(/Production keys must expire within 90 days in this workspace\. Now never expires\. Choose a date on or before/)).toBeVisible();
  const offered = await expiresOn.inputValue();
  expect(offered).toBe(await expiresOn.getAttribute("max"));
  await inspect(page, "edit-dialog-policy");
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog).toBeHidden();
  const keys = (await admin.listKeys(projectId)).body as { name: string; expires_at: string | null }[];
  expect(keys.find((k) => k.name === "undated")!.expires_at!.slice(0, 10)).toBe(offered);
});

test("a name already used in the project is warned about, politely, and Create still succeeds", async ({ page, context }) => {
  const { admin, projectId } = await workspace(context, "ui-dialog-names");
  await admin.createKey(projectId, { name: "billing worker", environment: "test" });
  await admin.createKey(projectId, { name: "other worker", environment: "test" });
  await keysPage(page, projectId);
  const dialog = await openCreate(page);
  const warning = dialog.getByTestId("name-in-use");
  await expect(warning).toHaveAttribute("aria-live", "polite");
  await dialog.getByLabel("Key Name").fill("Billing Worker ");
  await expect(warning).toContainText("Another active key of this project is already called “Billing Worker”");
  await inspect(page, "create-dialog-name-in-use");
  await dialog.getByLabel("Key Name").fill("billing worker 2");
  await expect(warning).toHaveText("");
  await dialog.getByLabel("Key Name").fill("billing worker");
  await expect(warning).not.toHaveText("");
  await dialog.getByRole("button", { name: "Create key" }).click();
  const reveal = page.getByRole("dialog", { name: "API Key Created" });
  await expect(reveal).toBeVisible();
  await reveal.getByLabel("I have saved this key").check();
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(keysTable(page).getByRole("row", { name: /billing worker/ })).toHaveCount(2);

  // Edit: the key's own name is not a clash; another key's name is.
  await page.getByRole("button", { name: "Edit other worker" }).click();
  const edit = page.getByRole("dialog", { name: "Edit API Key" });
  const editWarning = edit.getByTestId("name-in-use");
  await edit.getByLabel("Key Name").fill("other worker");
  await page.waitForTimeout(700);
  await expect(editWarning).toHaveText("");
  await edit.getByLabel("Key Name").fill("BILLING worker");
  await expect(editWarning).toContainText("already called “BILLING worker”");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit).toBeHidden();
  await expect(keysTable(page).getByRole("row", { name: /billing worker/i })).toHaveCount(3);
});

// Every dialog, in both themes and at 375 px: screenshots to look at, and axe on each. The dark
// theme's colours do not change with the width: it is checked at desktop width.
for (const scheme of ["light", "dark"] as const) {
  for (const width of scheme === "dark" ? [1440] : [1440, 375]) {
    test.describe(`${scheme}, ${width} px`, () => {
      test.use({ colorScheme: scheme, viewport: { width, height: 900 } });
      test(`every key dialog passes axe and is captured (${scheme}, ${width} px)`, async ({ page, context }) => {
        const { admin, projectId, setPolicy } = await workspace(context, `ui-dialog-shots-${scheme}-${width}`);
        await admin.createKey(projectId, { name: "shown key", environment: "live" });
        await setPolicy(NINETY_DAYS);
        await keysPage(page, projectId);
        const suffix = `${width}`;

        let dialog = await openCreate(page);
        await dialog.getByLabel("Key Name").fill("shown key");
        await expect(dialog.getByTestId("name-in-use")).not.toHaveText("");
        await inspect(page, `dialogs-create-${suffix}`);
        await page.keyboard.press("Escape");

        for (const [action, title] of [
          ["Edit", "Edit API Key"],
          ["Roll", "Roll API Key"],
          ["Revoke", "Revoke API Key"],
        ] as const) {
          // At 375 px the row's actions may sit in a menu or a card: the button is found by its name either way.
          await page.getByRole("button", { name: `${action} shown key` }).first().click();
          dialog = page.getByRole(action === "Revoke" ? "alertdialog" : "dialog", { name: title });
          await expect(dialog).toBeVisible();
          if (action !== "Edit") await expect(dialog.getByTestId("key-impact")).toBeVisible();
          await inspect(page, `dialogs-${action.toLowerCase()}-${suffix}`);
          await page.keyboard.press("Escape");
          await expect(dialog).toBeHidden();
        }

        await page.getByRole("button", { name: "Roll shown key" }).first().click();
        await page.getByRole("dialog", { name: "Roll API Key" }).getByRole("button", { name: "Roll key" }).click();
        const reveal = page.getByRole("dialog", { name: "API Key Created" });
        await expect(reveal).toBeVisible();
        await inspect(page, `dialogs-reveal-${suffix}`);
      });
    });
  }
}
