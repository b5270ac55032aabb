// Settings -> Webhooks: add an endpoint, see its secret once, send a test event that a local
// receiver verifies, watch the delivery and its payload, resend it, disable and delete it. An
// endpoint's row keeps its actions on one line on laptop screens, and is a card on a phone.
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

    const endpoints = page.getByRole("list", { name: "Webhook endpoints" });
    await expect(endpoints).toContainText(hook.url);
    await expect(endpoints).not.toContainText(/(^|[^_])key\.leaked/);
    await page.getByRole("button", { name: `Send test event to ${hook.url}` }).click();
    const [received] = await hook.waitFor((events) => events.length === 1);
    expect(received!.type).toBe("webhook.test");
    expect(hook.rejected).toBe(0);

    const deliveries = page.getByRole("list", { name: "Recent webhook deliveries" });
    const latest = deliveries.getByRole("listitem").first();
    await expect(async () => {
      await page.getByRole("button", { name: "Refresh" }).click();
      await expect(latest).toContainText("Delivered", { timeout: 1000 });
    }).toPass();
    await expect(latest).toContainText("webhook.test");
    await expect(latest).toContainText("200");
    // Its payload: the JSON body that was sent, pretty-printed, behind a toggle.
    const payload = latest.getByLabel(`Payload of webhook.test delivery ${received!.id}`);
    await expect(payload).toBeHidden();
    await latest.getByText("Payload").click();
    await expect(payload).toBeVisible();
    const body = JSON.parse(await payload.innerText());
    expect(body).toMatchObject({ type: "webhook.test", data: received!.data });
    await expect(payload.locator("span.hljs-attr").first()).toBeVisible();
    await inspect(page, "webhooks");

    // Resent: the receiver gets the same event again, and the list shows the new delivery.
    await latest.getByRole("button", { name: `Resend webhook.test (${received!.id})` }).click();
    await expect(page.getByText("webhook.test queued again.")).toBeVisible();
    const all = await hook.waitFor((events) => events.length === 2);
    expect(all[1]).toMatchObject({ id: received!.id, type: "webhook.test" });
    await expect(async () => {
      await page.getByRole("button", { name: "Refresh" }).click();
      await expect(deliveries.getByRole("listitem")).toHaveCount(2, { timeout: 1000 });
      await expect(deliveries.getByRole("listitem").first()).toContainText("Delivered", { timeout: 1000 });
    }).toPass();

    await page.getByRole("button", { name: `Disable ${hook.url}` }).click();
    await expect(endpoints).toContainText("Disabled");
    await expect(page.getByRole("button", { name: `Send test event to ${hook.url}` })).toBeDisabled();
    await expect(deliveries.getByRole("button", { name: /^Resend / }).first()).toBeDisabled();

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

test.describe("the endpoints' rows", () => {
  for (const scheme of ["light", "dark"] as const) {
    test.describe(`in the ${scheme} theme`, () => {
      test.use({ colorScheme: scheme });
      test("keep their actions on one line at 1280 and 1440 px, and fit a 375 px phone", async ({ page, context }) => {
        test.setTimeout(120_000);
        const tokens = await ownWorkspace(`ui-hooks-rows-${scheme}`);
        await context.addCookies([{ name: "__session", value: tokens.admin, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
        const ada = new ApiClient(tokens.admin);
        // A long URL and every event: the widest row there can be.
        const url = `http://127.0.0.1:9/${"hooks/".repeat(12)}keyport-receiver`;
        const added = await ada.call("POST", "/api/v1/webhooks", { body: { url, events: ["key.created", "key.rolled", "key.updated", "key.revoked", "key.expiring", "key.expired"] } });
        expect(added.status).toBe(201);
        await ada.call("POST", `/api/v1/webhooks/${added.body.id}/test`);
        for (const width of [1440, 1280, 375]) {
          await page.setViewportSize({ width, height: 900 });
          await open(page, "/settings/webhooks");
          const row = page.getByRole("list", { name: "Webhook endpoints" }).getByRole("listitem").first();
          const remove = await row.getByRole("button", { name: `Delete ${url}` }).boundingBox();
          const send = await row.getByRole("button", { name: `Send test event to ${url}` }).boundingBox();
          // One line: the button is one line tall, level with the others.
          expect(remove!.height, `${width}`).toBeLessThanOrEqual(34);
          if (width >= 1280) expect(Math.abs(remove!.y - send!.y), `${width}`).toBeLessThan(1);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, `${width}`).toBeLessThanOrEqual(0);
          if (width !== 1280) {
            await page.getByRole("list", { name: "Recent webhook deliveries" }).getByText("Payload").first().click();
            await inspect(page, `webhooks-rows-${width}`);
          }
        }
      });
    });
  }
});
