// The user-facing flows QA teams run against their own deployment:
//
//   KEYPORT_E2E_BASE_URL=https://staging.example.com npm run test:qa
//
// create (each environment), reveal once, copy, verify, revoke. They assume nothing about the
// workspace: what they create is named `qa-<run id> …` and revoked at the end, even when a
// test fails. In CI they run against the server the suite starts. See the README's QA section.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { remote, runId, signIn } from "./session";

const created = new Set<string>();

async function sessionToken(page: Page): Promise<string> {
  const cookie = (await page.context().cookies()).find((c) => c.name === "__session");
  expect(cookie, "signed in: the session cookie is set").toBeTruthy();
  return cookie!.value;
}

async function verify(request: APIRequestContext, key: string, body: Record<string, unknown> = {}) {
  const response = await request.post("/api/v1/keys/verify", { headers: { authorization: `Bearer ${key}` }, data: body });
  return { status: response.status(), body: await response.json() };
}

test.beforeEach(async ({ page, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL! });
  await signIn(page);
});

// Whatever a flow created and did not revoke (it failed half-way) is revoked here.
test.afterEach(async ({ page, request }) => {
  if (created.size === 0) return;
  const token = await sessionToken(page).catch(() => null);
  if (!token) return;
  const projects = await (await request.get("/api/v1/projects", { headers: { authorization: `Bearer ${token}` } })).json();
  for (const project of projects as { project_id: string }[]) {
    const keys = await request.get(`/api/v1/projects/${project.project_id}/keys?q=${encodeURIComponent(`qa-${runId}`)}&status=active&limit=100`, {
      headers: { authorization: `Bearer ${token}` },
    });
    for (const key of (await keys.json()) as { key_id: string; name: string }[]) {
      if (!created.has(key.name)) continue;
      await request.delete(`/api/v1/projects/${project.project_id}/keys/${key.key_id}`, { headers: { authorization: `Bearer ${token}` } });
    }
  }
  created.clear();
});

for (const [environment, label] of [
  ["live", "Production"],
  ["test", "Staging"],
] as const) {
  test(`${label}: create, reveal once, copy, verify, revoke`, async ({ page, request }) => {
    const name = `qa-${runId} ${label}`;
    await page.goto("/settings/api-keys");
    await expect(page.getByRole("heading", { name: "API Keys", level: 1 })).toBeVisible();
    await page.getByRole("button", { name: "Create Key" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Create API Key" });
    await dialog.getByLabel("Key Name").fill(name);
    await dialog.getByRole("radio", { name: new RegExp(label) }).check();
    await dialog.getByLabel("Description (optional)").fill("Created by the QA flows; revoked when they end.");
    created.add(name);
    await dialog.getByRole("button", { name: "Create key" }).click();

    // Reveal once, and copy.
    const reveal = page.getByRole("dialog", { name: "API Key Created" });
    const shown = (await reveal.getByLabel("New API key").textContent())!.trim();
    expect(shown).toMatch(new RegExp(`^[a-z][a-z0-9]*_${environment}_[0-9A-Za-z]{36}$`));
    await reveal.getByRole("button", { name: "Copy" }).click();
    await expect(reveal.getByRole("button", { name: "Copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);
    await reveal.getByLabel("I have saved this key").check();
    await reveal.getByRole("button", { name: "Done" }).click();
    await expect(reveal).toBeHidden();

    // Never shown again: the row has only its start (or, where the workspace keeps recoverable
    // keys, the masked key: its prefix and last four), and the page holds no key.
    const row = page.getByRole("table", { name: /^API keys of/ }).getByRole("row", { name: new RegExp(name) });
    const prefix = shown.slice(0, shown.indexOf(`_${environment}_`) + environment.length + 2);
    await expect(row).toContainText(new RegExp(`${escapeRegExp(shown.slice(0, 12))}|${escapeRegExp(prefix)}•+${escapeRegExp(shown.slice(-4))}`));
    await page.reload();
    expect(await page.content()).not.toContain(shown);

    // The SDK's view: the key verifies, for its environment.
    const verified = await verify(request, shown, { environment });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ valid: true, name, environment });

    // Revoke from the table: it stops verifying.
    await row.getByRole("button", { name: `Revoke ${name}` }).click();
    const confirm = page.getByRole("alertdialog");
    await expect(confirm).toContainText(name);
    await confirm.getByRole("button", { name: "Revoke key" }).click();
    await expect(page.getByRole("region", { name: /Notifications/ })).toContainText("was revoked");
    created.delete(name);
    expect((await verify(request, shown)).status).toBe(401);
  });
}

test("the stored key is a hash, never the key (reads the database)", async ({ page }) => {
  test.skip(remote, "needs this deployment's database: run without KEYPORT_E2E_BASE_URL to include it");
  const { databaseUrl } = await import("../support/env");
  const pg = (await import("pg")).default;
  const name = `qa-${runId} stored`;
  await page.goto("/settings/api-keys");
  await page.getByRole("button", { name: "Create Key" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Create API Key" });
  await dialog.getByLabel("Key Name").fill(name);
  created.add(name);
  await dialog.getByRole("button", { name: "Create key" }).click();
  const shown = (await page.getByRole("dialog", { name: "API Key Created" }).getByLabel("New API key").textContent())!.trim();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT row_to_json(k)::text AS row FROM api_keys k WHERE name = $1", [name]);
    expect(rows).toHaveLength(1);
    expect(rows[0].row).not.toContain(shown);
    expect(rows[0].row).toContain(shown.slice(0, 16)); // the display start
  } finally {
    await client.end();
  }
});

/** `text` as a regular expression that matches it literally. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
