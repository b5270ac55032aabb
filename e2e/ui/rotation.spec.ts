// The dashboard side of rotation and policies: roll with each grace period, edit, bulk revoke
// with a partial failure, every policy refusing in the Create dialog, and the Policies page
// for an admin and a member. Each test works in a workspace of its own.
import type { BrowserContext, Page } from "@playwright/test";
import { ApiClient, verify } from "../support/api";
import { baseURL } from "../support/env";
import { ownWorkspace } from "../support/tokens";
import { expect, inspect, keysTable, open, takeNewKey, test } from "./fixtures";

async function workspace(context: BrowserContext, label: string, as: "admin" | "member" = "admin") {
  const tokens = await ownWorkspace(label);
  await context.addCookies([{ name: "__session", value: tokens[as], url: baseURL, httpOnly: true, sameSite: "Lax" }]);
  const admin = new ApiClient(tokens.admin);
  const project = await admin.createProject(`${label} project`);
  return { admin, projectId: project.project_id, project };
}

const keysPage = (page: Page, projectId: string) => open(page, `/settings/api-keys?project=${projectId}`);

for (const [choice, countdown] of [
  ["1 hour", /Stops in (59|60) min/],
  ["24 hours", /Stops in 23 h/],
  ["7 days", /Stops in 6 d/],
] as const) {
  test(`rolls a key with a ${choice} grace period: the new key once, the old one counting down`, async ({ page, context }) => {
    const { admin, projectId } = await workspace(context, `ui-roll-${choice.replace(" ", "")}`);
    const old = await admin.createKey(projectId, { name: "rolling key" });
    await keysPage(page, projectId);
    await page.getByRole("button", { name: "Roll rolling key" }).click();
    const dialog = page.getByRole("dialog", { name: "Roll API Key" });
    // The four real choices, and only those.
    await expect(dialog.getByRole("radio")).toHaveCount(4);
    await dialog.getByRole("radio", { name: choice }).check();
    if (choice === "24 hours") await inspect(page, "roll-dialog");
    await dialog.getByRole("button", { name: "Roll key" }).click();
    const newKey = await takeNewKey(page);
    expect((await verify(newKey)).status).toBe(200);
    expect((await verify(old.key)).status).toBe(200);
    const rows = keysTable(page).getByRole("row", { name: /rolling key/ });
    await expect(rows).toHaveCount(2);
    await expect(keysTable(page)).toContainText(countdown);
    // A rolled key offers no second roll.
    await expect(page.getByRole("button", { name: "Roll rolling key" })).toHaveCount(1);
  });
}

test("rolling with no grace period stops the old key at once", async ({ page, context }) => {
  const { admin, projectId } = await workspace(context, "ui-roll-none");
  const old = await admin.createKey(projectId, { name: "instant roll" });
  await keysPage(page, projectId);
  await page.getByRole("button", { name: "Roll instant roll" }).click();
  const dialog = page.getByRole("dialog", { name: "Roll API Key" });
  await dialog.getByRole("radio", { name: /None/ }).check();
  await expect(dialog).toContainText("lose access immediately");
  await dialog.getByRole("button", { name: "Roll key" }).click();
  const newKey = await takeNewKey(page);
  expect((await verify(old.key)).status).toBe(401);
  expect((await verify(newKey)).status).toBe(200);
  await expect(keysTable(page).getByRole("row", { name: /instant roll/ }).filter({ hasText: "Revoked" })).toHaveCount(1);
});

test("edits a key: name, scopes, limit and allowlist, an earlier expiry; refusals inline", async ({ page, context }) => {
  const { admin, projectId } = await workspace(context, "ui-edit");
  const key = await admin.createKey(projectId, { name: "before edit", scopes: ["flags:read"], expires_at: new Date(Date.now() + 20 * 86_400_000).toISOString() });
  await keysPage(page, projectId);
  await page.getByRole("button", { name: "Edit before edit" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit API Key" });
  await expect(dialog.getByLabel("Key Name")).toHaveValue("before edit");
  await expect(dialog.getByRole("checkbox", { name: /flags:read/ })).toBeChecked();
  // Later than the current expiry: refused by the server, shown on the field.
  await dialog.getByLabel("Expire earlier (optional)").fill(new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10));
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog.getByText(/before the current expiry/)).toBeVisible();
  await inspect(page, "edit-dialog-refused");

  await dialog.getByLabel("Key Name").fill("after edit");
  await dialog.getByLabel("Expire earlier (optional)").fill(new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10));
  await dialog.getByRole("checkbox", { name: /events:write/ }).check();
  await dialog.getByLabel("Rate limit").fill("500");
  await dialog.getByLabel("Allowed IP addresses").fill("127.0.0.1\n::1");
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("region", { name: /Notifications/ })).toContainText("was saved");
  const row = keysTable(page).getByRole("row", { name: /after edit/ });
  await expect(row).toContainText("500 per minute · 2 allowed IPs");
  const verified = await verify(key.key);
  expect(verified.body).toMatchObject({ name: "after edit", scopes: ["flags:read", "events:write"] });
});

test("bulk revoke: select, confirm the list, watch the progress, and see what was refused", async ({ page, context }) => {
  const { admin, projectId, project } = await workspace(context, "ui-bulk");
  const keys = [];
  for (let i = 1; i <= 30; i++) keys.push(await admin.createKey(projectId, { name: `bulk ${String(i).padStart(2, "0")}` }));
  await keysPage(page, projectId);
  // Two rows by hand first.
  await page.getByRole("checkbox", { name: "Select bulk 01" }).check();
  await page.getByRole("checkbox", { name: "Select bulk 02" }).check();
  await expect(page.getByRole("group", { name: "Selection" })).toContainText("2 selected");
  // Then every key that matches (the default key included, which cannot be revoked).
  await page.getByRole("button", { name: "Select all keys" }).click();
  await expect(page.getByRole("group", { name: "Selection" })).toContainText("31 selected");
  await page.getByRole("button", { name: "Revoke selected" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Revoke API Keys" });
  const list = dialog.getByRole("list", { name: "Keys to revoke" });
  await expect(list.getByRole("listitem")).toHaveCount(31);
  await expect(list).toContainText("bulk 17");
  await expect(list).toContainText("never used");
  await inspect(page, "bulk-revoke-dialog");
  await dialog.getByRole("button", { name: "Revoke 31 keys" }).click();
  await expect(dialog.getByText("Done: 30 of 31 revoked.")).toBeVisible();
  const failure = dialog.getByRole("alert");
  await expect(failure).toContainText("1 key was not revoked");
  await expect(failure).toContainText(`${projectId}_default_`);
  await expect(failure).toContainText("default key");
  await expect(dialog.getByRole("progressbar", { name: "Revoking keys" })).toHaveAttribute("value", "31");
  await inspect(page, "bulk-revoke-partial");
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  for (const k of [keys[0]!, keys[29]!]) expect((await verify(k.key)).status).toBe(401);
  expect((await verify(project.default_key.key)).status).toBe(200);
});

test("each policy refuses in the Create dialog, with the rule in words", async ({ page, context }) => {
  const { admin, projectId } = await workspace(context, "ui-policy");
  const { violations: _v, ...policy } = (await admin.call("GET", "/api/v1/workspace/policy")).body;
  const setPolicy = async (changes: Record<string, unknown>) =>
    expect((await admin.call("PUT", "/api/v1/workspace/policy", { body: { ...policy, ...changes } })).status).toBe(200);
  // The dialog offers only what the policy allows when it opens, so each rule is turned on
  // while the dialog is open: the server's refusal is what is shown.
  const openCreate = async (name: string) => {
    await keysPage(page, projectId);
    await page.getByRole("button", { name: "Create Key" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Create API Key" });
    await dialog.getByLabel("Key Name").fill(name);
    return dialog;
  };

  let dialog = await openCreate("no expiry");
  await expect(dialog.getByLabel("Expiration")).toHaveValue("never");
  await setPolicy({ require_expiry: { live: true, test: false } });
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByRole("alert").first()).toContainText("Production keys must have an expiry date in this workspace.");
  await expect(dialog.getByRole("alert").first()).not.toContainText("require_expiry");
  await expect(dialog.getByText("Production keys in this workspace must have an expiry date.")).toBeVisible();
  await inspect(page, "create-dialog-policy-refused");

  await setPolicy({ require_expiry: { live: false, test: false } });
  dialog = await openCreate("too long");
  await dialog.getByLabel("Expiration").selectOption("90");
  await setPolicy({ max_lifetime_days: { live: 30, test: 30 } });
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByRole("alert").first()).toContainText("Production keys must expire within 30 days in this workspace.");
  await expect(dialog.getByRole("alert").first()).not.toContainText("max_lifetime_days");
  await setPolicy({ max_lifetime_days: { live: null, test: null } });

  await setPolicy({ scopes: [{ name: "reports:read", description: "Read reports" }, { name: "flags:read", description: "Evaluate feature flags" }] });
  await keysPage(page, projectId);
  await page.getByRole("button", { name: "Create Key" }).first().click();
  dialog = page.getByRole("dialog", { name: "Create API Key" });
  await expect(dialog.getByRole("checkbox", { name: /reports:read/ })).toBeVisible();
  await expect(dialog.getByRole("checkbox", { name: /events:write/ })).toHaveCount(0);
  await dialog.getByLabel("Key Name").fill("scoped");
  await dialog.getByRole("checkbox", { name: /flags:read/ }).check();
  // The catalogue changes while the dialog is open: the server refuses the scope it no longer lists.
  await setPolicy({ scopes: [{ name: "reports:read", description: "Read reports" }] });
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByRole("alert").first()).toContainText("This workspace does not offer the scope flags:read.");
  await expect(dialog.getByText("This workspace does not offer the scope flags:read.", { exact: true })).toBeVisible();

  await setPolicy({ single_active_key: "project_environment" });
  await admin.createKey(projectId, { name: "the only one", environment: "live" });
  dialog = await openCreate("a second one");
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByRole("alert").first()).toContainText("This workspace allows one active Production key per project");
  await expect(dialog.getByRole("alert").first()).toContainText("the only one");
});

test("the Policies page: an admin changes the policy and sees the keys that break it", async ({ page, context }) => {
  const { admin, projectId } = await workspace(context, "ui-policies-admin");
  await admin.createKey(projectId, { name: "never expires", environment: "live" });
  await open(page, "/settings/policies");
  await expect(page.getByRole("heading", { name: "Policies", level: 1 })).toBeVisible();
  await expect(page.getByText("None: every active key follows them.")).toBeVisible();
  await page.getByRole("checkbox", { name: "Production keys must expire" }).check();
  await page.getByRole("radio", { name: "One active key per project and environment" }).check();
  await page.getByRole("button", { name: "Add scope" }).click();
  await page.getByLabel("Scope 5 name").fill("Bad Scope");
  await page.getByRole("button", { name: "Save policies" }).click();
  await expect(page.getByText(/A scope is lowercase letters/)).toBeVisible();
  await page.getByLabel("Scope 5 name").fill("reports:read");
  await page.getByLabel("Scope 5 description").fill("Read reports");
  await page.getByRole("button", { name: "Save policies" }).click();
  await expect(page.getByRole("region", { name: /Notifications/ })).toContainText("The policy was saved");
  const violations = page.getByRole("list", { name: "Keys that break the workspace's policies" });
  await expect(violations.getByRole("listitem", { name: "never expires" })).toContainText("Production keys must expire; this one never does.");
  await inspect(page, "policies-admin");
  const saved = (await admin.call("GET", "/api/v1/workspace/policy")).body;
  expect(saved).toMatchObject({ single_active_key: "project_environment", require_expiry: { live: true, test: false } });
  expect(saved.scopes.map((s: { name: string }) => s.name)).toContain("reports:read");
});

test("the Policies page: a member reads it and cannot change it", async ({ page, context }) => {
  await workspace(context, "ui-policies-member", "member");
  await open(page, "/settings/policies");
  await expect(page.getByText("Only admins can change them.")).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "Production keys must expire" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save policies" })).toHaveCount(0);
  await inspect(page, "policies-member");
});

test("a key within 7 days of its expiry shows Expires soon; one further away does not", async ({ page, context }) => {
  const { admin, projectId } = await workspace(context, "ui-expiry");
  await admin.createKey(projectId, { name: "ending soon", expires_at: new Date(Date.now() + 3 * 86_400_000).toISOString() });
  await admin.createKey(projectId, { name: "ending later", expires_at: new Date(Date.now() + 30 * 86_400_000).toISOString() });
  await keysPage(page, projectId);
  await expect(keysTable(page).getByRole("row", { name: /ending soon/ })).toContainText("Expires soon");
  await expect(keysTable(page).getByRole("row", { name: /ending later/ })).not.toContainText("Expires soon");
});
