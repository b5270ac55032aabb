// Every page and every open dialog, in light and dark: a screenshot saved as an artifact
// (e2e/.artifacts/screenshots) and an axe scan with no serious or critical violations. The API
// reference, the largest page, is scanned by its own spec.
import { ApiClient } from "../support/api";
import { sessionToken } from "../support/tokens";
import { expect, inspect, open, test } from "./fixtures";

for (const scheme of ["light", "dark"] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });
    // Each axe scan walks the whole page in the browser: several per test, and on two cores
    // shared with the rest of the suite one scan took most of a minute.
    test.describe.configure({ timeout: 180_000 });

    test("sign-in page", async ({ page }) => {
      await open(page, "/sign-in");
      await inspect(page, "sign-in");
    });

    // The dialogs themselves are scanned in both themes and at both widths by dialogs.spec.ts.
    test("API Keys page with production, staging and revoked keys, and the Create dialog's errors", async ({ page, signIn, acmeProject }) => {
      const ada = new ApiClient(sessionToken("acmeAdmin"));
      await ada.createKey(acmeProject.id, { name: "Production API Key", environment: "live", description: "Web checkout", scopes: ["flags:read"] });
      await ada.createKey(acmeProject.id, { name: "Staging API Key", expires_at: new Date(Date.now() + 30 * 86_400_000).toISOString() });
      const old = await ada.createKey(acmeProject.id, { name: "ios_prod_2023", environment: "live" });
      await ada.revokeKey(acmeProject.id, old.key_id);
      await signIn("acmeAdmin");
      await open(page, `/settings/api-keys?project=${acmeProject.id}`);
      await inspect(page, "api-keys");

      await page.getByRole("button", { name: "Create Key" }).click();
      const create = page.getByRole("dialog", { name: "Create API Key" });
      await create.getByRole("button", { name: "Create key" }).click();
      await expect(create.getByText("Enter a name for the key.")).toBeVisible();
      await inspect(page, "create-key-dialog-errors");
    });

    // The API reference is scanned in both themes and at both widths by its own spec
    // (api-reference.spec.ts): it is the largest page, and each scan of it is a long one.
    test("empty state and projects", async ({ page, signIn }) => {
      await signIn("acmeAdmin");
      await open(page, "/settings/api-keys?q=no-such-key-anywhere");
      await expect(page.getByText("No keys match these filters.")).toBeVisible();
      await inspect(page, "api-keys-empty");
      await open(page, "/projects");
      await inspect(page, "projects");
      await page.getByRole("button", { name: "New project" }).click();
      await expect(page.getByRole("dialog", { name: "Create project" })).toBeVisible();
      await inspect(page, "create-project-dialog");
    });

    // The dark theme's colours do not change with the width: it is swept at desktop width only.
    for (const width of scheme === "dark" ? ([1440] as const) : ([1440, 375] as const)) {
      test(`every dashboard page at ${width} px, and the open account menu`, async ({ page, signIn, acmeProject }) => {
        test.setTimeout(600_000);
        const ada = new ApiClient(sessionToken("acmeAdmin"));
        const key = await ada.createKey(acmeProject.id, { name: "Scanned key", description: "Read by axe" });
        const identity = await ada.call("POST", "/api/v1/identities", {
          body: { external_id: `scanned_${width}_${Math.random().toString(36).slice(2, 8)}`, credits: { remaining: 40, refill: { amount: 100, interval: "daily" } } },
        });
        expect(identity.status).toBe(201);
        await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
        await signIn("acmeAdmin");
        // Settings → Policies and Settings → Webhooks are scanned in both themes and at both
        // widths by their own specs, with a list of violating keys and an endpoint's deliveries.
        // Every page is loaded and checked for its heading and for sideways scroll. The keys
        // table and a key's page are scanned and photographed in both themes and at both widths
        // by their own specs (keys-table.spec.ts, key-page.spec.ts), and the projects page at
        // desktop width by the test above: here they are only loaded.
        const scannedElsewhere = new Set([`/settings/api-keys?project=${acmeProject.id}`, `/settings/api-keys/${key.key_id}`, ...(width === 1440 ? ["/projects"] : [])]);
        const pages = [
          `/settings/api-keys?project=${acmeProject.id}`,
          `/settings/api-keys/${key.key_id}`,
          "/settings/identities",
          `/settings/identities/${identity.body.id}`,
          "/settings/usage",
          "/settings/requests",
          "/settings/audit-log",
          "/projects",
          "/docs/sdks/typescript",
          "/docs/sdks/go",
          "/docs/sdks/python",
          "/docs/sdks/cli",
        ];
        for (const path of pages) {
          await open(page, path);
          await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, `${path} scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
          if (scannedElsewhere.has(path)) continue;
          const name = path.split("?")[0]!.replace(/^\//, "").replace(/[^a-z0-9]+/gi, "-").replace(key.key_id, "key").replace(identity.body.id, "identity");
          // An SDK page's snippets stand for every highlighted block's colours.
          await inspect(page, `page-${name}-${width}`, { code: path === "/docs/sdks/go" });
        }
        // The project picker of the narrow layout sits in a landmark; the menu open over the page.
        if (width === 375) await expect(page.getByRole("region", { name: "Project and pages" }).getByLabel("Project")).toBeVisible();
        await page.getByRole("button", { name: "Account menu" }).click();
        await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeVisible();
        await inspect(page, `account-menu-open-${width}`);
      });
    }

    test("member's view at 375 px", async ({ page, signIn }) => {
      await page.setViewportSize({ width: 375, height: 812 });
      await signIn("acmeMember");
      await open(page, "/settings/api-keys");
      await expect(page.getByRole("heading", { name: "API Keys", level: 1 })).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await inspect(page, "api-keys-375");
    });
  });
}

// The scans above are only worth their passes if a scan fails on what it looks for: a page with
// text too faint to read, and a button with no name, fails it with both named.
test("a scan fails on a page with a planted contrast failure and an unnamed button", async ({ page }) => {
  await open(page, "/sign-in");
  await page.evaluate(() => {
    const faint = document.createElement("p");
    faint.textContent = "Faint text";
    faint.style.cssText = "color:#eeeeee;background:#ffffff";
    const unnamed = document.createElement("button");
    document.querySelector("main")!.append(faint, unnamed);
  });
  const failure = await inspect(page, "planted-violations").then(
    () => null,
    (error: Error) => error.message,
  );
  expect(failure).toContain("color-contrast");
  expect(failure).toContain("button-name");
});
