// The Policies page's list of keys that break the policy: one row per key with every rule it
// breaks, a link to the key's page, and Roll and Revoke in place (the table's own dialogs).
import type { BrowserContext } from "@playwright/test";
import { ApiClient, verify } from "../support/api";
import { baseURL } from "../support/env";
import { ownWorkspace } from "../support/tokens";
import { expect, inspect, open, test } from "./fixtures";

async function workspace(context: BrowserContext, label: string, as: "admin" | "member" = "admin") {
  const tokens = await ownWorkspace(label);
  await context.addCookies([{ name: "__session", value: tokens[as], url: baseURL, httpOnly: true, sameSite: "Lax" }]);
  const admin = new ApiClient(tokens.admin);
  const project = await admin.createProject(`${label} project`);
  const { violations: _v, ...policy } = (await admin.call("GET", "/api/v1/workspace/policy")).body;
  expect(
    (
      await admin.call("PUT", "/api/v1/workspace/policy", {
        body: { ...policy, single_active_key: "project_environment", require_expiry: { live: true, test: false }, max_lifetime_days: { live: 90, test: null } },
      })
    ).status,
  ).toBe(200);
  return { admin, projectId: project.project_id };
}

const violationsList = (page: import("@playwright/test").Page) => page.getByRole("list", { name: "Keys that break the workspace's policies" });
/** The list's entries, one per key (the rules each breaks are a list of their own inside). */
const keyEntries = (page: import("@playwright/test").Page) => violationsList(page).locator(":scope > li");

test("each key that breaks the policy is listed once with all it breaks, a link, and Roll and Revoke that work", async ({ page, context }) => {
  const { admin, projectId } = await workspace(context, "ui-policies-list");
  // Made with no rule in place, then the rules apply: both break three of them.
  const { violations: _v, ...policy } = (await admin.call("GET", "/api/v1/workspace/policy")).body;
  await admin.call("PUT", "/api/v1/workspace/policy", {
    body: { ...policy, single_active_key: "off", require_expiry: { live: false, test: false }, max_lifetime_days: { live: null, test: null } },
  });
  const first = await admin.createKey(projectId, { name: "first forever", environment: "live" });
  const second = await admin.createKey(projectId, { name: "second forever", environment: "live" });
  await admin.createKey(projectId, { name: "fine staging", environment: "test" });
  await admin.call("PUT", "/api/v1/workspace/policy", { body: policy });

  await open(page, "/settings/policies");
  const list = violationsList(page);
  await expect(keyEntries(page)).toHaveCount(2); // one per key
  const firstEntry = list.getByRole("listitem", { name: /first forever/ });
  await expect(firstEntry).toHaveCount(1);
  await expect(firstEntry.getByRole("listitem")).toHaveCount(3);
  await expect(firstEntry).toContainText("Must expire: Production keys must expire; this one never does.");
  await expect(firstEntry).toContainText("Longest lifetime: Production keys may live 90 days; this one lives longer (it never expires).");
  await expect(firstEntry).toContainText("Single active key: One active key per project and environment: 2 are active.");
  await expect(firstEntry).not.toContainText("require_expiry");
  await expect(firstEntry.getByRole("link", { name: "first forever" })).toHaveAttribute("href", `/settings/api-keys/${first.key_id}`);
  await expect(list.getByRole("listitem", { name: /fine staging/ })).toHaveCount(0);
  await inspect(page, "policies-violations");

  // Revoke the second: it leaves the list, and the first no longer breaks the single-key rule.
  await list.getByRole("button", { name: "Revoke second forever" }).click();
  const revoke = page.getByRole("alertdialog", { name: "Revoke API Key" });
  await expect(revoke.getByTestId("key-impact")).toBeVisible();
  await revoke.getByRole("button", { name: "Revoke key" }).click();
  await expect(revoke).toBeHidden();
  await expect(list.getByRole("listitem", { name: /second forever/ })).toHaveCount(0);
  await expect(firstEntry.getByRole("listitem")).toHaveCount(2);
  expect((await verify(second.key)).status).toBe(401);

  // Roll the first: the dialog says the new key would still break the rule; the old key keeps working for its grace period.
  await firstEntry.getByRole("button", { name: "Roll first forever" }).click();
  const roll = page.getByRole("dialog", { name: "Roll API Key" });
  await expect(roll.getByTestId("roll-policy")).toContainText("Production keys must expire within 90 days in this workspace.");
  await expect(roll.getByRole("radio", { name: "24 hours" })).toBeFocused();
  await inspect(page, "policies-roll-dialog");
  await roll.getByRole("radio", { name: "1 hour" }).check();
  await roll.getByRole("button", { name: "Roll key" }).click();
  const reveal = page.getByRole("dialog", { name: "API Key Created" });
  const newKey = (await reveal.getByLabel("New API key").textContent())!.trim();
  await reveal.getByLabel("I have saved this key").press("Enter");
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();
  expect((await verify(first.key)).status).toBe(200);
  expect((await verify(newKey)).status).toBe(200);
  // The new key copied "never expires", so it is the one listed now; the old one stops within the hour.
  const successor = ((await admin.listKeys(projectId)).body as { key_id: string; name: string; revoked_at: string | null }[]).find(
    (k) => k.name === "first forever" && k.key_id !== first.key_id,
  )!;
  await expect(list.getByRole("listitem", { name: /first forever/ })).toHaveCount(1);
  await expect(list.getByRole("link", { name: "first forever" })).toHaveAttribute("href", `/settings/api-keys/${successor.key_id}`);
});

test("a member sees the list without Roll or Revoke", async ({ page, context }) => {
  const { admin, projectId } = await workspace(context, "ui-policies-member-list", "member");
  await admin.call("PUT", "/api/v1/workspace/policy", {
    body: { ...(await admin.call("GET", "/api/v1/workspace/policy")).body, violations: undefined, require_expiry: { live: false, test: false }, max_lifetime_days: { live: null, test: null }, single_active_key: "off" },
  });
  await admin.createKey(projectId, { name: "member sees me", environment: "live" });
  await admin.call("PUT", "/api/v1/workspace/policy", {
    body: { ...(await admin.call("GET", "/api/v1/workspace/policy")).body, violations: undefined, require_expiry: { live: true, test: false } },
  });
  await open(page, "/settings/policies");
  const row = violationsList(page).getByRole("listitem", { name: /member sees me/ });
  await expect(row).toContainText("Must expire");
  await expect(row.getByRole("link", { name: "member sees me" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^(Roll|Revoke) / })).toHaveCount(0);
});

// The dark theme's colours do not change with the width: it is checked at desktop width.
for (const scheme of ["light", "dark"] as const) {
  for (const width of scheme === "dark" ? [1440] : [1440, 375]) {
    test.describe(`${scheme}, ${width} px`, () => {
      test.use({ colorScheme: scheme, viewport: { width, height: 900 } });
      test(`the Policies page with its list passes axe (${scheme}, ${width} px)`, async ({ page, context }) => {
        const { admin, projectId } = await workspace(context, `ui-policies-shots-${scheme}-${width}`);
        const { violations: _v, ...policy } = (await admin.call("GET", "/api/v1/workspace/policy")).body;
        await admin.call("PUT", "/api/v1/workspace/policy", { body: { ...policy, single_active_key: "off", require_expiry: { live: false, test: false }, max_lifetime_days: { live: null, test: null } } });
        await admin.createKey(projectId, { name: "terraform-provisioner-production", environment: "live" });
        await admin.createKey(projectId, { name: "billing worker", environment: "live" });
        await admin.call("PUT", "/api/v1/workspace/policy", { body: policy });
        await open(page, "/settings/policies");
        await expect(keyEntries(page)).toHaveCount(2);
        await inspect(page, `policies-page-${width}`);
        await violationsList(page).getByRole("button", { name: "Revoke billing worker" }).click();
        await expect(page.getByRole("alertdialog", { name: "Revoke API Key" }).getByTestId("key-impact")).toBeVisible();
        await inspect(page, `policies-revoke-dialog-${width}`);
      });
    });
  }
}
