// The dashboard side of key protection: a rate limit and an IP allowlist set in the Create
// dialog, the leak banner until an admin acknowledges it, and a 429 shown as a clear message.
import { ApiClient } from "../support/api";
import { leak, sendReport } from "../support/scanner";
import { startOwnInstance } from "../support/server";
import { sessionToken } from "../support/tokens";
import { expect, inspect, keysTable, open, test } from "./fixtures";

test.beforeEach(async ({ signIn }) => {
  await signIn("acmeAdmin");
});

test("the Create dialog sets a rate limit and an allowlist, checked inline with the API's rules", async ({ page, acmeProject }) => {
  await open(page, `/settings/api-keys?project=${acmeProject.id}`);
  await page.getByRole("button", { name: "Create Key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create API Key" });
  await dialog.getByLabel("Key Name").fill("guarded");
  await dialog.getByLabel("Rate limit").fill("1000");
  await dialog.getByLabel("Per").selectOption("60");
  const allowlist = dialog.getByLabel("Allowed IP addresses");
  await allowlist.fill("203.0.113.0/24\n2001:db8::/32\n10.1.2.300");
  await expect(dialog.getByText("(3 of 100)")).toBeVisible();
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(allowlist).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByRole("alert").filter({ hasText: "10.1.2.300" })).toContainText("is not an IP address or CIDR range");
  await dialog.getByLabel("Rate limit").fill("lots");
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByText(/Enter a whole number from 1/)).toBeVisible();
  await inspect(page, "create-dialog-protection-errors");

  await dialog.getByLabel("Rate limit").fill("1000");
  await allowlist.fill("203.0.113.0/24\n2001:db8::/32\n10.1.2.3");
  await dialog.getByRole("button", { name: "Create key" }).click();
  const reveal = page.getByRole("dialog", { name: "API Key Created" });
  await reveal.getByLabel("I have saved this key").check();
  await reveal.getByRole("button", { name: "Done" }).click();
  const row = keysTable(page).getByRole("row", { name: /guarded/ });
  await expect(row).toContainText("1,000 per minute · 3 allowed IPs");
  const listed = (await new ApiClient(sessionToken("acmeAdmin")).listKeys(acmeProject.id)).body.find((k: { name: string }) => k.name === "guarded");
  expect(listed).toMatchObject({ rate_limit: { limit: 1000, window_s: 60 }, allowed_ips: ["203.0.113.0/24", "2001:db8::/32", "10.1.2.3"] });
});

test("a leaked key shows a banner on the page and a badge on its row until an admin acknowledges it", async ({ page, acmeProject }) => {
  const ada = new ApiClient(sessionToken("acmeAdmin"));
  const key = await ada.createKey(acmeProject.id, { name: "found on github" });
  const url = "https://github.com/octo/app/blob/main/.env";
  expect((await sendReport([leak(key.key, url)])).status).toBe(200);

  await open(page, `/settings/api-keys?project=${acmeProject.id}`);
  const banner = page.getByRole("alert").filter({ hasText: "found in a public place" });
  await expect(banner).toBeVisible();
  // Other tests may report leaks in this workspace meanwhile: this key's line of the banner.
  const item = banner.getByRole("listitem").filter({ hasText: "found on github" });
  await expect(item).toContainText(url);
  await expect(item).toContainText("revoked");
  const row = keysTable(page).getByRole("row", { name: /found on github/ });
  await expect(row.getByRole("link", { name: /^Leaked/ })).toHaveAttribute("href", new RegExp(`/settings/api-keys/${key.key_id}`));
  await expect(row).toContainText("Revoked");
  await inspect(page, "leak-banner");

  await item.getByRole("button", { name: "Acknowledge the report on found on github" }).click();
  await expect(page.getByRole("region", { name: /Notifications/ })).toContainText("acknowledged");
  await expect(row.getByRole("link", { name: /^Leaked/ })).toHaveCount(0);
  // This key's notice is gone for good.
  await open(page, `/settings/api-keys?project=${acmeProject.id}`);
  await expect(keysTable(page).getByRole("row", { name: /found on github/ }).getByRole("link", { name: /^Leaked/ })).toHaveCount(0);
});

test("the Create dialog shows a 429 as a clear message; the REST API and the dashboard share the quota", async ({ page, context }) => {
  const instance = await startOwnInstance("ui-write-limit", { KEYPORT_WRITE_LIMIT: "2" });
  try {
    const token = sessionToken("acmeAdmin", instance.dataDir);
    const ada = new ApiClient(token, instance.origin);
    const project = await ada.createProject("write limited");
    await ada.createKey(project.project_id, { name: "second write" });
    await context.addCookies([{ name: "__session", value: token, url: instance.origin, httpOnly: true, sameSite: "Lax" }]);
    await page.goto(`${instance.origin}/settings/api-keys?project=${project.project_id}`);
    await page.waitForLoadState("networkidle");
    await page.getByRole("button", { name: "Create Key" }).click();
    const dialog = page.getByRole("dialog", { name: "Create API Key" });
    await dialog.getByLabel("Key Name").fill("one too many");
    await dialog.getByRole("button", { name: "Create key" }).click();
    await expect(dialog.getByRole("alert")).toContainText(/Too many changes in a short time: at most 2 per 60 s\. Retry in \d+ s\./);
    // The message sits above the form: the dialog scrolls it into view.
    await expect(dialog.getByRole("alert")).toBeInViewport();
    await expect(dialog).toBeVisible();
    await inspect(page, "create-dialog-rate-limited");
  } finally {
    await instance.stop();
  }
});
