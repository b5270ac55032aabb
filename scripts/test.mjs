// npm test - the whole suite, as CI runs it:
//   1. Debian's Chromium for Playwright and Go for the Go snippet (installed with apt when
//      missing and we are root)
//   2. typecheck and lint
//   3. unit and integration tests (Vitest) against DATABASE_URL, or embedded PGlite
//   4. a production build, then the Playwright suite (API contract + browser flows)
// Prints one closing line: "tests: N passed, N failed".
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { root } from "./lib/paths.mjs";

const CHROMIUM = process.env.KEYPORT_CHROMIUM ?? "/usr/bin/chromium";
const artifacts = path.join(root, "e2e", ".artifacts");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const counts = { passed: 0, failed: 0 };

function step(title) {
  console.log(`\n=== ${title}`);
}

function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

function finish(code) {
  console.log(`\ntests: ${counts.passed} passed, ${counts.failed} failed`);
  process.exit(code);
}

/** A tool from Debian's packages: installed with apt when missing and we are root (as CI is). */
function ensureDebianPackage({ binary, pkg, purpose }) {
  if (existsSync(binary)) return;
  if (process.getuid?.() !== 0) {
    console.error(`${binary} is missing (${purpose}). Install it (apt-get install -y ${pkg}).`);
    finish(1);
  }
  console.log(`Installing Debian's ${pkg} (${purpose})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  spawnSync("apt-get", ["update"], { stdio: "inherit", env });
  const install = spawnSync("apt-get", ["install", "-y", "--no-install-recommends", pkg], { stdio: "inherit", env });
  if (install.status !== 0 || !existsSync(binary)) {
    console.error(`Could not install ${pkg}.`);
    finish(1);
  }
}

step("Browser and tools");
ensureDebianPackage({ binary: CHROMIUM, pkg: "chromium", purpose: "the browser tests" });
ensureDebianPackage({ binary: "/usr/bin/go", pkg: "golang-go", purpose: "checking the Go snippet with gofmt and go vet" });
console.log(`Using ${CHROMIUM} and /usr/bin/go`);
rmSync(artifacts, { recursive: true, force: true });
mkdirSync(artifacts, { recursive: true });

step("Typecheck");
if ((await run(bin("tsc"), ["--noEmit"])) !== 0) finish(1);

step("Lint");
if ((await run(bin("eslint"), [".", "--max-warnings=0"])) !== 0) finish(1);

step(`Unit and integration tests (${process.env.DATABASE_URL ? "DATABASE_URL" : "embedded PGlite"})`);
const vitestReport = path.join(artifacts, "vitest.json");
const vitest = await run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`]);
if (existsSync(vitestReport)) {
  const report = JSON.parse(readFileSync(vitestReport, "utf8"));
  counts.passed += report.numPassedTests ?? 0;
  counts.failed += (report.numFailedTests ?? 0) + (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
if (vitest !== 0) finish(1);

step("Production build");
if ((await run("npm", ["run", "build"], { NEXT_TELEMETRY_DISABLED: "1" })) !== 0) finish(1);

step("End-to-end tests (Playwright)");
const playwright = await run(bin("playwright"), ["test"], { KEYPORT_CHROMIUM: CHROMIUM });
const playwrightReport = path.join(artifacts, "playwright.json");
if (existsSync(playwrightReport)) {
  const { stats } = JSON.parse(readFileSync(playwrightReport, "utf8"));
  counts.passed += stats.expected ?? 0;
  // Skipped and flaky count against the run: a skipped test did not pass.
  counts.failed += (stats.unexpected ?? 0) + (stats.skipped ?? 0) + (stats.flaky ?? 0);
}
finish(playwright === 0 && counts.failed === 0 ? 0 : 1);
