// npm test - the whole suite, as CI runs it:
//   1. Debian's Chromium for Playwright, Go for the Go snippet and redis-server (installed with
//      apt when missing and we are root); a Redis for the rate-limit tests: the one at
//      127.0.0.1:6379 when it answers, else a private one for the run (KEYPORT_TEST_REDIS_URL)
//   2. typecheck and lint
//   3. unit and integration tests (Vitest) against DATABASE_URL, or embedded PGlite
//   4. a production build, then the Playwright suite (API contract + browser flows)
// Prints one closing line: "tests: N passed, N failed".
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
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

/** A Redis server started for this run, when the machine has none answering. */
let privateRedis = null;

function finish(code) {
  privateRedis?.kill("SIGKILL");
  console.log(`\ntests: ${counts.passed} passed, ${counts.failed} failed`);
  process.exit(code);
}

/** Whether a Redis answers PING on 127.0.0.1:`port`. */
function redisAnswers(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    const done = (answer) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (data) => done(String(data).startsWith("+PONG")));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** The Redis the rate-limit tests share: the machine's, or one of this run's own. */
async function ensureRedis() {
  if (process.env.KEYPORT_TEST_REDIS_URL) return process.env.KEYPORT_TEST_REDIS_URL;
  if (await redisAnswers(6379)) return "redis://127.0.0.1:6379";
  const port = await freePort();
  privateRedis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  for (let i = 0; i < 100 && !(await redisAnswers(port)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await redisAnswers(port))) {
    console.error("Could not start redis-server for the rate-limit tests.");
    finish(1);
  }
  return `redis://127.0.0.1:${port}`;
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
ensureDebianPackage({ binary: "/usr/bin/redis-server", pkg: "redis-server", purpose: "the rate-limit tests, which stop a Redis of their own" });
process.env.KEYPORT_TEST_REDIS_URL = await ensureRedis();
console.log(`Using ${CHROMIUM}, /usr/bin/go and Redis at ${process.env.KEYPORT_TEST_REDIS_URL}${privateRedis ? " (started for this run)" : ""}`);
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
