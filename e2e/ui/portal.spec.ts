// The self-serve portal in a browser: the hosted pages (a link opened once; the workspace's name,
// logo and colour; create, copy, roll, revoke; usage; back to the product) and the embedded
// component on another origin (a host app of its own). Light and dark, 375 px, keyboard, axe.
import type { Page } from "@playwright/test";
import { ApiClient } from "../support/api";
import { baseURL } from "../support/env";
import { startHostApp, type HostApp } from "../support/host-app";
import { ownWorkspace } from "../support/tokens";
import { expect, inspect, test } from "./fixtures";

const ALL = ["keys:read", "keys:create", "keys:roll", "keys:revoke", "usage:read"];
const unique = () => Math.random().toString(36).slice(2, 8);

/** A workspace of the test's own, its backend's management key, a project and an identity. */
async function product(label: string, settings: Record<string, unknown> = {}) {
  const { admin: adminToken } = await ownWorkspace(label);
  const admin = new ApiClient(adminToken);
  const project = (await admin.call("POST", "/api/v1/projects", { body: { name: `Portal UI ${unique()}` } })).body.project_id as string;
  const backend = new ApiClient(
    (await admin.call("POST", "/api/v1/management-keys", { body: { name: "backend", permissions: ["portal:write", "identities:write"] } })).body.key,
  );
  const saved = await admin.call("PUT", "/api/v1/workspace/portal", { body: { portal_origins: [], logo_url: null, accent_color: "#0e7490", ...settings } });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  const identity = async () => {
    const created = await backend.call("POST", "/api/v1/identities", { body: { external_id: `cus_${unique()}` } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body as { id: string; external_id: string };
  };
  const session = async (identityId: string, extra: Record<string, unknown> = {}) => {
    const opened = await backend.call("POST", "/api/v1/portal/sessions", { body: { project_id: project, identity_id: identityId, permissions: ALL, ...extra } });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    return opened.body as { id: string; url: string; token: string };
  };
  return { admin, backend, project, identity, session };
}

async function createThroughDialog(page: Page, name: string): Promise<string> {
  await page.getByRole("button", { name: "Create key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create a key" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create key" }).click();
  const reveal = page.getByRole("dialog", { name: `Your key ${name}` });
  // Centred over the page, whatever CSS reset the page brings (the hosted portal's zeroes margins).
  const box = (await reveal.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(Math.abs(box.x + box.width / 2 - viewport.width / 2)).toBeLessThanOrEqual(2);
  expect(Math.abs(box.y + box.height / 2 - viewport.height / 2)).toBeLessThanOrEqual(2);
  const secret = (await reveal.getByLabel("The new key").textContent())!;
  expect(secret).toMatch(/^fp_live_[0-9A-Za-z]{36}$/);
  await reveal.getByRole("button", { name: "Copy" }).click();
  await expect(reveal.getByText("Copied to the clipboard.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  return secret;
}

for (const scheme of ["light", "dark"] as const) {
  test.describe(`${scheme}`, () => {
    test.use({ colorScheme: scheme });

    test("the hosted portal: open the link once, then create, copy, roll and revoke a key, and see its usage", async ({ page, context }) => {
      const p = await product(`ui-portal-${scheme}`);
      const ann = await p.identity();
      const opened = await p.session(ann.id, { return_url: "https://app.example.com/settings" });
      await context.grantPermissions(["clipboard-read", "clipboard-write"]);
      await page.goto(opened.url);
      await expect(page).toHaveURL(`${baseURL}/portal`);
      await expect(page.getByRole("heading", { name: "API keys", level: 1 })).toBeVisible();
      // The workspace's name (a local-mode workspace is named after its person's organization).
      await expect(page.getByRole("banner")).toContainText("Acme");
      await expect(page.getByRole("link", { name: "← Back to app.example.com" })).toHaveAttribute("href", "https://app.example.com/settings");
      await expect(page.getByText("No keys yet.")).toBeVisible();
      await inspect(page, "portal-empty");

      const secret = await createThroughDialog(page, "server");
      await inspect(page, "portal-reveal");
      await page.keyboard.press("Escape");
      await expect(page.getByText(secret)).toHaveCount(0);
      const list = page.getByRole("list", { name: "Your keys" });
      await expect(list.getByRole("listitem")).toHaveCount(1);
      await expect(list).toContainText(secret.slice(0, 16));
      expect((await new ApiClient(secret).call("POST", "/api/v1/keys/verify")).status).toBe(200);

      // Usage, with the dashboard's chart.
      await page.getByText("Usage of server").click();
      await expect(page.getByRole("figure", { name: "Verifications of server" })).toBeVisible();

      // Roll with a grace period: the old key keeps working.
      await page.getByRole("button", { name: "Roll server" }).click();
      const roll = page.getByRole("dialog", { name: "Roll server" });
      await roll.getByLabel("Grace period").selectOption("1h");
      await inspect(page, "portal-roll");
      await roll.getByRole("button", { name: "Roll key" }).click();
      const rolledReveal = page.getByRole("dialog", { name: "Your new key for server" });
      const rolledSecret = (await rolledReveal.getByLabel("The new key").textContent())!;
      await rolledReveal.getByRole("button", { name: "Done" }).click();
      expect((await new ApiClient(secret).call("POST", "/api/v1/keys/verify")).status).toBe(200);
      await expect(list.getByRole("listitem")).toHaveCount(2);
      await expect(list).toContainText("Rolled, in grace period");

      // Revoke the new one: the confirmation names it.
      await page.getByRole("button", { name: "Revoke server" }).click();
      const revoke = page.getByRole("dialog", { name: "Revoke server?" });
      await expect(revoke).toContainText(rolledSecret.slice(0, 16));
      await inspect(page, "portal-revoke");
      await revoke.getByRole("button", { name: "Revoke server" }).click();
      await expect(revoke).toHaveCount(0);
      await expect(list).toContainText("Revoked");
      expect((await new ApiClient(rolledSecret).call("POST", "/api/v1/keys/verify")).status).toBe(401);

      // The link is spent.
      await page.goto(opened.url);
      await expect(page.getByRole("heading", { name: "This link has expired" })).toBeVisible();
      await inspect(page, "portal-link-expired");
    });

    test("the component on another origin: list, create and reveal, roll and revoke with only a token", async ({ page, context }) => {
      const host: HostApp = await startHostApp();
      try {
        const p = await product(`ui-component-${scheme}`, { portal_origins: [host.origin] });
        const ann = await p.identity();
        const opened = await p.session(ann.id);
        await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: host.origin });
        const requests: import("@playwright/test").Request[] = [];
        page.on("request", (request) => {
          if (request.url().startsWith(baseURL)) requests.push(request);
        });
        await page.goto(`${host.origin}/?base=${encodeURIComponent(`${baseURL}/api/v1/portal`)}&token=${opened.token}`);
        const section = page.getByRole("region", { name: "Your API keys" });
        await expect(section.getByText("No keys yet.")).toBeVisible();
        await inspect(page, "component-empty");
        const secret = await createThroughDialog(page, "embedded");
        await page.getByRole("dialog", { name: "Your key embedded" }).getByRole("button", { name: "Done" }).click();
        await expect(section.getByRole("list", { name: "Your keys" }).getByRole("listitem")).toHaveCount(1);
        expect((await new ApiClient(secret).call("POST", "/api/v1/keys/verify")).status).toBe(200);

        // Keyboard only: roll with no grace period.
        await section.getByRole("button", { name: "Roll embedded" }).focus();
        await page.keyboard.press("Enter");
        const roll = page.getByRole("dialog", { name: "Roll embedded" });
        await expect(roll).toBeVisible();
        await roll.getByLabel("Grace period").selectOption("none");
        await roll.getByRole("button", { name: "Roll key" }).focus();
        await page.keyboard.press("Enter");
        const rolled = page.getByRole("dialog", { name: "Your new key for embedded" });
        await expect(rolled).toBeVisible();
        await inspect(page, "component-reveal");
        await page.keyboard.press("Escape");
        expect((await new ApiClient(secret).call("POST", "/api/v1/keys/verify")).status).toBe(401);

        await section.getByRole("button", { name: "Revoke embedded" }).click();
        const revoke = page.getByRole("dialog", { name: "Revoke embedded?" });
        await inspect(page, "component-revoke");
        await revoke.getByRole("button", { name: "Revoke embedded" }).click();
        await expect(section.getByText("Revoked", { exact: true })).toHaveCount(2);

        // Every call went to Keyport with the token and without a cookie.
        expect(requests.length).toBeGreaterThan(3);
        for (const request of requests) {
          const headers = await request.allHeaders();
          expect(headers.cookie, request.url()).toBeUndefined();
          if (request.method() !== "OPTIONS") expect(headers.authorization, request.url()).toBe(`Bearer ${opened.token}`);
        }
      } finally {
        await host.stop();
      }
    });
  });
}

test("each identity sees its own keys only, and an origin not listed cannot use the component", async ({ page, browser }) => {
  const host = await startHostApp();
  try {
    const p = await product("ui-portal-isolation");
    const ann = await p.identity();
    const bob = await p.identity();
    const annSession = await p.session(ann.id);
    const bobSession = await p.session(bob.id);
    await new ApiClient(annSession.token).call("POST", "/api/v1/portal/keys", { body: { name: "ann only" } });
    await page.goto(bobSession.url);
    await expect(page.getByText("No keys yet.")).toBeVisible();
    await expect(page.getByText("ann only")).toHaveCount(0);

    // The host app's origin is not listed: the browser refuses the answers.
    const other = await browser.newPage();
    await other.goto(`${host.origin}/?base=${encodeURIComponent(`${baseURL}/api/v1/portal`)}&token=${annSession.token}`);
    await expect(other.getByText(/Keyport could not be reached/)).toBeVisible();
    await expect(other.getByText("ann only")).toHaveCount(0);

    // The hosted portal's cookie is not sent cross-site: from the host app, a credentialed
    // request to the portal API finds no session (and the answer allows no credentials).
    const status = await other.evaluate(async (url) => {
      try {
        const response = await fetch(url, { credentials: "include" });
        return response.status;
      } catch {
        return "refused";
      }
    }, `${baseURL}/portal/api/keys`);
    expect(status).toBe("refused");
    await other.close();
  } finally {
    await host.stop();
  }
});

test("the hosted portal at 375 px, and without a session", async ({ page }) => {
  const p = await product("ui-portal-narrow", { logo_url: "https://cdn.example.com/logo.png" });
  const opened = await p.session((await p.identity()).id);
  await new ApiClient(opened.token).call("POST", "/api/v1/portal/keys", { body: { name: "a rather long key name for narrow screens" } });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto(opened.url);
  await expect(page.getByRole("list", { name: "Your keys" }).getByRole("listitem")).toHaveCount(1);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await inspect(page, "portal-375");
  await page.context().clearCookies();
  await page.goto(`${baseURL}/portal`);
  await expect(page.getByRole("heading", { name: "Your session has ended" })).toBeVisible();
  await inspect(page, "portal-no-session");
});
