// The audit log and request lookup pages, in workspaces of their own.
import { readFileSync } from "node:fs";
import type { BrowserContext } from "@playwright/test";
import { ApiClient, verify } from "../support/api";
import { baseURL } from "../support/env";
import { ownWorkspace } from "../support/tokens";
import { expect, inspect, open, test } from "./fixtures";

async function workspace(context: BrowserContext, label: string, as: "admin" | "member" = "admin") {
  const tokens = await ownWorkspace(label);
  await context.addCookies([{ name: "__session", value: tokens[as], url: baseURL, httpOnly: true, sameSite: "Lax" }]);
  const admin = new ApiClient(tokens.admin);
  const member = new ApiClient(tokens.member);
  const project = await admin.createProject(`${label} project`);
  return { admin, member, projectId: project.project_id };
}

test("the audit log: who did what, filtered in the URL, paged, and downloaded as CSV", async ({ page, context }) => {
  const { admin, member, projectId } = await workspace(context, "ui-audit");
  for (let i = 0; i < 3; i++) await admin.createKey(projectId, { name: `audited ${i}` });
  await member.call("POST", `/api/v1/projects/${projectId}/keys`, { body: { name: "refused" } });
  await open(page, "/settings/audit-log");
  const table = page.getByRole("table", { name: "Audit events, newest first" });
  await expect(table.getByRole("row").nth(1)).toContainText("Max Mustermann tried POST");
  await expect(table.getByRole("row").nth(1)).toContainText("it was refused.");
  await expect(table).toContainText("created the production key “audited 2”");
  await inspect(page, "audit-log");

  await page.getByLabel("Action").selectOption("api_key.created");
  await expect(page).toHaveURL(/action=api_key\.created/);
  await expect(table).not.toContainText("it was refused");
  await expect(table.getByRole("row")).toHaveCount(1 + 5); // two default keys and three

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const file = await (await download).path();
  const csv = readFileSync(file, "utf8");
  expect(csv.split("\n")[0]).toBe("created_at,action,actor_id,actor_name,actor_type,key_id,project_id,request_id,ip,details");
  expect(csv.trim().split("\n")).toHaveLength(1 + 5);
  expect(csv).not.toContain("access.denied");
});

test("the audit log is for admins", async ({ page, context }) => {
  await workspace(context, "ui-audit-member", "member");
  await open(page, "/settings/audit-log");
  await expect(page.getByText("Only workspace admins can read the audit log.")).toBeVisible();
  await expect(page.getByRole("table")).toHaveCount(0);
});

test("request lookup: the request id of a verification names its key", async ({ page, context }) => {
  const { admin, projectId } = await workspace(context, "ui-lookup");
  const key = await admin.createKey(projectId, { name: "found by request" });
  const requestId = (await verify(key.key)).headers.get("request-id")!;
  await open(page, "/settings/requests");
  const found = page.getByRole("region", { name: requestId });
  // The verify process writes its events every KEYPORT_USAGE_FLUSH_MS (1 s): look again until then.
  await expect(async () => {
    await page.getByLabel("Request id").fill(requestId);
    await page.getByRole("button", { name: "Find" }).click();
    await expect(page).toHaveURL(new RegExp(`id=${requestId}`));
    await expect(found).toContainText("found by request", { timeout: 1000 });
  }).toPass();
  await expect(found).toContainText("Valid");
  await expect(found).toContainText("127.0.0.1");
  await inspect(page, "request-lookup");
  await page.getByLabel("Request id").fill("req_unknown000000000000000");
  await page.getByRole("button", { name: "Find" }).click();
  await expect(page.getByRole("status")).toContainText("No verification by a key of this workspace");
  await page.getByLabel("Request id").fill("not a request");
  await page.getByRole("button", { name: "Find" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "A request id looks like" })).toBeVisible();
});
