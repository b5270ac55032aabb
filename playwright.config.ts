import { defineConfig } from "@playwright/test";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

// One production server for the suite (scripts/run.mjs start): on DATABASE_URL when it is
// set, otherwise on its own embedded database in a fresh data directory. Workers inherit
// these variables from the main process, so everyone agrees on them.
// 4200-4899 holds none of the Fetch standard's blocked ports (3659, 4045, 4190, 5060, ...),
// which Chromium and Node's fetch refuse to connect to.
// 4369 is taken on machines that run RabbitMQ (Erlang's port mapper): a suite once drew it.
const TAKEN_PORTS = new Set([4369]);
let e2ePort = 4200 + Math.floor(Math.random() * 700);
while (TAKEN_PORTS.has(e2ePort)) e2ePort = 4200 + Math.floor(Math.random() * 700);
process.env.KEYPORT_E2E_PORT ??= String(e2ePort);
// The embedded database's port is above Linux's ephemeral range (32768-60999), where the ports
// that tests' own servers and databases are given by the system never fall.
process.env.KEYPORT_E2E_DB_PORT ??= String(61000 + Math.floor(Math.random() * 4000));
process.env.KEYPORT_E2E_DATA ??= mkdtempSync(path.join(os.tmpdir(), "keyport-e2e-"));

const port = process.env.KEYPORT_E2E_PORT;
// KEYPORT_E2E_BASE_URL points the user-facing flows (the `qa` project) at a deployment that
// this suite does not start: no server, and none of the flows that need internals.
const remote = process.env.KEYPORT_E2E_BASE_URL?.replace(/\/+$/, "");
// The secret scanner whose leak reports the suite's server accepts: a P-256 key pair made for
// this run. Tests sign reports with the private half.
if (!process.env.KEYPORT_E2E_SCANNER_KEY) {
  const pair = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  process.env.KEYPORT_E2E_SCANNER_KEY = pair.privateKey.export({ type: "pkcs8", format: "pem" }) as string;
  process.env.KEYPORT_E2E_SCANNER_KEYS = JSON.stringify({
    public_keys: [{ key_identifier: "e2e-scanner", key: pair.publicKey.export({ type: "spki", format: "pem" }), is_current: true }],
  });
}
// One KEYPORT_SECRET for the suite's server and every instance a test starts on its database,
// as a fleet shares one. An instance with a secret of its own (from its own data directory)
// cannot open the webhook signing secrets the others sealed: its worker would claim their
// deliveries and fail them, and each would wait out a retry.
process.env.KEYPORT_SECRET ??= randomBytes(32).toString("base64");
// One tag for everything this run creates (the QA flows name their keys with it).
process.env.KEYPORT_E2E_RUN_ID ??= randomBytes(4).toString("hex");
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/**
 * A browser flow's budget. The flows sign in, load pages and wait on the server: on two cores
 * shared with the suite's server (or a QA team's slow staging deployment), one has taken over a
 * minute.
 */
const BROWSER_FLOW_TIMEOUT = 120_000;

const HEADLESS_SHELL = "/usr/bin/chromium-headless-shell";

const browser = {
  browserName: "chromium" as const,
  viewport: { width: 1280, height: 900 },
  // npm test sets KEYPORT_CHROMIUM (Debian's headless shell); otherwise the shell when it is
  // installed, else Debian's full Chromium.
  launchOptions: { executablePath: process.env.KEYPORT_CHROMIUM ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : "/usr/bin/chromium"), args: chromiumArgs },
};

export default defineConfig({
  testDir: "e2e",
  // npm test gives each of its Playwright runs a folder of its own: a run empties its folder
  // when it starts, which would throw away an earlier run's reports of failures.
  outputDir: process.env.KEYPORT_E2E_OUTPUT_DIR ?? "e2e/.artifacts/results",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  reporter: [["list"], ["json", { outputFile: process.env.KEYPORT_E2E_REPORT ?? (remote ? "e2e/.artifacts/qa.json" : "e2e/.artifacts/playwright.json") }]],
  ...(remote ? { outputDir: "e2e/.artifacts/qa-results" } : {}),
  ...(process.env.KEYPORT_E2E_AUTH === "clerk" ? { globalSetup: "./e2e/qa/clerk-setup.ts" } : {}),
  use: {
    baseURL: remote ?? `http://127.0.0.1:${port}`,
    // A failed test leaves its last screen and its error. Recording a trace of every test cost
    // 14% more CPU in the browser tests, on two cores bound by the browser: to look into a
    // failure step by step, run it again with `--trace retain-on-failure`.
    trace: "off",
    screenshot: "only-on-failure",
  },
  projects: remote ? [{ name: "qa", testMatch: "qa/**/*.spec.ts", use: browser, timeout: BROWSER_FLOW_TIMEOUT }] : [
    // The flows QA teams point at their deployment, run here against ours.
    { name: "qa", testMatch: "qa/**/*.spec.ts", use: browser, timeout: BROWSER_FLOW_TIMEOUT },
    { name: "api", testMatch: "api/**/*.spec.ts" },
    // Faults, fuzz and concurrency: after the others, so that their timings are their own.
    { name: "reliability", testMatch: "reliability/**/*.spec.ts", dependencies: ["api", "ui"], fullyParallel: false },
    // Browser flows that also scan each page with axe and take screenshots in two themes and at 375 px.
    { name: "ui", testMatch: "ui/**/*.spec.ts", use: browser, timeout: BROWSER_FLOW_TIMEOUT },
  ],
  webServer: remote ? undefined : {
    command: "node scripts/run.mjs start",
    url: `http://127.0.0.1:${port}/sign-in`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: port,
      KEYPORT_DATA_DIR: process.env.KEYPORT_E2E_DATA,
      KEYPORT_EMBEDDED_PORT: process.env.KEYPORT_E2E_DB_PORT,
      KEYPORT_SEED: "1",
      KEYPORT_LOG_REQUESTS: "0",
      NEXT_TELEMETRY_DISABLED: "1",
      // Limits are tested on instances of their own; this server takes the whole suite's traffic.
      KEYPORT_FAILED_VERIFY_LIMIT: "1000000000",
      KEYPORT_WRITE_LIMIT: "1000000000",
      KEYPORT_SECRET_SCANNING_PUBLIC_KEYS: process.env.KEYPORT_E2E_SCANNER_KEYS!,
    },
  },
});
