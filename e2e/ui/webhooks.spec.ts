// Settings -> Webhooks: add an endpoint, see its secret once, send a test event that a local
// receiver verifies, watch the delivery, disable and delete it.
import { ApiClient } from "../support/api";
import { baseURL } from "../support/env";
import { ownWorkspace } from "../support/tokens";
import { startReceiver } from "../support/webhook-receiver";
import { expect, inspect, open, test } from "./fixtures";

test("add an endpoint, copy its secret once, receive the test event, disable and delete it", async ({ page, context }) => {
  const tokens = await ownWorkspace("ui-hooks");
  await context.addCookies([{ name: "__session", value: tokens.admin, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const hook = await startReceiver();
  try {
    await open(page, "/settings/webhooks");
    await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
    await expect(page.getByText("No endpoints yet.")).toBeVisible();

    await page.getByRole("button", { name: "Add endpoint" }).click();
    const dialog = page.getByRole("dialog", { name: "Add endpoint" });
    // Bad input is an inline message, not a lost form.
    await dialog.getByLabel("Endpoint URL").fill("ftp://example.com/hook");
    await dialog.getByRole("button", { name: "Add endpoint" }).click();
    await expect(dialog.getByText("Use an https:// URL.")).toBeVisible();
    await dialog.getByLabel("Endpoint URL").fill(hook.url);
    await dialog.getByLabel(/^key\.leaked/).uncheck();
    await inspect(page, "webhooks-add");
    await dialog.getByRole("button", { name: "Add endpoint" }).click();

    const reveal = page.getByRole("dialog", { name: "Endpoint added" });
    const secret = (await reveal.getByLabel("New signing secret").textContent())!;
    expect(secret).toMatch(/^whsec_/);
    await reveal.getByRole("button", { name: "Copy" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await inspect(page, "webhooks-secret");
    await reveal.getByLabel("I have saved this signing secret").check();
    await reveal.getByRole("button", { name: "Done" }).click();
    await expect(page.getByText(secret)).toHaveCount(0);
    hook.secret = secret;

    const endpoints = page.getByRole("table", { name: "Webhook endpoints" });
    await expect(endpoints).toContainText(hook.url);
    await expect(endpoints).not.toContainText(/(^|[^_])key\.leaked/);
    await page.getByRole("button", { name: `Send test event to ${hook.url}` }).click();
    const [received] = await hook.waitFor((events) => events.length === 1);
    expect(received!.type).toBe("webhook.test");
    expect(hook.rejected).toBe(0);

    const deliveries = page.getByRole("table", { name: "Recent webhook deliveries" });
    await expect(async () => {
      await page.getByRole("button", { name: "Refresh" }).click();
      await expect(deliveries.getByRole("row").nth(1)).toContainText("Delivered", { timeout: 1000 });
    }).toPass();
    await expect(deliveries.getByRole("row").nth(1)).toContainText("webhook.test");
    await expect(deliveries.getByRole("row").nth(1)).toContainText("200");
    await inspect(page, "webhooks");

    await page.getByRole("button", { name: `Disable ${hook.url}` }).click();
    await expect(endpoints).toContainText("Disabled");
    await expect(page.getByRole("button", { name: `Send test event to ${hook.url}` })).toBeDisabled();

    await page.getByRole("button", { name: `Delete ${hook.url}` }).click();
    const confirm = page.getByRole("alertdialog", { name: "Delete endpoint" });
    await confirm.getByRole("button", { name: "Delete endpoint" }).click();
    await expect(page.getByText("No endpoints yet.")).toBeVisible();
    const listed = await new ApiClient(tokens.admin).call("GET", "/api/v1/webhooks");
    expect(listed.body).toEqual([]);
  } finally {
    await hook.close();
  }
});

test("members are told that admins manage webhooks", async ({ page, context }) => {
  const tokens = await ownWorkspace("ui-hooks-member");
  await new ApiClient(tokens.admin).createProject("hooks member project");
  await context.addCookies([{ name: "__session", value: tokens.member, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
  await open(page, "/settings/webhooks");
  await expect(page.getByText("Only workspace admins can manage webhooks.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Add endpoint" })).toHaveCount(0);
});
