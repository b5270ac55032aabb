// Settings -> Management keys: create a key with a preset, see it once, use it, revoke it by
// name; members see neither the link nor the keys. The flow in the light theme, its dialogs and
// table in the dark one, and 375 px wide.
import type { Page } from "@playwright/test";
import { ApiClient } from "../support/api";
import { baseURL } from "../support/env";
import { ownWorkspace } from "../support/tokens";
import { expect, inspect, open, test } from "./fixtures";

async function signInWith(page: Page, token: string) {
  await page.context().addCookies([{ name: "__session", value: token, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
}

for (const scheme of ["light"] as const) {
  test.describe(`${scheme}`, () => {
    test.use({ colorScheme: scheme });

    test("create a read-only key, copy it once, use it, and revoke it by name", async ({ page, context }) => {
      const tokens = await ownWorkspace(`ui-mgmt-${scheme}`);
      await signInWith(page, tokens.admin);
      await context.grantPermissions(["clipboard-read", "clipboard-write"]);
      await open(page, "/settings/management-keys");
      await expect(page.getByRole("heading", { name: "Management keys", level: 1 })).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Main" }).first().getByRole("link", { name: "Management keys" })).toBeVisible();
      await expect(page.getByText("No management keys yet.")).toBeVisible();

      await page.getByRole("button", { name: "Create management key" }).click();
      const dialog = page.getByRole("dialog", { name: "Create management key" });
      // Bad input is an inline message, not a lost form.
      await dialog.getByRole("button", { name: "Create key" }).click();
      await expect(dialog.getByText("Enter a name for the key.")).toBeVisible();
      await expect(dialog.getByText("Choose at least one permission.")).toBeVisible();
      await dialog.getByLabel("Name").fill(`Deploy pipeline ${scheme}`);
      await dialog.getByRole("button", { name: "Full access" }).click();
      await expect(dialog.getByRole("checkbox", { name: /^keys:write/ })).toBeChecked();
      await dialog.getByRole("button", { name: "Read only" }).click();
      await expect(dialog.getByRole("checkbox", { name: /^keys:write/ })).not.toBeChecked();
      await expect(dialog.getByRole("checkbox", { name: /^keys:read/ })).toBeChecked();
      await expect(dialog.getByRole("checkbox", { name: /^audit:read/ })).toBeChecked();
      await dialog.getByRole("checkbox", { name: /^projects:write/ }).check();
      await inspect(page, "management-keys-create");
      await dialog.getByRole("button", { name: "Create key" }).click();

      const reveal = page.getByRole("dialog", { name: "Management key created" });
      const secret = (await reveal.getByLabel("New management key").textContent())!;
      expect(secret).toMatch(/^kpm_[0-9A-Za-z]{36}$/);
      await reveal.getByRole("button", { name: "Copy" }).click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
      await inspect(page, "management-keys-reveal");
      await reveal.getByLabel("I have saved this management key").check();
      await reveal.getByRole("button", { name: "Done" }).click();
      await expect(page.getByText(secret)).toHaveCount(0);

      const table = page.getByRole("table", { name: "Management keys" });
      const row = table.getByRole("row", { name: new RegExp(`Deploy pipeline ${scheme}`) });
      await expect(row).toContainText(secret.slice(0, 8));
      const badges = row.getByRole("list", { name: `Permissions of Deploy pipeline ${scheme}` }).getByRole("listitem");
      await expect(badges).toHaveText(["projects:read", "projects:write", "keys:read", "identities:read", "usage:read", "requests:read", "audit:read", "webhooks:read", "policy:read", "portal:read", "management_keys:read"]);
      await expect(row).toContainText("Ada Lovelace");
      await expect(row).toContainText("Never");

      // The key works within its permissions, and the page shows when it was last used.
      const script = new ApiClient(secret);
      expect((await script.call("GET", "/api/v1/projects")).status).toBe(200);
      expect((await script.call("PUT", "/api/v1/workspace/policy", { body: {} })).status).toBe(403);
      await expect(async () => {
        await page.reload();
        await expect(row.getByRole("cell").nth(4)).not.toHaveText("Never", { timeout: 1000 });
      }).toPass();
      await inspect(page, "management-keys");

      await page.getByRole("button", { name: `Revoke Deploy pipeline ${scheme}` }).click();
      const confirm = page.getByRole("alertdialog", { name: "Revoke management key" });
      await expect(confirm).toContainText(`Revoke “Deploy pipeline ${scheme}” (${secret.slice(0, 8)}…)?`);
      await inspect(page, "management-keys-revoke");
      await confirm.getByRole("button", { name: "Revoke key" }).click();
      await expect(confirm).toBeHidden();
      await expect(page.getByText("No management keys yet.")).toBeVisible();
      expect((await script.call("GET", "/api/v1/projects")).status).toBe(401);
      // What the key did is attributed to it in the audit log.
      const admin = new ApiClient(tokens.admin);
      const keyId = ((await admin.call("GET", "/api/v1/management-keys")).body as { id: string }[])[0]!.id;
      const audit = await admin.call("GET", `/api/v1/audit-events?action=access.denied&actor=${keyId}`);
      expect(audit.body).toEqual([expect.objectContaining({ actor: expect.objectContaining({ type: "management_key", name: `Deploy pipeline ${scheme}` }) })]);
    });
  });
}

// The dark theme's colours on every state the flow above shows, reached by the shortest path.
test("the dark theme: the Create dialog with its errors, the key shown once, the table and the revoke confirmation", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  const tokens = await ownWorkspace("ui-mgmt-dark");
  await signInWith(page, tokens.admin);
  await open(page, "/settings/management-keys");
  await page.getByRole("button", { name: "Create management key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create management key" });
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByText("Choose at least one permission.")).toBeVisible();
  await inspect(page, "management-keys-create");
  await dialog.getByLabel("Name").fill("Deploy pipeline dark");
  await dialog.getByRole("button", { name: "Read only" }).click();
  await dialog.getByRole("button", { name: "Create key" }).click();
  const reveal = page.getByRole("dialog", { name: "Management key created" });
  await expect(reveal.getByLabel("New management key")).toHaveText(/^kpm_/);
  await inspect(page, "management-keys-reveal");
  await reveal.getByLabel("I have saved this management key").check();
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("table", { name: "Management keys" })).toContainText("Deploy pipeline dark");
  await inspect(page, "management-keys");
  await page.getByRole("button", { name: "Revoke Deploy pipeline dark" }).click();
  await expect(page.getByRole("alertdialog", { name: "Revoke management key" })).toBeVisible();
  await inspect(page, "management-keys-revoke");
});

test("members see neither the link nor the keys", async ({ page }) => {
  const tokens = await ownWorkspace("ui-mgmt-member");
  await signInWith(page, tokens.member);
  await open(page, "/settings/api-keys");
  await expect(page.getByRole("link", { name: "Policies" }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Management keys" })).toHaveCount(0);
  await open(page, "/settings/management-keys");
  await expect(page.getByText("Only workspace admins can manage management keys.")).toBeVisible();
  await expect(page.getByRole("table")).toHaveCount(0);
});

test("at 375 px, the table scrolls and the Create dialog fits", async ({ page }) => {
  const tokens = await ownWorkspace("ui-mgmt-375");
  const admin = new ApiClient(tokens.admin);
  const created = await admin.call("POST", "/api/v1/management-keys", {
    body: { name: "Terraform", permissions: ["projects:read", "keys:read", "keys:write"], expires_at: new Date(Date.now() + 30 * 86_400_000).toISOString() },
  });
  expect(created.status).toBe(201);
  await page.setViewportSize({ width: 375, height: 812 });
  await signInWith(page, tokens.admin);
  await open(page, "/settings/management-keys");
  await expect(page.getByRole("table", { name: "Management keys" })).toContainText("Terraform");
  await expect(page.getByRole("navigation", { name: "Main" }).last().getByRole("link", { name: "Management keys" })).toBeVisible();
  await inspect(page, "management-keys-375");
  await page.getByRole("button", { name: "Create management key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create management key" });
  await expect(dialog.getByRole("button", { name: "Create key" })).toBeVisible();
  await inspect(page, "management-keys-create-375");
  const box = (await dialog.boundingBox())!;
  expect(box.width).toBeLessThanOrEqual(375);
});
