import AxeBuilder from "@axe-core/playwright";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { ApiClient, expect, test as base } from "../support/api";
import { baseURL, root } from "../support/env";
import { sessionToken, type Person } from "../support/tokens";

export const SCREENSHOTS = path.join(root, "e2e", ".artifacts", "screenshots");
mkdirSync(SCREENSHOTS, { recursive: true });

type Fixtures = {
  /** Signs the page's browser context in as a seeded person (sets the session cookie). */
  signIn: (person: Person) => Promise<void>;
  /** A fresh project in Acme, so a test's keys are its own. */
  acmeProject: { id: string; name: string; defaultKeyId: string; defaultKeyName: string };
};

export const test = base.extend<Fixtures>({
  signIn: async ({ context }, use) => {
    await use(async (person) => {
      await context.addCookies([{ name: "__session", value: sessionToken(person), url: baseURL, httpOnly: true, sameSite: "Lax" }]);
    });
  },
  acmeProject: async ({}, use) => {
    const ada = new ApiClient(sessionToken("acmeAdmin"));
    const project = await ada.createProject(`UI ${Math.random().toString(36).slice(2, 8)}`);
    const keys = await ada.listKeys(project.project_id);
    const defaultKey = keys.body.find((k: { is_admin_managed: boolean }) => k.is_admin_managed);
    await use({ id: project.project_id, name: project.name, defaultKeyId: defaultKey.key_id, defaultKeyName: defaultKey.name });
  },
});
export { expect };

/** Opens `url` and waits until the page is hydrated and idle. */
export async function open(page: Page, url: string) {
  await page.goto(url);
  await page.waitForLoadState("networkidle");
}

/** The keys table (not the other tables on the page). */
export const keysTable = (page: Page) => page.getByRole("table", { name: /^API keys of/ });

/**
 * Whether the sweeps save their screenshots: yes, unless KEYPORT_SCREENSHOTS=0. npm test turns
 * them off (nothing asserts on them, and they were a tenth of the browser tests' CPU); a run
 * to look at the pages takes them.
 */
const SAVE_SCREENSHOTS = process.env.KEYPORT_SCREENSHOTS !== "0";

/**
 * Saves a full-page screenshot as a test artifact, named with the colour scheme, which it
 * returns. JPEG: a tall page (the API reference) encodes in about a third of PNG's time.
 */
export async function snapshot(page: Page, name: string): Promise<"light" | "dark"> {
  const scheme = await page.evaluate(() => (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"));
  if (SAVE_SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${scheme}.jpeg`), fullPage: true, type: "jpeg", quality: 85 });
  return scheme;
}

/**
 * The axe rules whose outcome a colour scheme can change. Every page and dialog is scanned
 * with all rules in the light theme; in the dark one only these run again (the markup is the
 * same, the colours are not), which halves the suite's longest work.
 */
const COLOUR_RULES = ["color-contrast", "link-in-text-block"];

/** An open dialog, whatever kind. */
const DIALOGS = "[role='dialog'], [role='alertdialog']";

/** The tokens of highlighted code blocks (the block itself is still scanned). */
const HIGHLIGHTED_CODE = "pre > code.hljs";

/** Below this width the narrow layout shows. */
const NARROW = 640;

/**
 * Saves a screenshot as a test artifact and checks the page for serious accessibility issues:
 * every rule in the light theme, at every width; the colour rules in the dark one, at desktop
 * width. The dark theme's colours do not change with the width, so at 375 px in the dark
 * theme the screenshot is all (the light theme's scan at that width covers the narrow layout).
 * With a dialog open, the dialog is scanned; `include` limits the scan to other parts (a long
 * page's representative ones); `code` scans the tokens of highlighted code too.
 */
export async function inspect(page: Page, name: string, options: { include?: string[]; code?: boolean } = {}) {
  await settle(page);
  const scheme = await snapshot(page, name);
  const narrow = (page.viewportSize()?.width ?? 1280) < NARROW;
  if (scheme === "dark" && narrow) return;
  // Only violations are collected: the passes of a long page are thousands of nodes that no
  // assertion reads.
  // Legacy mode runs axe in the page itself. The default opens a blank page for every scan to
  // merge the results of cross-origin frames, which the dashboard has none of: that page was
  // 60% of a scan's time (3.3 s against 1.3 s on the keys table, 1.6 s against 0.65 s on an
  // SDK page), and scans were most of the browser suite's time.
  const axe = new AxeBuilder({ page }).setLegacyMode(true).options({ resultTypes: ["violations"] });
  // With a dialog open, the scan is of the dialog: the page behind it is inert, and is
  // scanned on its own by the tests of that page.
  const dialogOpen = (await page.locator(DIALOGS).filter({ visible: true }).count()) > 0;
  for (const selector of options.include ?? (dialogOpen ? [DIALOGS] : [])) axe.include(selector);
  // Highlighted code is thousands of tokens in one palette per theme: the scans that pass
  // `code` (the API reference's and an SDK page's) check its colours; the others skip them.
  if (!options.code) axe.exclude(HIGHLIGHTED_CODE);
  const results = await (scheme === "dark" ? axe.withRules(COLOUR_RULES) : axe).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}: ${n.failureSummary ?? ""}`).join("; ")})`);
  // The violations are in the message too, so a run's one-line summary of a failure names them.
  expect(serious, `${name} (${scheme}): ${serious.join(" | ")}`).toEqual([]);
}

/**
 * Waits (at most 2 s) for the animations and transitions in flight that end: a dialog fading in,
 * a button's colours after the colour scheme changed. A scan in the middle of one reads colours
 * that are on screen for a few milliseconds. Endless ones (a skeleton's pulse) are not awaited.
 */
async function settle(page: Page) {
  await page.evaluate(async () => {
    const ending = document.getAnimations().filter((a) => (a.effect?.getComputedTiming().endTime ?? Infinity) !== Infinity);
    const finished = Promise.all(ending.map((a) => a.finished.catch(() => undefined)));
    await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, 2000))]);
  });
}

/**
 * The reveal-once dialog after a key is created: reads the new key, ticks "I have saved this
 * key", closes it with Done and waits until it is gone. Returns the key.
 */
export async function takeNewKey(page: Page): Promise<string> {
  const reveal = page.getByRole("dialog", { name: "API Key Created" });
  const key = (await reveal.getByLabel("New API key").textContent())!.trim();
  await reveal.getByLabel("I have saved this key").check();
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();
  return key;
}
