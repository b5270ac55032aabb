// The dashboard's frame: the skip link, the navigation each role sees, and what the browser
// downloads in local mode (none of Clerk's client code).
import type { Page } from "@playwright/test";
import { baseURL } from "../support/env";
import { sessionToken } from "../support/tokens";
import { expect, open, test } from "./fixtures";

/** Every script the page downloads while `load` runs: its URL, its size, and whether it is Clerk's code. */
async function scriptsOf(page: Page, load: () => Promise<void>) {
  const scripts: Promise<{ url: string; bytes: number; transferred: number; clerk: boolean }>[] = [];
  const listener = (response: import("@playwright/test").Response) => {
    if (response.request().resourceType() !== "script") return;
    scripts.push(
      Promise.all([response.body(), response.request().sizes()]).then(([body, sizes]) => ({
        url: response.url(),
        bytes: body.length,
        transferred: sizes.responseBodySize + sizes.responseHeadersSize,
        clerk: /@clerk\/|clerk\.com|clerkjs/i.test(body.toString("utf8")),
      })),
    );
  };
  page.on("response", listener);
  await load();
  page.off("response", listener);
  return Promise.all(scripts);
}

test("local mode downloads none of Clerk's client code, on sign-in or in the dashboard", async ({ browser }) => {
  // Each page in a browser of its own, with an empty cache: what a first visit costs.
  const firstVisit = async (path: string, signedIn: boolean) => {
    const context = await browser.newContext();
    if (signedIn) {
      await context.addCookies([{ name: "__session", value: sessionToken("acmeAdmin"), url: baseURL, httpOnly: true, sameSite: "Lax" }]);
    }
    const page = await context.newPage();
    const scripts = await scriptsOf(page, () => open(page, path));
    await context.close();
    return scripts;
  };
  const signInScripts = await firstVisit("/sign-in", false);
  const keysScripts = await firstVisit("/settings/api-keys", true);
  const total = (list: { bytes: number; transferred: number }[]) =>
    `${list.length} files, ${list.reduce((sum, s) => sum + s.bytes, 0)} bytes (${list.reduce((sum, s) => sum + s.transferred, 0)} transferred)`;
  // The numbers, for whoever compares builds (the issue measured ~175 KB of Clerk on every page).
  console.log(`JS on /sign-in: ${total(signInScripts)}`);
  console.log(`JS on /settings/api-keys: ${total(keysScripts)}`);
  expect(signInScripts.length).toBeGreaterThan(0);
  expect(keysScripts.length).toBeGreaterThan(0);
  expect(signInScripts.filter((s) => s.clerk).map((s) => s.url)).toEqual([]);
  expect(keysScripts.filter((s) => s.clerk).map((s) => s.url)).toEqual([]);
});

test("the skip link is the first Tab stop and moves focus to the page's content", async ({ page, signIn }) => {
  await signIn("acmeAdmin");
  for (const path of ["/settings/api-keys", "/settings/audit-log", "/projects"]) {
    await open(page, path);
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("main")).toBeFocused();
    // The next Tab goes into the page, not back into the navigation.
    await page.keyboard.press("Tab");
    const inMain = await page.evaluate(() => Boolean(document.activeElement?.closest("main")));
    expect(inMain, path).toBe(true);
  }
});

test("members are not offered the admins' pages in the navigation", async ({ page, signIn }) => {
  await signIn("acmeMember");
  await open(page, "/settings/api-keys");
  const nav = page.getByRole("navigation", { name: "Main" }).first();
  await expect(nav.getByRole("link", { name: "API Keys" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Request lookup" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Webhooks" })).toHaveCount(0);

  await page.setViewportSize({ width: 375, height: 812 });
  await open(page, "/settings/api-keys");
  const mobile = page.getByRole("navigation", { name: "Main" }).last();
  await expect(mobile.getByRole("link", { name: "API Keys" })).toBeVisible();
  await expect(mobile.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  await expect(mobile.getByRole("link", { name: "Webhooks" })).toHaveCount(0);
});

test("admins are offered the audit log and webhooks", async ({ page, signIn }) => {
  await signIn("acmeAdmin");
  await open(page, "/settings/api-keys");
  const nav = page.getByRole("navigation", { name: "Main" }).first();
  await expect(nav.getByRole("link", { name: "Audit log" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Webhooks" })).toBeVisible();
});

/** WCAG's contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high! + 0.05) / (low! + 0.05);
}

/** The hue of a #rrggbb colour, in degrees. */
function hue(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d === 0) return 0;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

for (const scheme of ["light", "dark"] as const) {
  test(`warning (amber) and danger (red) are told apart and readable in the ${scheme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await open(page, "/sign-in");
    const colours = await page.evaluate(() => {
      // Each colour as the browser resolves it (rgb(...)), written as #rrggbb.
      const probe = document.body.appendChild(document.createElement("span"));
      const read = (name: string) => {
        probe.style.color = `var(${name})`;
        const [r, g, b] = getComputedStyle(probe).color.match(/\d+/g)!.map(Number);
        return `#${[r, g, b].map((c) => c!.toString(16).padStart(2, "0")).join("")}`;
      };
      return {
        warning: read("--warning"),
        danger: read("--danger"),
        warningSoft: read("--warning-soft"),
        dangerSoft: read("--danger-soft"),
        surface: read("--surface"),
        bg: read("--bg"),
      };
    });
    for (const value of Object.values(colours)) expect(value).toMatch(/^#[0-9a-f]{6}$/);
    // Amber sits 30 degrees or more from red on the colour wheel.
    expect(hue(colours.warning) - hue(colours.danger)).toBeGreaterThanOrEqual(30);
    for (const [text, backgrounds] of [
      [colours.warning, [colours.surface, colours.bg, colours.warningSoft]],
      [colours.danger, [colours.surface, colours.bg, colours.dangerSoft]],
    ] as const) {
      for (const background of backgrounds) expect(contrast(text, background), `${text} on ${background}`).toBeGreaterThanOrEqual(4.5);
    }
  });
}
