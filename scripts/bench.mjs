// npm run bench - the verify route against this machine's limits, in one run, as ratios
// against baselines measured in the same run (absolute numbers on shared machines are noise).
//
// For each database (the embedded default, then DATABASE_URL when it is set) it builds once,
// starts production servers (`npm start`'s: a verify front process and the dashboard process),
// and measures with autocannon (50 connections, 10 s after a 3 s warm-up):
//   a  a constant-JSON Next route (/api/health, through the front)   framework baseline
//   b  a plain Node http server reading the same POST and answering
//      constant JSON                                                  this machine's limit
//   b2 the same, answering with verify's own headers and body        what its answer alone costs
//   c  verify, warm, everything on: the per-IP limiter and the key's own limit (in memory),
//      the verification log and the request log                     target c/b >= 0.5
//   k  c with credits: the key under an identity with a large balance and a shared rate
//      limit, each checked and charged on every verification         target k/c >= 0.9
//   c1..c4  the same with one feature off in turn: the request log, the verification log,
//      the key's own limit, the per-IP limiter (each one's cost is c/cN)
//   j  c with the limiters in Redis                                  target j/b >= 0.35
//   d  verify, cache disabled;  e  verify with 10% invalid keys
//   p  latency below saturation: verify (everything on) and the plain server paced at the same
//      rate, half of c's measured maximum, on a fixed schedule (scripts/lib/paced-load.mjs, not
//      autocannon's overallRate, which sends bursts); p99 ratio, target <= 2.
//      With the verify process's own account of the run: its event loop's delays and its GC
//      pauses (from its stats line), and the same paced run with each log off (when c1/c2 run)
//   r  revocation under load: instance 1 serves verifications paced at half of c's maximum
//      (from a process of its own) while 200 keys (BENCH_LOADED_REVOCATIONS) are revoked
//      through it, one at a time; the time from the revoke call's return until instance 2
//      refuses the key (p99 <= 50 ms), and how often instance 1 accepts it after that (0)
//   f  revocation propagation across two instances (>= 200 revocations)
//   g  time to first byte, big / small, each target <= 1.5:
//        Settings -> API Keys with 1,000,000 keys in a project (issued in bulk) and with 10 (and
//        with 50, one full page, to tell data volume from the rendering of 50 rows instead of
//        10); the same sorted by name and oldest first; the keys API's first page
//        a key's page with 90 days of verification history at 10,000 a day, and with none
//        the audit log with 1,000,000 events, and with 10
//   l  request lookup among 10,000,000 verification records (over 90 days, the key page's
//      history included): 500 recorded request ids and 500 never recorded, one at a time
//      through the REST API, after 200 others of each kind (not measured: the server and the
//      database start cold, just after the bulk load); p99 <= 20 ms. Then the same lookups
//      through the data layer alone, in a process of its own: what of that is the query's
//   s  a fresh instance's first verification, and its second: what the start leaves to the
//      first request (the server reads the database once before it listens)
//   h  memory after the run, the big project's 1,000,000 keys and 100,000 never-issued ones
//      each verified once (both caches full): RSS of both processes (the verify process
//      <= 400 MB), its heap and its caches' sizes
//   b, c, k, j, p and r also say how the machine's cores were shared while they measured
//   (scripts/lib/cpu-usage.mjs, from /proc): the verify process by thread (main, the log
//   writer, V8's and libuv's helpers), the dashboard process, the database, Redis, the load
//   generator, and the rest; what a ratio that misses is spent on.
//   Seeding g's, l's and h's volumes takes minutes; the table says how long each took.
//   BENCH_BIG_PROJECT, BENCH_AUDIT_EVENTS, BENCH_HISTORY_DAYS, BENCH_HISTORY_PER_DAY,
//   BENCH_LOOKUP_RECORDS and BENCH_UNKNOWN_KEYS make them smaller, to try a change quickly.
// The limiters' quotas are raised so that one client creating keys and sending 10%
// invalid keys measures the work, not the 429s. p50 and p99 are autocannon's, in ms.
// Then, on each database, the reliability suite's fuzz (2,000 requests per endpoint) and memory
// check (100,000 distinct keys) at their full size: npm test runs them smaller on every
// submission. They run as written in e2e/reliability, through Playwright, at the sizes their
// specs default to.
// BENCH_ONLY=b,c,p runs only the rows named (and the ones they need: p and r need c), and
// "reliability" names the full-size specs; BENCH_DATABASES=embedded or postgresql picks a
// database; BENCH_CPU_PROF=1 adds a CPU profile of a verify process under c's load (and j's,
// when j runs), and of the dashboard process under l's lookups (when l runs), summarised by
// self time (our bundle, Node's HTTP internals, packages, GC); BENCH_NODE_ARGS adds Node
// options to the servers under test, to try one.
// It prints a table and writes bench/results.json. It never fails on a missed target; it exits
// non-zero when one of those two specs fails, as they are tests.
import autocannon from "autocannon";
import { childrenOf, cpuShares, cpuSnapshot } from "./lib/cpu-usage.mjs";
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { root } from "./lib/paths.mjs";
import { SERVER_NODE_ARGS } from "./lib/server-node-args.mjs";

const run = promisify(execFile);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = 3;
const CONNECTIONS = 50;
const REVOCATIONS = Number(process.env.BENCH_REVOCATIONS ?? 200);
/** Keys in the big project, issued in bulk: the pages' volume (g), and the keys h verifies once each. */
const BIG = Number(process.env.BENCH_BIG_PROJECT ?? 1_000_000);
const AUDIT_EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
const HISTORY_DAYS = Number(process.env.BENCH_HISTORY_DAYS ?? 90);
const HISTORY_PER_DAY = Number(process.env.BENCH_HISTORY_PER_DAY ?? 10_000);
/** Verification records in all when request lookup is measured (the key page's history included). */
const LOOKUP_RECORDS = Number(process.env.BENCH_LOOKUP_RECORDS ?? 10_000_000);
/** Request ids looked up (l), and as many never recorded. */
const LOOKUPS = 500;
/**
 * Recorded ids looked up first, with as many never recorded, and not measured: the server and
 * the database start cold (the lookup follows a bulk load of millions of rows), and p99 is of
 * a server in use, as the pages' medians leave out their first rounds. The measured ids are
 * others, so none of their rows was read before.
 */
const LOOKUP_WARMUP = 200;
const NEVER_ISSUED = Number(process.env.BENCH_UNKNOWN_KEYS ?? 100_000);
const quiet = {
  NEXT_TELEMETRY_DISABLED: "1",
  KEYPORT_FAILED_VERIFY_LIMIT: "1000000000",
  KEYPORT_WRITE_LIMIT: "1000000000",
};
const REDIS_URL = process.env.KEYPORT_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
/** Revocations made while instance 1 is under paced load (row r). */
const LOADED_REVOCATIONS = Number(process.env.BENCH_LOADED_REVOCATIONS ?? 200);
/** The paced rows' rate, as a share of c's measured maximum. */
const PACED_SHARE = Number(process.env.BENCH_PACED_SHARE ?? 0.5);
/** BENCH_ONLY=c,b,p: only those rows (and what they need); every row when unset. */
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(",").map((row) => row.trim())) : null;
const want = (row) => !ONLY || ONLY.has(row);
/** BENCH_NODE_ARGS: more Node options for the servers under test (to try one). */
const EXTRA_NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
/** BENCH_CPU_PROF=1: a CPU profile of the verify process under c's load, summarised. */
const CPU_PROF = process.env.BENCH_CPU_PROF === "1";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

function freePort() {
  return new Promise((resolve) => {
    const server = http.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startServer(env, nodeArgs = []) {
  const port = await freePort();
  // As `npm start` runs it (scripts/run.mjs).
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, ...EXTRA_NODE_ARGS, ...nodeArgs, path.join(root, ".next", "keyport-server.mjs")], {
    cwd: root,
    env: { MALLOC_ARENA_MAX: "2", ...process.env, ...quiet, PORT: String(port), HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  // The request log goes nowhere, as to a log shipper; only the stats line is kept. Lines are
  // read only while a stats line is awaited: this process also runs autocannon, and splitting
  // thousands of request lines a second would take its time from the load it generates.
  let statsLine = null;
  let awaitingStats = false;
  let pending = "";
  child.stdout.on("data", (chunk) => {
    if (!awaitingStats) return;
    pending += chunk;
    let at;
    while ((at = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, at);
      pending = pending.slice(at + 1);
      if (line.includes('"verify process stats"')) statsLine = JSON.parse(line);
    }
  });
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${origin}/api/health`)).ok) break;
    } catch {
      await sleep(200);
    }
  }
  return {
    origin,
    pid: child.pid,
    rssMb: () => rssOf(child.pid),
    /** The dashboard process the front started (its only child). */
    appRssMb: () => {
      const [app] = childrenOf(child.pid);
      return app ? rssOf(app) : 0;
    },
    stats: async () => {
      statsLine = null;
      pending = "";
      awaitingStats = true;
      child.kill("SIGUSR2");
      for (let i = 0; i < 50 && !statsLine; i++) await sleep(100);
      awaitingStats = false;
      return statsLine;
    },
    stop: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", resolve), child.kill("SIGTERM")))),
  };
}

const rssOf = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) / 1024;

/** Runs a fixture (scripts/bench-fixtures.ts); resolves to the seconds it took. */
async function fixtures(env, ...args) {
  const started = performance.now();
  await run(
    process.execPath,
    [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "--tsconfig", "tsconfig.json", "--conditions=react-server", "scripts/bench-fixtures.ts", ...args],
    // Bulk statements run longer than a request's deadline allows.
    { cwd: root, env: { ...process.env, ...env, KEYPORT_DB_TIMEOUT_MS: "600000" }, maxBuffer: 1 << 28 },
  );
  return Math.round((performance.now() - started) / 100) / 10;
}

/** Sends every key once, `concurrency` at a time, on keep-alive connections. */
async function verifyEach(origin, keys, concurrency = 32) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL(`${origin}/api/v1/keys/verify`);
  let next = 0;
  const statuses = {};
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < keys.length) {
        const key = keys[next++];
        const status = await new Promise((resolve, reject) => {
          const request = http.request(url, { method: "POST", agent, headers: { authorization: `Bearer ${key}` } }, (response) => {
            response.resume();
            response.on("end", () => resolve(response.statusCode));
          });
          request.on("error", reject);
          request.end();
        });
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  agent.destroy();
  return statuses;
}

/**
 * The plain Node baseline (b), in its own process so it gets its own event loop: it reads the
 * request's body, as verify does, and answers constant JSON. Given `answer` (b2), it answers
 * those exact headers and body instead: what writing verify's answer alone costs.
 */
async function startPlainServer(answer = { headers: { "content-type": "application/json" }, body: '{"status":"ok"}' }) {
  const port = await freePort();
  const source = `const answer = ${JSON.stringify(answer)};
    const headers = { ...answer.headers, "content-length": Buffer.byteLength(answer.body) };
    require("http").createServer((q, s) => {
      q.on("data", () => {});
      q.on("end", () => { s.writeHead(200, headers); s.end(answer.body); });
    }).listen(${port}, "127.0.0.1", () => console.log("up"));`;
  const child = spawn(process.execPath, ["-e", source], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise((resolve) => child.stdout.once("data", resolve));
  return { origin: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => child.kill() };
}

/** Verify's answer to `request`, as it goes on the wire: the headers Node adds itself left out. */
async function answerOf(request) {
  const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`verify answered ${response.status}: ${body}`);
  const headers = Object.fromEntries([...response.headers].filter(([name]) => !["connection", "keep-alive", "date", "content-length", "transfer-encoding"].includes(name)));
  return { headers, body };
}

/**
 * autocannon at full speed, after a warm-up. With `server` ({ pid, verify }), also how the
 * machine's cores were shared while it measured: that server (a verify process split by
 * thread), the databases, Redis, and autocannon (in this process).
 */
async function load(options, server) {
  await autocannon({ ...options, connections: CONNECTIONS, duration: WARMUP });
  const parts = () =>
    server && {
      verifyPid: server.verify ? server.pid : undefined,
      parts: { "load generator (autocannon)": process.pid, ...(server.verify ? {} : { "plain server": server.pid }), ...embeddedDatabasePart() },
    };
  const before = server && cpuSnapshot(parts());
  const result = await autocannon({ ...options, connections: CONNECTIONS, duration: DURATION });
  const cpu = server ? { cpu: cpuShares(before, cpuSnapshot(parts())) } : {};
  const errors = result.errors + result.timeouts + (result.non2xx && !options.allowNon2xx ? result.non2xx : 0);
  return { rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, errors, ...cpu };
}

/**
 * Paced load (scripts/lib/paced-load.mjs): `rate` requests a second in all, on a fixed
 * schedule over the same number of connections, from a process of its own, each latency
 * measured from its scheduled start. `seconds` 0 runs until stop(); stop() resolves to the
 * result either way.
 */
function pacedLoad(request, rate, seconds) {
  const options = { ...request, rate, seconds, warmupSeconds: seconds > 0 ? WARMUP : 0, connections: CONNECTIONS };
  const child = spawn(process.execPath, [path.join(root, "scripts", "lib", "paced-load.mjs"), JSON.stringify(options)], { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  const done = new Promise((resolve) => child.once("exit", () => resolve(output.trim() ? JSON.parse(output.trim().split("\n").at(-1)) : null)));
  return { done, pid: child.pid, stop: () => (child.exitCode === null && child.kill("SIGTERM"), done) };
}

/** The embedded database's own process, while the embedded half of the bench runs. */
let embeddedDatabasePid = null;
const embeddedDatabasePart = () => (embeddedDatabasePid ? { "database (embedded, its process)": embeddedDatabasePid } : {});

/**
 * Latency below saturation: a paced run of DURATION seconds after a warm-up, with how the
 * machine's cores were shared while it ran (scripts/lib/cpu-usage.mjs): the server under load
 * (a verify process, split by thread, or the plain server), the database and the load generator.
 */
async function paced(request, rate, server) {
  const run = pacedLoad(request, rate, DURATION);
  const parts = () => ({
    verifyPid: server.verify ? server.pid : undefined,
    parts: { "load generator": run.pid, ...(server.verify ? {} : { "plain server": server.pid }), ...embeddedDatabasePart() },
  });
  await sleep(WARMUP * 1000);
  const before = cpuSnapshot(parts());
  await sleep(DURATION * 1000 - 200);
  const cpu = cpuShares(before, cpuSnapshot(parts()));
  return { ...(await run.done), cpu };
}

/** The newest CPU profile the main thread of process `pid` wrote into `dir`, summarised. */
async function cpuProfileOf(dir, pid) {
  const { readdirSync } = await import("node:fs");
  const { summariseCpuProfile } = await import("./lib/cpu-profile.mjs");
  const file = readdirSync(dir).find((name) => name.includes(`.${pid}.0.`) && name.endsWith(".cpuprofile"));
  return file ? { file: path.join(dir, file), summary: summariseCpuProfile(path.join(dir, file)) } : null;
}

async function api(origin, token, method, route, body) {
  const response = await fetch(`${origin}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function token(dataDir, email = "ada@acme.test") {
  const { stdout } = await run(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "--conditions=react-server", "scripts/token.ts", email], {
    cwd: root,
    env: { ...process.env, KEYPORT_DATA_DIR: dataDir, DATABASE_URL: "" },
  });
  return stdout.trim();
}

async function benchDatabase(label, databaseUrl, embedded) {
  console.log(`\n## ${label}`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "keyport-bench-"));
  // 90 days of verification history are kept (the default keeps 30), for the key page's and
  // request lookup's volumes.
  const env = { DATABASE_URL: databaseUrl, KEYPORT_DATA_DIR: dataDir, KEYPORT_EVENT_RETENTION_DAYS: String(Math.max(30, HISTORY_DAYS)), ...(embedded ? { KEYPORT_EMBEDDED: "1" } : {}) };
  await run(process.execPath, ["--experimental-wasm-modules", "--disable-warning=ExperimentalWarning", "scripts/db-migrate.mjs"], { cwd: root, env: { ...process.env, ...env } });
  const session = await token(dataDir);
  const a = await startServer(env);
  // Only the servers the chosen rows use.
  const servers = {};
  if (want("c1")) servers.noLog = await startServer({ ...env, KEYPORT_LOG_REQUESTS: "0" });
  if (want("c2")) servers.noRecording = await startServer({ ...env, KEYPORT_RECORD_VERIFICATIONS: "0" });
  if (want("c4")) servers.noIpLimit = await startServer({ ...env, KEYPORT_FAILED_VERIFY_LIMIT: "0" });
  if (want("j")) servers.redis = await startServer({ ...env, KEYPORT_REDIS_URL: REDIS_URL, KEYPORT_REDIS_PREFIX: `keyport-bench-${Date.now()}` });
  if (want("d")) servers.uncached = await startServer({ ...env, KEYPORT_VERIFY_CACHE: "off" });
  const plain = await startPlainServer();
  const results = {};
  try {
    const project = await api(a.origin, session, "POST", "/api/v1/projects", { name: "Bench" });
    const plainKey = project.default_key.key;
    // The realistic key: with its own rate limit, so both limiters run on every request.
    const limited = await api(a.origin, session, "POST", `/api/v1/projects/${project.project_id}/keys`, {
      name: "own limit",
      rate_limit: { limit: 1_000_000_000, window_s: 60 },
    });
    const verifyRequest = (origin, bearer) => ({
      url: `${origin}/api/v1/keys/verify`,
      method: "POST",
      headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
      body: JSON.stringify({ app_id: project.project_id }),
    });

    if (want("a")) {
      console.log("a: constant-JSON Next route…");
      results.a = await load({ url: `${a.origin}/api/health` });
    }
    if (want("b") || want("p")) {
      console.log("b: plain Node http, reading the same POST…");
      results.b = await load(verifyRequest(plain.origin, limited.key), { verify: false, pid: plain.pid });
    }
    if (want("b2")) {
      console.log("b2: plain Node http, answering verify's headers and body…");
      const plainAnswer = await startPlainServer(await answerOf(verifyRequest(a.origin, limited.key)));
      try {
        results.b2 = await load(verifyRequest(plainAnswer.origin, limited.key));
      } finally {
        plainAnswer.stop();
      }
    }
    if (want("c") || want("p") || want("r") || want("k")) {
      console.log("c: verify, warm, everything on…");
      results.c = await load(verifyRequest(a.origin, limited.key), { verify: true, pid: a.pid });
    }
    if (want("s")) {
      console.log("s: a fresh instance's first verification, and its second…");
      const fresh = await startServer(env);
      try {
        const times = [];
        for (let i = 0; i < 2; i++) {
          const request = verifyRequest(fresh.origin, limited.key);
          const started = performance.now();
          const response = await fetch(request.url, request);
          await response.arrayBuffer();
          times.push(Math.round((performance.now() - started) * 10) / 10);
          if (response.status !== 200) throw new Error(`a fresh instance's verification answered ${response.status}`);
        }
        results.s = { first: times[0], second: times[1] };
      } finally {
        await fresh.stop();
      }
    }
    if (CPU_PROF) {
      // A server of its own, profiled, under c's load (and j's, with the limiters in Redis,
      // when j runs): where the verify process's time goes.
      const { formatCpuSummary } = await import("./lib/cpu-profile.mjs");
      results.cpuProfile = {};
      const redisEnv = { KEYPORT_REDIS_URL: REDIS_URL, KEYPORT_REDIS_PREFIX: `keyport-bench-prof-${Date.now()}` };
      for (const [row, serverEnv] of [["c", {}], ...(want("j") ? [["j", redisEnv]] : [])]) {
        console.log(`profile: verify under ${row}'s load, with --cpu-prof…`);
        const profileDir = mkdtempSync(path.join(os.tmpdir(), "keyport-cpu-prof-"));
        const profiled = await startServer({ ...env, ...serverEnv }, ["--cpu-prof", `--cpu-prof-dir=${profileDir}`]);
        let loaded;
        try {
          loaded = await load(verifyRequest(profiled.origin, limited.key));
        } finally {
          await profiled.stop();
        }
        const profile = await cpuProfileOf(profileDir, profiled.pid);
        if (profile) {
          console.log(`${formatCpuSummary(profile.summary)}\n(under --cpu-prof: ${loaded.rps} req/s; the profile: ${profile.file})`);
          results.cpuProfile[row] = { rps: loaded.rps, ...profile.summary };
        }
      }
    }
    if (want("p")) {
      // Below saturation: verify and the plain server at the same rate, half verify's maximum.
      const rate = Math.max(1, Math.round(results.c.rps * PACED_SHARE));
      console.log(`p: paced, ${rate} req/s (${PACED_SHARE} of c), verify then the plain server…`);
      // The verify process's own account of the run (its event loop's stalls, its GC pauses).
      const loopStats = async (server) => {
        const stats = await server.stats();
        return stats ? { loopDelayMs: stats.loop_delay_ms, gc: stats.gc } : null;
      };
      await a.stats();
      const verifyPaced = { ...(await paced(verifyRequest(a.origin, limited.key), rate, { verify: true, pid: a.pid })), process: await loopStats(a) };
      const plainPaced = await paced(verifyRequest(plain.origin, limited.key), rate, { verify: false, pid: plain.pid });
      results.p = { rate, verify: verifyPaced, plain: plainPaced };
      // With one log off in turn, when those servers run: which one makes the tail.
      for (const [name, server] of [["requestLogOff", servers.noLog], ["verificationLogOff", servers.noRecording]]) {
        if (!server) continue;
        // Its first requests are these: warmed at full speed first, as a and the plain server
        // were by b and c. A server that has answered nothing compiles as it goes and falls
        // seconds behind a paced load, longer than the paced run's own warm-up.
        await autocannon({ ...verifyRequest(server.origin, limited.key), connections: CONNECTIONS, duration: WARMUP });
        await server.stats();
        results.p[name] = { ...(await paced(verifyRequest(server.origin, limited.key), rate, { verify: true, pid: server.pid })), process: await loopStats(server) };
      }
      console.log(`   ${JSON.stringify(results.p)}`);
    }
    if (want("k")) {
      console.log("k: verify, everything on, with credits: an identity with a large balance and a shared limit…");
      // The same key's limit, under an identity whose balance (the largest there is) and shared
      // rate limit every verification checks and charges.
      const customer = await api(a.origin, session, "POST", "/api/v1/identities", {
        external_id: `bench-${Date.now()}`,
        credits: { remaining: 1_000_000_000 },
        rate_limit: { limit: 1_000_000_000, window_s: 60 },
      });
      const metered = await api(a.origin, session, "POST", `/api/v1/projects/${project.project_id}/keys`, {
        name: "metered",
        identity_id: customer.id,
        rate_limit: { limit: 1_000_000_000, window_s: 60 },
      });
      results.k = await load(verifyRequest(a.origin, metered.key), { verify: true, pid: a.pid });
    }
    if (want("c1")) {
      console.log("c1: … the request log off…");
      results.c1 = await load(verifyRequest(servers.noLog.origin, limited.key));
    }
    if (want("c2")) {
      console.log("c2: … the verification log off…");
      results.c2 = await load(verifyRequest(servers.noRecording.origin, limited.key));
    }
    if (want("c3") || want("e")) {
      console.log("c3: … no limit of the key's own…");
      results.c3 = await load(verifyRequest(a.origin, plainKey));
    }
    if (want("c4")) {
      console.log("c4: … the per-IP limiter off…");
      results.c4 = await load(verifyRequest(servers.noIpLimit.origin, limited.key));
    }
    if (want("j")) {
      const health = await (await fetch(`${servers.redis.origin}/api/health`)).json();
      if (health.checks?.rate_limits !== "redis") throw new Error(`the Redis instance reports ${JSON.stringify(health)}: is Redis running at ${REDIS_URL}?`);
      console.log("j: verify, everything on, limits in Redis…");
      results.j = await load(verifyRequest(servers.redis.origin, limited.key), { verify: true, pid: servers.redis.pid });
    }
    if (want("d")) {
      console.log("d: verify, cache disabled…");
      results.d = await load(verifyRequest(servers.uncached.origin, plainKey));
    }
    if (want("e")) {
      console.log("e: verify, 10% invalid keys…");
      // One request in ten carries a revoked key: looked up once, then refused from the cache.
      const revoked = await api(a.origin, session, "POST", `/api/v1/projects/${project.project_id}/keys`, { name: "revoked" });
      await api(a.origin, session, "DELETE", `/api/v1/projects/${project.project_id}/keys/${revoked.key_id}`);
      const valid = verifyRequest(a.origin, plainKey);
      const invalid = verifyRequest(a.origin, revoked.key);
      const requests = Array.from({ length: 10 }, (_, i) => {
        const { method, headers, body } = i === 9 ? invalid : valid;
        return { method, headers, body };
      });
      results.e = await load({ url: valid.url, requests, allowNon2xx: true });
    }

    if (want("r")) {
      // Revocation under load: instance 1 serves verifications at half its maximum (another
      // key's) while each key is revoked through it. Timed from the revoke call's return: how
      // long until instance 2 refuses the key, and whether instance 1 ever accepts it again.
      const rate = Math.max(1, Math.round(results.c.rps * PACED_SHARE));
      console.log(`r: ${LOADED_REVOCATIONS} revocations through instance 1 while it serves ${rate} req/s…`);
      const second = await startServer(env);
      const times = [];
      let acceptedByFirst = 0;
      let checksOfFirst = 0;
      const background = pacedLoad(verifyRequest(a.origin, limited.key), rate, 0);
      let sent = null;
      // How the cores were shared during the revocations: instance 1 split by thread.
      const parts = () => ({ verifyPid: a.pid, parts: { "second instance": second.pid, "load generator": background.pid, ...embeddedDatabasePart() } });
      let cpuBefore = null;
      let cpu = null;
      try {
        await sleep(WARMUP * 1000);
        cpuBefore = cpuSnapshot(parts());
        const status = (origin, key) =>
          fetch(`${origin}/api/v1/keys/verify`, { method: "POST", headers: { authorization: `Bearer ${key}` } }).then(async (r) => (await r.arrayBuffer(), r.status));
        for (let i = 0; i < LOADED_REVOCATIONS; i++) {
          const created = await api(a.origin, session, "POST", `/api/v1/projects/${project.project_id}/keys`, { name: `revoke under load ${i}` });
          // Cached on both instances before it is revoked.
          for (const origin of [a.origin, second.origin, a.origin, second.origin]) await status(origin, created.key);
          await api(a.origin, session, "DELETE", `/api/v1/projects/${project.project_id}/keys/${created.key_id}`);
          const start = performance.now();
          // Instance 1, right after the call returned and alongside the wait for instance 2.
          const first = (async () => {
            for (let j = 0; j < 3; j++) {
              checksOfFirst++;
              if ((await status(a.origin, created.key)) === 200) acceptedByFirst++;
            }
          })();
          while ((await status(second.origin, created.key)) === 200 && performance.now() - start < 5000);
          times.push(performance.now() - start);
          await first;
        }
        cpu = cpuShares(cpuBefore, cpuSnapshot(parts()));
      } finally {
        sent = await background.stop();
        await second.stop();
      }
      results.r = {
        rate,
        load: sent,
        p50: Math.round(percentile(times, 50) * 10) / 10,
        p99: Math.round(percentile(times, 99) * 10) / 10,
        max: Math.round(Math.max(...times) * 10) / 10,
        count: times.length,
        acceptedByRevokingInstance: acceptedByFirst,
        checksOfRevokingInstance: checksOfFirst,
        cpu,
      };
    }

    if (want("f")) {
      console.log(`f: revocation propagation, ${REVOCATIONS} revocations…`);
      const propagation = [];
      const cross = await startServer(env);
      try {
        for (let i = 0; i < REVOCATIONS; i++) {
          const created = await api(a.origin, session, "POST", `/api/v1/projects/${project.project_id}/keys`, { name: `revoke ${i}` });
          const check = () =>
            fetch(`${cross.origin}/api/v1/keys/verify`, { method: "POST", headers: { authorization: `Bearer ${created.key}` } }).then(async (r) => (await r.arrayBuffer(), r.status));
          await check();
          await check(); // cached on B now
          await api(a.origin, session, "DELETE", `/api/v1/projects/${project.project_id}/keys/${created.key_id}`);
          const start = performance.now();
          while ((await check()) === 200 && performance.now() - start < 5000);
          propagation.push(performance.now() - start);
        }
      } finally {
        await cross.stop();
      }
      results.f = {
        p50: Math.round(percentile(propagation, 50) * 10) / 10,
        p99: Math.round(percentile(propagation, 99) * 10) / 10,
        max: Math.round(Math.max(...propagation) * 10) / 10,
        count: propagation.length,
      };
    }

    /** A page as a signed-in person opens it, or the REST API as a script calls it. */
    const asPage = (route, cookie = session) => [route, { cookie: `__session=${cookie}` }];
    const asApi = (route) => [route, { authorization: `Bearer ${session}` }];
    /**
     * The median time to first byte of each of `requests`, and to its last byte, in ms: a page
     * streams, and what it streams after its first bytes (a table's sparklines, say) counts too.
     * One of each in turn, round after round, so that the small and the big one meet the same
     * server (warm or not); the first rounds warm up.
     */
    const ttfbs = async (...requests) => {
      const times = requests.map(() => ({ ttfb: [], whole: [] }));
      for (let round = 0; round < 35; round++) {
        for (const [i, [route, headers]] of requests.entries()) {
          const start = performance.now();
          const response = await fetch(`${a.origin}${route}`, { headers });
          const reader = response.body.getReader();
          let chunk = await reader.read();
          times[i].ttfb.push(performance.now() - start);
          while (!chunk.done) chunk = await reader.read();
          times[i].whole.push(performance.now() - start);
          if (response.status !== 200) throw new Error(`${route} answered ${response.status}`);
        }
      }
      const middle = (xs) => Math.round(median(xs.slice(10)) * 10) / 10;
      return times.map((t) => ({ ttfb: middle(t.ttfb), whole: middle(t.whole) }));
    };

    // The big project: BIG keys issued in bulk, shared by g (the pages at that volume) and h
    // (each verified once). Seeding times are reported with the results.
    const seeding = {};
    let bigProject = null;
    const big = async () => {
      if (bigProject) return bigProject;
      const created = await api(a.origin, session, "POST", "/api/v1/projects", { name: "A million keys" });
      const file = path.join(dataDir, "issued-keys.txt");
      seeding.keys = await fixtures(env, "issued-keys", project.default_key.tenant_id, created.project_id, String(BIG), file);
      console.log(`  ${BIG.toLocaleString("en")} keys issued in bulk in ${seeding.keys} s`);
      return (bigProject = { ...created, file });
    };

    if (want("g")) {
      console.log(`g: TTFB with 10 and ${BIG.toLocaleString("en")} keys, a key's page, the audit log…`);
      const small = await api(a.origin, session, "POST", "/api/v1/projects", { name: "Ten keys" });
      for (let i = 0; i < 9; i++) await api(a.origin, session, "POST", `/api/v1/projects/${small.project_id}/keys`, { name: `small ${i}` });
      // A project of one full page (50 keys): against it, the big project's page shows what data
      // volume costs, apart from rendering 50 rows instead of 10.
      const fullPage = await api(a.origin, session, "POST", "/api/v1/projects", { name: "Fifty keys" });
      for (let i = 1; i < 50; i++) await api(a.origin, session, "POST", `/api/v1/projects/${fullPage.project_id}/keys`, { name: `page ${i}` });
      const { project_id: bigId } = await big();
      const page = (id, query = "") => asPage(`/settings/api-keys?project=${id}${query}`);
      const [ten, fifty, bigPage] = await ttfbs(page(small.project_id), page(fullPage.project_id), page(bigId));
      // Sorted by name, and oldest first (the default order's other end).
      const [tenByName, bigByName, tenOldestFirst, bigOldestFirst] = await ttfbs(
        page(small.project_id, "&sort=name"),
        page(bigId, "&sort=name"),
        page(small.project_id, "&order=asc"),
        page(bigId, "&order=asc"),
      );
      const [apiTen, apiBig] = await ttfbs(asApi(`/api/v1/projects/${small.project_id}/keys`), asApi(`/api/v1/projects/${bigId}/keys`));
      results.g = { ten, fifty, big: bigPage, tenByName, bigByName, tenOldestFirst, bigOldestFirst, apiTen, apiBig };

      // A key with HISTORY_DAYS days of history (HISTORY_PER_DAY verifications a day) against a key with none.
      const busy = await api(a.origin, session, "POST", `/api/v1/projects/${small.project_id}/keys`, { name: "busy" });
      const quiet = await api(a.origin, session, "POST", `/api/v1/projects/${small.project_id}/keys`, { name: "quiet" });
      seeding.history = await fixtures(env, "verifications", busy.key_id, String(HISTORY_DAYS), String(HISTORY_PER_DAY));
      console.log(`  ${HISTORY_DAYS} days of ${HISTORY_PER_DAY.toLocaleString("en")} verifications a day in ${seeding.history} s`);
      const [none, history] = await ttfbs(asPage(`/settings/api-keys/${quiet.key_id}`), asPage(`/settings/api-keys/${busy.key_id}`));
      results.gKey = { none, history };

      // The audit log of a workspace with about 10 events (Globex's) against one with AUDIT_EVENTS
      // more than the keys above left (Acme's).
      const globexSession = await token(dataDir, "grace@globex.test");
      const globex = await api(a.origin, globexSession, "POST", "/api/v1/projects", { name: "Few events" });
      await fixtures(env, "audit", globex.default_key.tenant_id, "9");
      seeding.audit = await fixtures(env, "audit", project.default_key.tenant_id, String(AUDIT_EVENTS));
      console.log(`  ${AUDIT_EVENTS.toLocaleString("en")} audit events in ${seeding.audit} s`);
      const [auditTen, auditBig] = await ttfbs(asPage("/settings/audit-log", globexSession), asPage("/settings/audit-log"));
      results.gAudit = { ten: auditTen, big: auditBig };

      // l: request lookup among LOOKUP_RECORDS verifications in all (the busy key's history
      // included), spread over HISTORY_DAYS days (a partition a day): recorded ids and as many
      // never recorded, in random order, one at a time, through the REST API.
      const volume = Math.max(0, LOOKUP_RECORDS - HISTORY_DAYS * HISTORY_PER_DAY);
      const sampleFile = path.join(dataDir, "request-ids.txt");
      const smallKeys = (await api(a.origin, session, "GET", `/api/v1/projects/${small.project_id}/keys?limit=100`)).map((key) => key.key_id);
      seeding.lookup = await fixtures(env, "volume", smallKeys.join(","), String(volume), String(HISTORY_DAYS), String(LOOKUP_WARMUP + LOOKUPS), sampleFile);
      console.log(`  ${volume.toLocaleString("en")} more verification records in ${seeding.lookup} s`);
      const sampled = readFileSync(sampleFile, "utf8").split("\n").filter(Boolean);
      // Each recorded id, and the same id with its random part changed: never recorded.
      const shuffled = (ids) => [...ids.map((id) => [id, 200]), ...ids.map((id) => [id.slice(0, 11) + "x".repeat(17), 404])].sort(() => Math.random() - 0.5);
      const lookUp = async (lookups, origin = a.origin) => {
        const times = [];
        for (const [id, expected] of lookups) {
          const started = performance.now();
          const response = await fetch(`${origin}/api/v1/requests/${id}`, { headers: { authorization: `Bearer ${session}` } });
          await response.arrayBuffer();
          times.push(performance.now() - started);
          if (response.status !== expected) throw new Error(`lookup of ${id} answered ${response.status}, not ${expected}`);
        }
        return times;
      };
      // A small volume (BENCH_LOOKUP_RECORDS) may sample fewer ids: a third of them warm up then.
      const warmup = Math.min(LOOKUP_WARMUP, Math.floor(sampled.length / 3));
      const coldIds = shuffled(sampled.slice(0, warmup));
      const measuredIds = shuffled(sampled.slice(warmup));
      const cold = await lookUp(coldIds);
      const times = await lookUp(measuredIds);
      // The same lookups again through the data layer alone, in a process of its own (no HTTP,
      // no sign-in, no Next.js): what of a lookup's time is the query's. Its first lookups warm
      // up a new process, as the server's did.
      const idsFile = path.join(dataDir, "lookup-ids.txt");
      const dataTimesFile = path.join(dataDir, "lookup-times.txt");
      writeFileSync(idsFile, [...coldIds, ...measuredIds].map(([id]) => id).join("\n"));
      const recorded = [...coldIds, ...measuredIds].filter(([, expected]) => expected === 200).length;
      await fixtures(env, "lookups", project.default_key.tenant_id, idsFile, String(recorded), dataTimesFile);
      const dataTimes = readFileSync(dataTimesFile, "utf8").split("\n").filter(Boolean).map(Number).slice(coldIds.length);
      const ms = (x) => Math.round(x * 10) / 10;
      if (CPU_PROF) {
        // A server of its own, profiled, taking the same lookups: where the dashboard process
        // (which answers the REST API) spends a lookup's time.
        console.log("profile: the dashboard process under l's lookups, with --cpu-prof…");
        const { formatCpuSummary } = await import("./lib/cpu-profile.mjs");
        const profileDir = mkdtempSync(path.join(os.tmpdir(), "keyport-cpu-prof-"));
        const profiled = await startServer(env, ["--cpu-prof", `--cpu-prof-dir=${profileDir}`]);
        const [dashboardPid] = childrenOf(profiled.pid);
        let profiledTimes;
        try {
          await lookUp(coldIds, profiled.origin);
          profiledTimes = await lookUp(measuredIds, profiled.origin);
        } finally {
          await profiled.stop();
        }
        const profile = dashboardPid ? await cpuProfileOf(profileDir, dashboardPid) : null;
        if (profile) {
          console.log(`${formatCpuSummary(profile.summary)}\n(under --cpu-prof: p50 ${ms(percentile(profiledTimes, 50))} ms, p99 ${ms(percentile(profiledTimes, 99))} ms; the profile: ${profile.file})`);
          results.cpuProfile = { ...results.cpuProfile, l: { p50: ms(percentile(profiledTimes, 50)), p99: ms(percentile(profiledTimes, 99)), ...profile.summary } };
        }
      }
      results.l = {
        records: volume + HISTORY_DAYS * HISTORY_PER_DAY,
        lookups: times.length,
        p50: ms(percentile(times, 50)),
        p99: ms(percentile(times, 99)),
        max: ms(Math.max(...times)),
        dataLayer: { p50: ms(percentile(dataTimes, 50)), p99: ms(percentile(dataTimes, 99)), max: ms(Math.max(...dataTimes)) },
        // The warm-up's own figures: a server's first lookups after the load.
        warmup: cold.length === 0 ? { lookups: 0, p50: null, p99: null, max: null } : { lookups: cold.length, p50: ms(percentile(cold, 50)), p99: ms(percentile(cold, 99)), max: ms(Math.max(...cold)) },
      };
    }

    if (want("h")) {
      const { file } = await big();
      console.log(`h: memory after ${BIG.toLocaleString("en")} issued keys and ${NEVER_ISSUED.toLocaleString("en")} unknown ones, each verified once…`);
      // The big project's keys, far more than the key cache holds, so it is full; then
      // never-issued keys, far more than the unknown-key cache holds.
      const unknownFile = path.join(dataDir, "unknown-keys.txt");
      await fixtures(env, "keys", String(NEVER_ISSUED), unknownFile);
      const keys = [file, unknownFile].flatMap((name) => readFileSync(name, "utf8").split("\n").filter(Boolean));
      const started = performance.now();
      const statuses = await verifyEach(a.origin, keys);
      const stats = await a.stats();
      results.h = {
        rssMb: Math.round(a.rssMb()),
        appRssMb: Math.round(a.appRssMb()),
        heapUsedMb: stats?.heap_used_mb ?? null,
        heapTotalMb: stats?.heap_total_mb ?? null,
        caches: stats?.caches ?? null,
        issuedKeys: BIG,
        unknownKeys: NEVER_ISSUED,
        seconds: Math.round((performance.now() - started) / 1000),
        statuses,
      };
    }
    results.seeding = seeding;
  } finally {
    plain.stop();
    await a.stop();
    for (const server of Object.values(servers)) await server.stop();
  }
  return results;
}

const BIG_LABEL = () => BIG.toLocaleString("en");

function report(label, r) {
  const ratio = (x, y) => (x === undefined || y === undefined ? null : Math.round((x / y) * 100) / 100);
  const pageRatio = (big, small) => ({ ttfb: ratio(big.ttfb, small.ttfb), whole: ratio(big.whole, small.whole) });
  /** A g row: first byte and whole document, small / big, and their ratios (target <= 1.5 unless `note`). */
  const pageRow = (what, small, big, note) => {
    const { ttfb, whole } = pageRatio(big, small);
    return ["g", `${what}: first byte; whole document`, "", `${small.ttfb} / ${big.ttfb}; ${small.whole} / ${big.whole}`, "", `ratios ${ttfb}; ${whole} (${note ?? "<= 1.5"})`];
  };
  const load = (key, name, note) => (r[key] ? [key, name, `${r[key].rps}`, `${r[key].p50}`, `${r[key].p99}`, note()] : null);
  const rps = (key) => r[key]?.rps;
  const cost = (key) => `c/${key} ${ratio(rps("c"), rps(key))}`;
  const rows = [
    load("a", "Next route, constant JSON (through the front)", () => ""),
    load("b", "plain Node http, reading the same POST", () => ""),
    load("b2", "… answering verify's headers and body", () => `c/b2 ${ratio(rps("c"), rps("b2"))}; b2/b ${ratio(rps("b2"), rps("b"))}: the answer's size alone`),
    load("c", "verify, warm, everything on", () => `c/b ${ratio(rps("c"), rps("b"))} (>= 0.5); p99 ${r.c.p99} ms (<= 10)`),
    r.p
      ? [
          "p",
          `paced at ${r.p.rate} req/s (half of c): verify / plain server`,
          `${r.p.verify.rps} / ${r.p.plain.rps}`,
          `${r.p.verify.p50} / ${r.p.plain.p50}`,
          `${r.p.verify.p99} / ${r.p.plain.p99}`,
          `p99 ratio ${ratio(r.p.verify.p99, r.p.plain.p99)} (<= 2); max ${r.p.verify.max} / ${r.p.plain.max} ms`,
        ]
      : null,
    load("k", "… and credits: a large identity balance, a shared limit", () => `k/c ${ratio(rps("k"), rps("c"))} (>= 0.9); k/b ${ratio(rps("k"), rps("b"))}`),
    load("c1", "… request log off", () => cost("c1")),
    load("c2", "… verification log off", () => `${cost("c2")} (>= 0.9: the log costs at most 10%)`),
    load("c3", "… no limit of the key's own", () => cost("c3")),
    load("c4", "… per-IP limiter off", () => cost("c4")),
    load("j", "verify, everything on, limits in Redis", () => `j/b ${ratio(rps("j"), rps("b"))} (>= 0.35)`),
    load("d", "verify, cache disabled", () => `d/a ${ratio(rps("d"), rps("a"))} (>= 1)`),
    load("e", "verify, 10% invalid", () => `e/c3 ${ratio(rps("e"), rps("c3"))}`),
    r.s ? ["s", "a fresh instance: first verification / second", "", `${r.s.first} / ${r.s.second}`, "", ""] : null,
    r.f ? ["f", `revocation across instances (${r.f.count})`, "", `${r.f.p50}`, `${r.f.p99}`, `max ${r.f.max} ms; p99 <= 50 ms`] : null,
    r.r
      ? [
          "r",
          `revocation across instances under load (${r.r.count}, instance 1 at ${r.r.rate} req/s)`,
          `${r.r.load?.rps ?? "?"}`,
          `${r.r.p50}`,
          `${r.r.p99}`,
          `max ${r.r.max} ms; p99 <= 50 ms; instance 1 accepted the revoked key ${r.r.acceptedByRevokingInstance} times in ${r.r.checksOfRevokingInstance} (0)`,
        ]
      : null,
    ...(r.g
      ? [
          pageRow(`API Keys, 10 / ${BIG_LABEL(r)} keys`, r.g.ten, r.g.big),
          pageRow(`API Keys, 50 (a full page) / ${BIG_LABEL(r)} keys`, r.g.fifty, r.g.big, "data volume alone"),
          pageRow(`API Keys by name, 10 / ${BIG_LABEL(r)} keys`, r.g.tenByName, r.g.bigByName),
          pageRow(`API Keys oldest first, 10 / ${BIG_LABEL(r)} keys`, r.g.tenOldestFirst, r.g.bigOldestFirst),
          pageRow(`keys API, 10 / ${BIG_LABEL(r)} keys`, r.g.apiTen, r.g.apiBig),
        ]
      : []),
    r.gKey ? pageRow(`key page, no history / ${HISTORY_DAYS} days of ${HISTORY_PER_DAY.toLocaleString("en")} a day`, r.gKey.none, r.gKey.history) : null,
    r.gAudit ? pageRow(`audit log, 10 / ${AUDIT_EVENTS.toLocaleString("en")}+ events`, r.gAudit.ten, r.gAudit.big) : null,
    r.l ? ["l", `request lookup among ${r.l.records.toLocaleString("en")} records (${r.l.lookups}, half never recorded)`, "", `${r.l.p50}`, `${r.l.p99}`, `max ${r.l.max} ms; p99 <= 20 ms;${r.l.dataLayer ? ` the data layer alone: p50 ${r.l.dataLayer.p50}, p99 ${r.l.dataLayer.p99}, max ${r.l.dataLayer.max} ms;` : ""} (after ${r.l.warmup.lookups} other lookups: p50 ${r.l.warmup.p50}, p99 ${r.l.warmup.p99}, max ${r.l.warmup.max} ms)`] : null,
    r.seeding ? ["", "seeding (s)", "", "", "", Object.entries(r.seeding).map(([what, seconds]) => `${what} ${seconds}`).join(", ")] : null,
    r.h
      ? [
          "h",
          `memory after ${r.h.issuedKeys.toLocaleString("en")} issued and ${r.h.unknownKeys.toLocaleString("en")} unknown keys, each verified once (${r.h.seconds} s)`,
          "",
          "",
          "",
          `verify process ${r.h.rssMb} MB RSS (<= 400), heap ${r.h.heapUsedMb} MB; caches ${JSON.stringify(r.h.caches)}; dashboard process ${r.h.appRssMb} MB`,
        ]
      : null,
  ].filter(Boolean);
  const errors = ["a", "b", "b2", "c", "k", "c1", "c2", "c3", "c4", "d", "j"].filter((k) => r[k]?.errors > 0).map((k) => `${k}: ${r[k].errors} errors`);
  if (r.p) for (const [name, m] of Object.entries({ "p (verify)": r.p.verify, "p (plain)": r.p.plain })) if (m.errors > 0) errors.push(`${name}: ${m.errors} errors`);
  if (r.r?.load?.errors > 0) errors.push(`r (load): ${r.r.load.errors} errors`);
  console.log(`\n### ${label}\n`);
  console.log("|   | measurement | req/s | p50 ms | p99 ms | ratio / target |");
  console.log("|---|---|---:|---:|---:|---|");
  for (const row of rows) console.log(`| ${row.join(" | ")} |`);
  if (errors.length) console.log(`\nnon-2xx or errors: ${errors.join(", ")}`);
  // How the cores were shared while each row measured (scripts/lib/cpu-usage.mjs), in % of one core.
  const shared = [
    ["b", r.b?.cpu],
    ["c", r.c?.cpu],
    ["k", r.k?.cpu],
    ["j", r.j?.cpu],
    ["p (verify)", r.p?.verify.cpu],
    ["p (plain)", r.p?.plain.cpu],
    ["r", r.r?.cpu],
  ].filter(([, cpu]) => cpu);
  if (shared.length) {
    console.log(`\nHow the ${os.cpus().length} cores were shared (% of one core):\n`);
    for (const [row, cpu] of shared) console.log(`- ${row}: ${Object.entries(cpu).map(([part, pct]) => `${part} ${pct}`).join(", ")}`);
  }
  return {
    ...r,
    ratios: {
      c_over_b: ratio(rps("c"), rps("b")),
      c_over_b2: ratio(rps("c"), rps("b2")),
      b2_over_b: ratio(rps("b2"), rps("b")),
      c_over_a: ratio(rps("c"), rps("a")),
      paced_p99_verify_over_plain: r.p ? ratio(r.p.verify.p99, r.p.plain.p99) : null,
      credits_on_over_off: ratio(rps("k"), rps("c")),
      cost_request_log: ratio(rps("c"), rps("c1")),
      cost_verification_log: ratio(rps("c"), rps("c2")),
      cost_key_limit: ratio(rps("c"), rps("c3")),
      cost_ip_limit: ratio(rps("c"), rps("c4")),
      j_over_b: ratio(rps("j"), rps("b")),
      d_over_a: ratio(rps("d"), rps("a")),
      // Each { ttfb, whole }: time to first byte and to the last, big over small.
      api_keys_page_big_over_small: r.g ? pageRatio(r.g.big, r.g.ten) : null,
      api_keys_page_big_over_full_page: r.g ? pageRatio(r.g.big, r.g.fifty) : null,
      api_keys_page_by_name_big_over_small: r.g ? pageRatio(r.g.bigByName, r.g.tenByName) : null,
      api_keys_page_oldest_first_big_over_small: r.g ? pageRatio(r.g.bigOldestFirst, r.g.tenOldestFirst) : null,
      keys_api_big_over_small: r.g ? pageRatio(r.g.apiBig, r.g.apiTen) : null,
      key_page_history_over_none: r.gKey ? pageRatio(r.gKey.history, r.gKey.none) : null,
      audit_page_big_over_small: r.gAudit ? pageRatio(r.gAudit.big, r.gAudit.ten) : null,
    },
  };
}

/**
 * The fuzz and the memory spec at their full size on one database (`databaseUrl`, or the
 * embedded one when null): the sizes are the specs' own defaults, so the variables that shrink
 * them are dropped. Playwright starts the suite's server as npm test does.
 */
async function fullSizeReliability(name, databaseUrl) {
  console.log(`\n## Reliability at full size: fuzz and memory (${name})`);
  const report = path.join(root, "e2e", ".artifacts", `bench-reliability-${name}.json`);
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    KEYPORT_E2E_REPORT: report,
    KEYPORT_E2E_OUTPUT_DIR: path.join(root, "e2e", ".artifacts", `bench-results-${name}`),
  };
  delete env.KEYPORT_FUZZ_RUNS;
  delete env.KEYPORT_MEMORY_KEYS;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  const started = Date.now();
  const specs = ["e2e/reliability/fuzz.spec.ts", "e2e/reliability/memory.spec.ts"];
  const code = await new Promise((resolve) => {
    const child = spawn(path.join(root, "node_modules", ".bin", "playwright"), ["test", ...specs, "--project=reliability", "--no-deps"], { cwd: root, env, stdio: "inherit" });
    child.once("exit", (exitCode) => resolve(exitCode ?? 1));
  });
  const stats = existsSync(report) ? JSON.parse(readFileSync(report, "utf8")).stats : {};
  const failed = (stats.unexpected ?? 0) + (stats.skipped ?? 0) + (stats.flaky ?? 0);
  return { specs, passed: stats.expected ?? 0, failed, ok: code === 0 && failed === 0 && (stats.expected ?? 0) > 0, seconds: Math.round((Date.now() - started) / 1000) };
}

if (!process.argv.includes("--no-build")) {
  console.log("Building…");
  await run("npm", ["run", "build"], { cwd: root, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" }, maxBuffer: 1 << 26 });
}
const output = { measuredAt: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version }, settings: { only: ONLY ? [...ONLY] : "all", connections: CONNECTIONS, seconds: DURATION, pacedShare: PACED_SHARE, revocations: REVOCATIONS, loadedRevocations: LOADED_REVOCATIONS, bigProject: BIG, auditEvents: AUDIT_EVENTS, historyDays: HISTORY_DAYS, historyPerDay: HISTORY_PER_DAY, lookupRecords: LOOKUP_RECORDS, unknownKeys: NEVER_ISSUED }, databases: {} };
// The embedded database in its own process, as `npm start` runs it, so that it does not
// share an event loop with autocannon.
const only = (process.env.BENCH_DATABASES ?? "embedded,postgresql").split(",");
const embeddedDb = !only.includes("embedded") ? null : await new Promise((resolve, reject) => {
  const child = spawn(
    process.execPath,
    ["--input-type=module", "-e", `import { startEmbeddedPostgres } from ${JSON.stringify(path.join(root, "scripts", "lib", "embedded-postgres.mjs"))}; const db = await startEmbeddedPostgres({ dataDir: null }); console.log(db.url);`],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  child.stdout.once("data", (data) => resolve({ url: String(data).trim(), pid: child.pid, stop: async () => child.kill() }));
  child.once("exit", (code) => reject(new Error(`embedded database exited with ${code}`)));
});
if (embeddedDb) {
  try {
    embeddedDatabasePid = embeddedDb.pid;
    output.databases.embedded = report("Embedded PostgreSQL (PGlite)", await benchDatabase("Embedded PostgreSQL (PGlite)", embeddedDb.url, true));
  } finally {
    embeddedDatabasePid = null;
    await embeddedDb.stop();
  }
}
if (process.env.DATABASE_URL && only.includes("postgresql")) {
  output.databases.postgresql = report("PostgreSQL (DATABASE_URL)", await benchDatabase("PostgreSQL (DATABASE_URL)", process.env.DATABASE_URL, false));
} else {
  console.log("\nDATABASE_URL is not set: the PostgreSQL half of the bench was not run.");
}
// After every measurement, so that they measure a machine with nothing else of the bench on it.
output.reliability = {};
if (want("reliability") && only.includes("embedded")) output.reliability.embedded = await fullSizeReliability("embedded", null);
if (want("reliability") && process.env.DATABASE_URL && only.includes("postgresql")) output.reliability.postgresql = await fullSizeReliability("postgresql", process.env.DATABASE_URL);
console.log("\n### Reliability at full size\n");
for (const [name, r] of Object.entries(output.reliability)) console.log(`${name}: ${r.passed} passed, ${r.failed} failed in ${r.seconds} s`);
mkdirSync(path.join(root, "bench"), { recursive: true });
writeFileSync(path.join(root, "bench", "results.json"), `${JSON.stringify(output, null, 2)}\n`);
console.log("\nWrote bench/results.json");
process.exit(Object.values(output.reliability).every((r) => r.ok) ? 0 : 1);

