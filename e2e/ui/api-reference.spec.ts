// Docs -> API reference: made from the document the API serves, so every operation is there
// (PATCH and PUT included) with its body fields, an example request and answer; the table of
// contents leads to each; every error code is explained once and linked from the operations;
// the examples are highlighted in the HTML the server sends, before any script runs.
import path from "node:path";
import { SCREENSHOTS, expect, inspect, open, test } from "./fixtures";

type Document = {
  paths: Record<string, Record<string, { operationId?: string }>>;
  "x-error-codes": Record<string, number>;
};

const METHODS = ["get", "put", "post", "delete", "patch"];
const anchorOf = (operationId: string) =>
  `op-${operationId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")}`;

test.beforeEach(async ({ signIn }) => signIn("acmeAdmin"));

async function theDocument(page: import("@playwright/test").Page) {
  const response = await page.request.get("/api/v1/openapi.json");
  expect(response.status()).toBe(200);
  const document = (await response.json()) as Document;
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ method: method.toUpperCase(), path, operationId: item[method]!.operationId! })),
  );
  return { document, operations };
}

test("every operation of the document, with its fields, an example request and an example answer", async ({ page }) => {
  const { operations } = await theDocument(page);
  expect(operations.map((o) => o.method)).toEqual(expect.arrayContaining(["PATCH", "PUT", "DELETE"]));
  await open(page, "/docs/api");
  await expect(page.getByRole("heading", { name: "API reference", level: 1 })).toBeVisible();
  // The sections on the page are exactly the document's operations.
  const shown = await page.locator("section[id^='op-']").evaluateAll((sections) => sections.map((s) => s.id));
  expect(shown.sort()).toEqual(operations.map((o) => anchorOf(o.operationId)).sort());
  // Each section's heading and examples, read in one pass over the page (it is a long one).
  const sections = await page.locator("section[id^='op-']").evaluateAll((nodes) =>
    Object.fromEntries(
      nodes.map((section) => [
        section.id,
        {
          heading: section.querySelector("h3")?.textContent ?? "",
          labels: [...section.querySelectorAll("[aria-label]")].map((node) => node.getAttribute("aria-label")!),
        },
      ]),
    ),
  );
  for (const operation of operations) {
    const section = sections[anchorOf(operation.operationId)]!;
    expect(section.heading, operation.operationId).toContain(operation.method);
    expect(section.heading, operation.operationId).toContain(operation.path);
    for (const kind of ["request", "response"]) {
      expect(section.labels.filter((label) => label === `Example ${kind} of ${operation.operationId}`), operation.operationId).toHaveLength(1);
    }
  }

  // A PATCH body: its fields, whether each is required, their types and limits.
  const editKey = page.locator(`section#${anchorOf("updateApiKey")}`);
  await expect(editKey.getByLabel("Example request of updateApiKey", { exact: true })).toContainText("curl -X PATCH");
  const fields = editKey.getByRole("table", { name: "Body fields of updateApiKey" });
  await expect(fields.getByRole("row", { name: /^name/ })).toContainText("1–64 characters");
  await expect(fields.getByRole("row", { name: /^expires_at/ })).toContainText("string (date-time)");
  // The policy's PUT: a required body, its example a whole policy.
  const policy = page.locator(`section#${anchorOf("setWorkspacePolicy")}`);
  await expect(policy).toContainText("Request body (required)");
  await expect(policy.getByRole("table", { name: "Body fields of setWorkspacePolicy" }).getByRole("row", { name: /^single_active_key/ })).toContainText("required");
  await expect(policy.getByLabel("Example request of setWorkspacePolicy", { exact: true })).toContainText('"leak_response"');
  // An answer's example is JSON made from its schema.
  const created = page.locator(`section#${anchorOf("createWebhook")}`).getByLabel("Example response of createWebhook", { exact: true });
  const example = JSON.parse((await created.innerText()).trim());
  expect(example).toMatchObject({ url: expect.stringMatching(/^https:/), secret: expect.stringMatching(/^whsec_/), enabled: true });
});

test("the table of contents leads to every operation, and errors are explained once and linked", async ({ page }) => {
  const { document, operations } = await theDocument(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await open(page, "/docs/api");
  const contents = page.getByRole("navigation", { name: "API reference contents" });
  const targets = await contents.getByRole("link").evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  for (const operation of operations) expect(targets).toContain(`#${anchorOf(operation.operationId)}`);
  const found = await page.evaluate((hrefs) => hrefs.map((href) => window.document.querySelectorAll(href).length), targets);
  expect(Object.fromEntries(targets.map((target, i) => [target, found[i]]))).toEqual(Object.fromEntries(targets.map((target) => [target, 1])));
  // Following a link scrolls its section into view.
  await contents.getByRole("link", { name: /PATCH\s*Disable, enable or re-subscribe an endpoint/ }).click();
  await expect(page).toHaveURL(/#op-updatewebhook$/);
  await expect(page.locator("#op-updatewebhook")).toBeInViewport();

  // Each code once, with what it means; each operation links to its codes.
  const codes = Object.keys(document["x-error-codes"]);
  const explained = await page.evaluate(
    (ids) => ids.map((id) => ({ count: window.document.querySelectorAll(`#error-${id}`).length, text: (window.document.querySelector(`#error-${id}`) as HTMLElement | null)?.innerText ?? "" })),
    codes,
  );
  codes.forEach((code, i) => {
    expect(explained[i]!.count, code).toBe(1);
    expect(explained[i]!.text.length, code).toBeGreaterThan(code.length + 30);
  });
  // What every operation answers the same way (a 500, say) is said under Errors only.
  await expect(page.locator("#errors")).toContainText("quote the `request_id`".replace(/`/g, ""));
  await expect(page.locator("section[id^='op-']").filter({ hasText: "unexpected; quote the request id" })).toHaveCount(0);
  const updateErrors = page.getByRole("list", { name: "Errors of updateWebhook" });
  const linked = await updateErrors.getByRole("link").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  expect(linked).toEqual(expect.arrayContaining(["#error-not_found", "#error-validation_failed", "#error-unauthorized", "#error-forbidden"]));
  // What only this operation says of a status is there; what every operation says is not repeated.
  await expect(updateErrors).not.toContainText("quote the request id");
  await expect(page.getByRole("list", { name: "Errors of createWebhook" })).toContainText("the workspace already has 20 endpoints");
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOTS, "api-reference-top-1440.png") });
});

test("code is highlighted in the HTML the server sends", async ({ page }) => {
  const html = await (await page.request.get("/docs/api")).text();
  expect(html).toContain('class="hljs language-bash"');
  expect(html).toContain('class="hljs language-json"');
  expect(html.match(/<span class="hljs-(string|attr|keyword|literal|number)">/g)?.length ?? 0).toBeGreaterThan(200);
  // No highlighting runs in the browser: the library is not in any script the page loads.
  const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!);
  for (const src of scripts) expect(await (await page.request.get(src)).text(), src).not.toContain("highlightAuto");
});

test("the SDK snippets on the keys page are highlighted on the server too", async ({ page, acmeProject }) => {
  const html = await (await page.request.get(`/settings/api-keys?project=${acmeProject.id}`)).text();
  for (const language of ["go", "bash", "typescript", "python"]) expect(html).toContain(`class="hljs language-${language}"`);
  expect(html).toMatch(/<span class="hljs-keyword">package<\/span>/);
  await open(page, `/settings/api-keys?project=${acmeProject.id}`);
  await expect(page.getByLabel("Go snippet", { exact: true })).toContainText(acmeProject.id);
  await page.getByRole("region", { name: "SDK setup" }).scrollIntoViewIfNeeded();
  await page.getByRole("region", { name: "SDK setup" }).screenshot({ path: path.join(SCREENSHOTS, "sdk-setup-highlighted.png") });
});

for (const scheme of ["light", "dark"] as const) {
  test.describe(`in the ${scheme} theme`, () => {
    test.use({ colorScheme: scheme });
    // The dark theme's colours do not change with the width: it is checked at desktop width.
    for (const width of scheme === "dark" ? [1440] : [1440, 375]) {
      test(`the reference at ${width} px fits and passes axe`, async ({ page }) => {
        test.setTimeout(120_000);
        await page.setViewportSize({ width, height: 900 });
        await open(page, "/docs/api");
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        if (width === 375) {
          await page.getByText(/^Contents \(\d+ operations\)$/).click();
          await expect(page.getByRole("navigation", { name: "API reference contents" })).toBeVisible();
        }
        // A body's field table opened too.
        await page.locator(`section#${anchorOf("createApiKey")}`).getByText("Response fields").click();
        // The whole page once (light, 1440 px; its highlighted tokens aside). Its dozens of
        // operations are one component repeated, with thousands of highlighted tokens: the
        // narrow layout and the dark theme's colours are scanned, tokens included, on the parts
        // that differ and on representative sections.
        const whole = scheme === "light" && width === 1440;
        const representative = ["header", "nav[aria-label='API reference contents']", `section#${anchorOf("createApiKey")}`, `section#${anchorOf("updateApiKey")}`, `section#${anchorOf("setWorkspacePolicy")}`, "section#errors"];
        await inspect(page, `api-reference-${width}`, whole ? {} : { include: representative, code: true });
      });
    }
  });
}
