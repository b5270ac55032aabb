// QA points the shipped flows at a deployment of its own: KEYPORT_E2E_BASE_URL runs the `qa`
// project against that URL and starts no server. Proved here against a separate server.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ApiClient, expect, test } from "../support/api";
import { root } from "../support/env";
import { startOwnInstance } from "../support/server";
import { sessionToken } from "../support/tokens";

test("KEYPORT_E2E_BASE_URL runs the QA flows against another deployment, and they clean up after themselves", async ({}, testInfo) => {
  test.setTimeout(300_000);
  const target = await startOwnInstance("qa-target");
  const dataDir = target.dataDir;
  const report = path.join(mkdtempSync(path.join(os.tmpdir(), "keyport-qa-report-")), "qa.json");
  const runId = `remote${Date.now().toString(36)}`;
  try {
    const output: string[] = [];
    const code = await new Promise<number>((resolve) => {
      // The Production flow (the Staging one is the same flow on another environment, and runs
      // against the suite's server) and the flow that needs the database, which must skip.
      const child = spawn(process.execPath, [path.join(root, "node_modules", "@playwright", "test", "cli.js"), "test", "--grep", "Production: create|stored key is a hash"], {
        cwd: root,
        env: { ...process.env, KEYPORT_E2E_BASE_URL: target.origin, KEYPORT_E2E_REPORT: report, KEYPORT_E2E_RUN_ID: runId },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout.on("data", (c) => output.push(String(c)));
      child.stderr.on("data", (c) => output.push(String(c)));
      child.on("exit", (exitCode) => resolve(exitCode ?? 1));
    });
    const log = output.join("");
    expect(code, log).toBe(0);
    const { stats, suites } = JSON.parse(readFileSync(report, "utf8"));
    // Only the qa project ran: the Production flow passed, and the flow that reads the database
    // was skipped with its reason printed.
    expect(stats).toMatchObject({ expected: 1, unexpected: 0, skipped: 1, flaky: 0 });
    expect(JSON.stringify(suites)).toContain("needs this deployment's database");
    expect(log).not.toMatch(/\[(api|ui|reliability)\]/);

    // It left nothing active behind, and its keys are on that deployment.
    const ada = new ApiClient(sessionToken("acmeAdmin", dataDir), target.origin);
    const projects = (await ada.call("GET", "/api/v1/projects")).body as { project_id: string }[];
    // One project at a time, as a polite script would: a burst of dozens of reads at once is
    // what an instance on the embedded database may answer 503 to.
    const keys: { is_active: boolean }[] = [];
    for (const p of projects) {
      const listed = await ada.listKeys(p.project_id, `?q=qa-${runId}&limit=100`);
      expect(listed.status).toBe(200);
      keys.push(...listed.body);
    }
    expect(keys.length).toBe(1);
    expect(keys.every((k: { is_active: boolean }) => !k.is_active)).toBe(true);
  } catch (error) {
    // The deployment's own log, for the failure's report.
    await testInfo.attach("target.log", { body: target.logs(), contentType: "text/plain" });
    throw error;
  } finally {
    await target.stop();
  }
});
