// npm test - the whole suite, as CI runs it. It checks and builds once, then runs the test
// stages over the databases it has:
//   - the embedded PostgreSQL (PGlite), always: it is what a newcomer's machine runs on;
//   - the PostgreSQL server that DATABASE_URL names, when it is set (CI creates a fresh one).
//
//   1. Debian's Chromium for Playwright, Go for the Go snippet and redis-server (installed with
//      apt when missing and we are root); a Redis for the rate-limit tests: the one at
//      127.0.0.1:6379 when it answers, else a private one for the run (KEYPORT_TEST_REDIS_URL)
//   2. typecheck and lint, side by side: each is one process on one core
//   3. a production build, which every Playwright stage serves
//   4. on the first database (PostgreSQL when there is one, otherwise the embedded one): every
//      Vitest test, the Playwright `api` project with the user-facing flows (`qa`) and the
//      browser suite (`ui`), and the reliability specs (faults, concurrency, instance edges,
//      shutdown, fuzz and memory; with no second database, the request edges and headers too);
//   5. on the embedded database after PostgreSQL: what depends on the database, namely Vitest's
//      `database` project, the `api` specs whose outcome rests on the engine (EMBEDDED_API),
//      the `qa` flows as a smoke run of the main flows, and the faults, concurrency and fuzz
//      specs, with the request edges and headers, which run once and balance the two
//      databases' reliability runs.
//   These stages run one at a time, except the two databases' reliability specs, which run
//   side by side at the end (see the plan below for why).
//
// The fuzz and the memory check run at a CI size here (KEYPORT_FUZZ_RUNS, KEYPORT_MEMORY_KEYS;
// a value set by the caller wins); `npm run bench` runs them at their full size.
// A failing test stage does not stop the others, so one run reports every failure.
// Prints each stage's duration, then one closing line: "tests: N passed, N failed".
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { root } from "./lib/paths.mjs";

/**
 * Debian's Chromium headless shell: the same Chromium without the full browser's windowing,
 * as Playwright itself runs headless tests. On two cores it took 30% less CPU than the full
 * browser for the same browser specs, which ran a fifth faster.
 */
const CHROMIUM = process.env.KEYPORT_CHROMIUM ?? "/usr/bin/chromium-headless-shell";
/**
 * The CI sizes of the two long reliability checks: about a seventh and an eighth of the full ones.
 * The fuzz's size is per endpoint, and identities and the portal took its endpoints from 11 to
 * 14 (the deactivate, reactivate and reveal paths joined an existing one).
 */
const CI_FUZZ_RUNS = "300";
// More than the unknown-key cache holds (KEYPORT_VERIFY_NEGATIVE_CACHE_SIZE, 10,000): it still fills and evicts.
const CI_MEMORY_KEYS = "12000";
const artifacts = path.join(root, "e2e", ".artifacts");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const counts = { passed: 0, failed: 0 };
/** Each test that did not pass: where it is, its title and its error's first line. */
const failures = [];
const startedAt = Date.now();
/** Each stage's name, seconds and result, in the order they finished. */
const timings = [];

function step(title) {
  console.log(`\n=== ${title}`);
}

/**
 * Runs a command to its exit code. With `logFile`, its output goes to that file instead of the
 * terminal, so that a stage running alongside another does not interleave with it.
 */
function run(command, args, { env = process.env, logFile } = {}) {
  return new Promise((resolve) => {
    const log = logFile ? createWriteStream(logFile) : null;
    const child = spawn(command, args, { cwd: root, stdio: log ? ["ignore", "pipe", "pipe"] : "inherit", env });
    if (log) {
      child.stdout.pipe(log, { end: false });
      child.stderr.pipe(log, { end: false });
    }
    // "close", not "exit": by then the child's output has all been read.
    child.on("close", (code) => (log ? log.end(() => resolve(code ?? 1)) : resolve(code ?? 1)));
  });
}

/** Runs `body` as a named stage and records its duration; `body` resolves to true when it passed. */
async function stage(name, body) {
  const started = Date.now();
  const passed = await body();
  timings.push({ name, seconds: (Date.now() - started) / 1000, passed });
  return passed;
}

/** A Redis server started for this run, when the machine has none answering. */
let privateRedis = null;

function finish(code) {
  privateRedis?.kill("SIGKILL");
  const rows = [...timings];
  // .ci/run says when it started, so that its own work before `npm test` (the database,
  // `npm install`) is in the total too.
  const ciStartedAt = Number(process.env.KEYPORT_CI_STARTED_AT);
  if (ciStartedAt > 0 && ciStartedAt <= startedAt) rows.unshift({ name: "before npm test (.ci/run: database, npm install)", seconds: (startedAt - ciStartedAt) / 1000, passed: true });
  const total = (Date.now() - (ciStartedAt > 0 && ciStartedAt <= startedAt ? ciStartedAt : startedAt)) / 1000;
  const width = Math.max(...rows.map((r) => r.name.length), 5);
  console.log("\n=== Stage durations (stages marked ‖ ran side by side, so the total is less than the sum)\n");
  console.log(`${"stage".padEnd(width)}  seconds`);
  for (const row of rows) console.log(`${row.name.padEnd(width)}  ${row.seconds.toFixed(0).padStart(7)}${row.passed ? "" : "  FAILED"}`);
  console.log(`${"total".padEnd(width)}  ${total.toFixed(0).padStart(7)}`);
  if (failures.length > 0) {
    console.log("\n=== Tests that did not pass\n");
    for (const failure of failures) console.log(`- ${failure}`);
  }
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

/** Ports handed to a Playwright run of this one: never twice. */
const handedOut = new Set([
  // Erlang's port mapper, taken on machines that run RabbitMQ.
  4369,
]);

/** Whether nothing listens on 127.0.0.1:`port` now. */
function canListen(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * A port in [low, high] that nothing listens on and that no other run of this one was given.
 * The ranges the config draws from hold none of the Fetch standard's blocked ports.
 */
async function unusedPort(low, high) {
  for (;;) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    if (await canListen(port)) return port;
  }
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

/**
 * The databases this run covers. The first one runs everything; a second one (the embedded
 * database, when DATABASE_URL names a server) runs what depends on the database: Vitest's
 * `database` project, the API specs, a smoke run of the user-facing flows and the fault specs.
 */
const databases = [
  ...(process.env.DATABASE_URL ? [{ name: "postgresql", label: "PostgreSQL (DATABASE_URL)", full: true }] : []),
  { name: "embedded", label: "embedded PGlite", full: !process.env.DATABASE_URL },
];

/** The environment of a stage on `database`: the embedded one is chosen by DATABASE_URL's absence. */
function envFor(database, extra = {}) {
  const env = { ...process.env, ...extra };
  if (database.name === "embedded") delete env.DATABASE_URL;
  return env;
}

/** Vitest on one database; its counts join the run's. */
async function vitest(database) {
  const report = path.join(artifacts, `vitest-${database.name}.json`);
  const projects = database.full ? [] : ["--project=database"];
  const code = await run(bin("vitest"), ["run", ...projects, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], { env: envFor(database) });
  if (existsSync(report)) {
    const result = JSON.parse(readFileSync(report, "utf8"));
    counts.passed += result.numPassedTests ?? 0;
    counts.failed += (result.numFailedTests ?? 0) + (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
    for (const file of result.testResults ?? []) {
      for (const test of file.assertionResults ?? []) {
        if (test.status === "passed") continue;
        const where = path.relative(root, file.name);
        failures.push(`vitest (${database.name}) ${where} › ${test.fullName}: ${test.status}${firstLine(test.failureMessages?.[0])}`);
      }
    }
  }
  return code === 0;
}

/** The first line of an error message, after ": ", or nothing. */
function firstLine(message) {
  // Playwright and Vitest colour their messages for a terminal; the summary is plain text.
  const line = String(message ?? "").replace(/\u001b\[[0-9;]*m/g, "").split("\n").find((l) => l.trim() !== "");
  return line ? `: ${line.trim().slice(0, 300)}` : "";
}

/**
 * The tests of a Playwright JSON report that did not pass, as "file:line › title: status" with
 * their last attempt's first error line. A flaky test is listed too: npm test counts it as failed.
 */
function playwrightFailures(suites, titles = []) {
  const found = [];
  for (const suite of suites) {
    const within = suite.title && !suite.file?.endsWith(suite.title) ? [...titles, suite.title] : titles;
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === "expected") continue;
        const last = test.results?.at(-1);
        const title = [...within, spec.title].join(" › ");
        found.push(`[${test.projectName}] e2e/${spec.file}:${spec.line} › ${title}: ${test.status}${firstLine(last?.error?.message)}`);
      }
    }
    found.push(...playwrightFailures(suite.suites ?? [], within));
  }
  return found;
}

/**
 * One Playwright run on one database. Each run starts its own server (playwright.config.ts's
 * webServer, on a fresh data directory) and writes its own report and artifacts, so a later
 * run does not wipe an earlier one's traces.
 */
async function playwright(database, label, args, logFile) {
  const report = path.join(artifacts, `playwright-${database.name}-${label}.json`);
  const code = await run(bin("playwright"), ["test", ...args], {
    logFile,
    env: envFor(database, {
      // Ports of the run's own, so that two runs side by side never draw the same one.
      KEYPORT_E2E_PORT: String(await unusedPort(4200, 4899)),
      KEYPORT_E2E_DB_PORT: String(await unusedPort(61000, 64999)),
      KEYPORT_CHROMIUM: CHROMIUM,
      KEYPORT_E2E_REPORT: report,
      KEYPORT_E2E_OUTPUT_DIR: path.join(artifacts, `results-${database.name}-${label}`),
      // The sweeps' screenshots are for people looking at the pages, and no assertion reads
      // them: npm test skips them unless KEYPORT_SCREENSHOTS=1 (a failed test keeps its own).
      KEYPORT_SCREENSHOTS: process.env.KEYPORT_SCREENSHOTS ?? "0",
      KEYPORT_FUZZ_RUNS: process.env.KEYPORT_FUZZ_RUNS ?? CI_FUZZ_RUNS,
      KEYPORT_MEMORY_KEYS: process.env.KEYPORT_MEMORY_KEYS ?? CI_MEMORY_KEYS,
    }),
  });
  if (existsSync(report)) {
    const { stats, suites } = JSON.parse(readFileSync(report, "utf8"));
    for (const failure of playwrightFailures(suites ?? [])) failures.push(`${label} (${database.name}) ${failure}`);
    counts.passed += stats.expected ?? 0;
    // Skipped and flaky count against the run: a skipped test did not pass.
    counts.failed += (stats.unexpected ?? 0) + (stats.skipped ?? 0) + (stats.flaky ?? 0);
    return code === 0 && !stats.unexpected && !stats.skipped && !stats.flaky;
  }
  return false;
}

/**
 * The reliability specs whose outcome depends on the database: its outages, its pool and its
 * locks, and what fuzzed input does to it. They run on both databases.
 */
const DATABASE_RELIABILITY = ["faults", "concurrency", "fuzz"].map((name) => `e2e/reliability/${name}.spec.ts`);
/**
 * Specs of the HTTP server alone: a single request's edges and the security headers. They run
 * once: on the second database when there is one, whose reliability run is the shorter of the
 * two side by side, and otherwise on the only one. The rest (instance edges, shutdown, memory)
 * run once, on the first.
 */
const SERVER_RELIABILITY = ["edge-requests", "headers"].map((name) => `e2e/reliability/${name}.spec.ts`);

/** The reliability spec files of the run on `database`. */
function reliabilitySpecs(database) {
  const all = readdirSync(path.join(root, "e2e", "reliability")).filter((file) => file.endsWith(".spec.ts")).map((file) => `e2e/reliability/${file}`);
  const missing = [...DATABASE_RELIABILITY, ...SERVER_RELIABILITY].filter((spec) => !all.includes(spec));
  if (missing.length > 0) throw new Error(`scripts/test.mjs names reliability specs that do not exist: ${missing.join(", ")}`);
  if (databases.length === 1) return all;
  return database.full ? all.filter((spec) => !SERVER_RELIABILITY.includes(spec)) : [...DATABASE_RELIABILITY, ...SERVER_RELIABILITY];
}

/**
 * The API specs that run again on the embedded database: those whose outcome rests on the
 * database engine (transactions and row locks, conditional updates, idempotency, keyset pages,
 * notifications between a server's processes, the verification log's writer): keys and their
 * rotation, deactivation and reveal, verification, credits and identities, the portal, the
 * audit log, usage and request lookup. The rest run once, on the first database: the HTTP
 * server, sign-in tokens, authorization and management keys' permissions, leak reports'
 * signatures, the limiter's stores, input edges, the document and the tooling, and what only
 * a deployment of several instances does (instances, webhooks delivered by several workers).
 */
const EMBEDDED_API = [
  "audit",
  "credits",
  "deactivation",
  "identities",
  "portal",
  "recoverable-keys",
  "requests",
  "rotation",
  "usage",
  "verify",
];

/** Playwright's arguments for the second database: the API specs and the flows that depend on it. */
function databaseSpecs() {
  const present = new Set(readdirSync(path.join(root, "e2e", "api")).filter((file) => file.endsWith(".spec.ts")));
  const missing = EMBEDDED_API.filter((name) => !present.has(`${name}.spec.ts`));
  if (missing.length > 0) throw new Error(`scripts/test.mjs names API specs that do not exist: ${missing.join(", ")}`);
  // The flows' smoke run: the Production flow and the stored hash. The Staging flow is the same
  // path through the database with another environment, and runs on the first database.
  return [...EMBEDDED_API.map((name) => `e2e/api/${name}.spec.ts`), "e2e/qa/flows.spec.ts", "--grep-invert", "Staging: create"];
}

/** The main Playwright stage of one database: the API specs, the flows and (on the first) the browser suite. */
async function endToEnd(database) {
  const projects = ["api", "qa", ...(database.full ? ["ui"] : [])];
  step(`End-to-end: ${projects.join(", ")}${database.full ? "" : " (the database's specs)"} (${database.label})`);
  const files = database.full ? [] : databaseSpecs();
  return stage(`e2e ${projects.join("+")} (${database.name})`, () => playwright(database, "main", [...projects.map((p) => `--project=${p}`), ...files]));
}

/**
 * The reliability specs of one database, after every main stage (the config's dependency,
 * which --no-deps skips because those stages just ran), so that the others' timings are
 * their own. Its output goes to a log file, printed when it ends: the databases' runs go
 * side by side.
 */
async function reliability(database) {
  const specs = reliabilitySpecs(database);
  const log = path.join(artifacts, `reliability-${database.name}.log`);
  const passed = await stage(`e2e reliability (${database.name}) ‖`, () => playwright(database, "reliability", ["--project=reliability", "--no-deps", ...specs], log));
  step(`End-to-end: reliability${database.full ? "" : " (the database's specs)"} (${database.label})`);
  console.log(readFileSync(log, "utf8").trimEnd());
  return passed;
}

step("Browser and tools");
ensureDebianPackage({ binary: CHROMIUM, pkg: CHROMIUM.endsWith("-headless-shell") ? "chromium-headless-shell" : "chromium", purpose: "the browser tests" });
ensureDebianPackage({ binary: "/usr/bin/go", pkg: "golang-go", purpose: "checking the Go snippet with gofmt and go vet, and the Go SDK's tests" });
ensureDebianPackage({ binary: "/usr/bin/redis-server", pkg: "redis-server", purpose: "the rate-limit tests, which stop a Redis of their own" });
process.env.KEYPORT_TEST_REDIS_URL = await ensureRedis();
console.log(`Using ${CHROMIUM}, /usr/bin/go and Redis at ${process.env.KEYPORT_TEST_REDIS_URL}${privateRedis ? " (started for this run)" : ""}`);
console.log(`Databases: ${databases.map((d) => d.label).join(", ")}`);
rmSync(artifacts, { recursive: true, force: true });
mkdirSync(artifacts, { recursive: true });
timings.push({ name: "tools", seconds: (Date.now() - startedAt) / 1000, passed: true });

step("Typecheck ‖ lint");
const checkLogs = { typecheck: path.join(artifacts, "typecheck.log"), lint: path.join(artifacts, "lint.log") };
const checks = await Promise.all([
  stage("typecheck ‖", () => run(bin("tsc"), ["--noEmit"], { logFile: checkLogs.typecheck }).then((code) => code === 0)),
  stage("lint ‖", () => run(bin("eslint"), [".", "--max-warnings=0"], { logFile: checkLogs.lint }).then((code) => code === 0)),
]);
for (const [name, file] of Object.entries(checkLogs)) {
  const output = readFileSync(file, "utf8").trim();
  console.log(`${name}: ${output || "clean"}`);
}
if (checks.includes(false)) finish(1);

step("Production build");
// The types were just checked: the build does not check them again (KEYPORT_TYPECHECKED, read
// by next.config.mjs), which took it 35 s of its 80.
if (!(await stage("build", async () => (await run("npm", ["run", "build"], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", KEYPORT_TYPECHECKED: "1" } })) === 0))) finish(1);

/**
 * The plan: every database's Vitest run, then every database's main Playwright stage,
 * PostgreSQL's first, one stage at a time; then the reliability specs of both databases side
 * by side. Side by side on two cores the other stages stretch the time bounds their tests
 * check: with the two Vitest runs at once, 50 concurrent key creates waited past Prisma's two
 * seconds for a transaction on both databases, and the API specs time revocations. The
 * reliability specs wait on much of what they test (a stalled request's timeout, a database's
 * outage and recovery, an instance's restart), each run has its own servers and databases,
 * and their bounds hold side by side: 254 s for both, against 289 s one after the other.
 */
const results = [];
for (const database of databases) {
  step(`Unit and integration tests (${database.label})`);
  results.push(await stage(`vitest (${database.name})`, () => vitest(database)));
}
for (const database of databases) results.push(await endToEnd(database));
results.push(...(await Promise.all(databases.map((database) => reliability(database)))));
finish(results.every(Boolean) && counts.failed === 0 ? 0 : 1);
