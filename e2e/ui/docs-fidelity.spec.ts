// What Settings -> API Keys shows, held to the product's documentation: the SDK grid, the
// troubleshooting table, who created a key and when, the description in the name's tooltip, and a
// key prefix that follows the deployment's configuration everywhere a person reads it.
import { ApiClient, verify } from "../support/api";
import { startOwnInstance } from "../support/server";
import { sessionToken } from "../support/tokens";
import { expect, keysTable, open, test } from "./fixtures";

test.beforeEach(async ({ signIn }) => signIn("acmeAdmin"));

test("the SDK grid: Go and HTTP ready, the client SDKs and C++ coming soon, then TypeScript, Python and the CLI; each package installs from this instance", async ({ page, acmeProject }) => {
  await open(page, `/settings/api-keys?project=${acmeProject.id}`);
  const grid = page.getByRole("list", { name: "SDKs" });
  const cards = grid.getByRole("listitem");
  await expect(cards).toHaveCount(9);
  const labels = await cards.evaluateAll((items) => items.map((item) => item.getAttribute("aria-label")));
  expect(labels).toEqual([
    "Go: Ready",
    "HTTP: Ready",
    "Android: Coming soon",
    "iOS: Coming soon",
    "JavaScript: Coming soon",
    "C++: Coming soon",
    "TypeScript: Ready",
    "Python: Ready",
    "CLI: Ready",
  ]);
  await expect(grid.getByRole("listitem", { name: "C++: Coming soon" })).toContainText("HTTP API");
  // The cards of SDKs that are coming are not links; each package's card links to its docs page.
  for (const name of ["Android: Coming soon", "iOS: Coming soon", "JavaScript: Coming soon", "C++: Coming soon", "HTTP: Ready"]) {
    await expect(grid.getByRole("listitem", { name }).getByRole("link")).toHaveCount(0);
  }
  const origin = new URL(page.url()).origin;
  const installs = {
    Go: `GOPROXY=${origin}/go GONOSUMDB=keyport.dev go get keyport.dev/go/keyport`,
    TypeScript: `npm install ${origin}/sdk/keyport-sdk.tgz`,
    Python: `pip install ${origin}/sdk/keyport.tar.gz`,
    CLI: `npm install -g ${origin}/sdk/keyport-cli.tgz`,
  };
  for (const [name, command] of Object.entries(installs)) {
    const card = grid.getByRole("listitem", { name: `${name}: Ready` });
    await expect(card.getByLabel(`Install ${name}`)).toHaveText(command);
    await expect(card.getByRole("link", { name: `${name} docs` })).toHaveAttribute("href", `/docs/sdks/${name === "TypeScript" ? "typescript" : name.toLowerCase()}`);
  }
  // Each comes with a snippet for this deployment and project, using the real package.
  const snippets = { "Go snippet": "keyport.dev/go/keyport", "curl snippet": "/api/v1/keys/verify", "TypeScript snippet": '"@keyport/sdk"', "Python snippet": "import keyport", "CLI snippet": "keyport keys" };
  for (const [name, uses] of Object.entries(snippets)) {
    const snippet = page.getByLabel(name, { exact: true }).first();
    await expect(snippet).toContainText(acmeProject.id);
    await expect(snippet).toContainText(uses);
  }
});

test("each SDK has a docs page: its install command from this instance, a verify snippet and how to manage keys", async ({ page }) => {
  for (const [slug, title, install] of [
    ["typescript", "TypeScript SDK", "/sdk/keyport-sdk.tgz"],
    ["go", "Go SDK", "/go "],
    ["python", "Python SDK", "/sdk/keyport.tar.gz"],
    ["cli", "CLI", "/sdk/keyport-cli.tgz"],
  ] as const) {
    await open(page, `/docs/sdks/${slug}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(page.getByLabel("Install command", { exact: true }).first()).toContainText(`${new URL(page.url()).origin}${install}`);
    await expect(page.getByLabel("Verify snippet", { exact: true }).first()).toContainText("KEYPORT_API_KEY");
    await expect(page.getByRole("heading", { name: "Manage keys" })).toBeVisible();
  }
  expect((await page.request.get("/docs/sdks/cobol")).status()).toBe(404);
});

test("the troubleshooting table has the documented rows, and ours", async ({ page, acmeProject }) => {
  await open(page, `/settings/api-keys?project=${acmeProject.id}`);
  const table = page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "Symptom" }) });
  const symptoms = await table.getByRole("row").locator("td:first-child").allInnerTexts();
  expect(symptoms).toEqual(["Requests fail to authenticate", "Worked before, now rejected", "Lost the key", "403 for the right key"]);
  await expect(table.getByRole("row", { name: /Lost the key/ })).toContainText("Keys are shown only once");
});

test("each row shows who created the key and when; the description is in the name's tooltip, not the row", async ({ page, acmeProject }) => {
  const ada = new ApiClient(sessionToken("acmeAdmin"));
  await ada.createKey(acmeProject.id, { name: "described key", description: "Checkout service, EU" });
  await open(page, `/settings/api-keys?project=${acmeProject.id}`);
  const row = keysTable(page).getByRole("row", { name: /described key/ });
  // The row stays one line high: the description is on the key's page, and in the name's tooltip.
  await expect(row).not.toContainText("Checkout service, EU");
  await row.scrollIntoViewIfNeeded();
  await row.getByRole("link", { name: "described key" }).hover();
  await expect(page.getByRole("tooltip")).toContainText("Checkout service, EU");
  await expect(row).toContainText("by Ada Lovelace");
  const created = row.locator("time").filter({ hasText: /just now|seconds? ago|minutes? ago/ });
  await expect(created.first()).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T/);
});

test("with KEYPORT_KEY_PREFIX=sk, people read sk_live_ and sk_test_ everywhere and fp_ nowhere", async ({ browser }) => {
  test.setTimeout(120_000);
  const instance = await startOwnInstance("prefix", { KEYPORT_KEY_PREFIX: "sk" });
  const dataDir = instance.dataDir;
  const context = await browser.newContext();
  try {
    const ada = new ApiClient(sessionToken("acmeAdmin", dataDir), instance.origin);
    const project = await ada.createProject("Prefixed");
    expect(project.default_key.key).toMatch(/^sk_live_/);
    await context.addCookies([{ name: "__session", value: sessionToken("acmeAdmin", dataDir), url: instance.origin, httpOnly: true, sameSite: "Lax" }]);
    const page = await context.newPage();
    await page.goto(`${instance.origin}/settings/api-keys?project=${project.project_id}`);
    await page.waitForLoadState("networkidle");
    // The page's own words (keys issued under an earlier prefix keep theirs: they are data).
    const intro = page.getByRole("main").locator("header").first();
    await expect(intro).toContainText("sk_live_");
    await expect(intro).toContainText("sk_test_");
    const troubleshooting = page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "Symptom" }) });
    await expect(troubleshooting).toContainText("sk_");
    const sdk = page.getByRole("region", { name: "SDK setup" });
    for (const text of [await intro.innerText(), await troubleshooting.innerText(), await sdk.innerText()]) expect(text).not.toContain("fp_");
    // This project's own default key was issued with the new prefix.
    await expect(keysTable(page).getByRole("row", { name: /Default key/ })).toContainText("sk_live_");
    await page.getByRole("button", { name: "Create Key" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Create API Key" });
    await expect(dialog).toContainText("(sk_live_)");
    await expect(dialog).toContainText("(sk_test_)");
    expect(await dialog.innerText()).not.toContain("fp_");
    // The verify route's explanation for a session token names the configured prefix too.
    const detail = (await verify(sessionToken("acmeAdmin", dataDir), undefined, instance.origin)).body.detail as string;
    expect(detail).toContain("sk_live_");
    expect(detail).not.toContain("fp_");
  } finally {
    await context.close();
    await instance.stop();
  }
});
