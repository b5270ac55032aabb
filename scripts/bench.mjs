// npm run bench - the verify route against this machine's limits, in one run, as ratios
// against baselines measured in the same run (absolute numbers on shared machines are noise).
//
// For each database (the embedded default, then DATABASE_URL when it is set) it builds once,
// starts the production server, and measures with autocannon (50 connections, 10 s after a
// 3 s warm-up):
//   a  a constant-JSON Next route (/api/health)          framework baseline
//   b  a plain Node http server answering constant JSON  this machine's limit
//   c  verify, warm cache
//   d  verify, cache disabled (a second instance)
//   e  verify with 10% invalid keys
//   f  revocation propagation across two instances (>= 200 revocations)
//   g  time to first byte of Settings -> API Keys with 10 and with 10,000 keys
//   h  server RSS after the run
//   i  verify, warm, a key with its own rate limit (in-memory limiter)
//   j  verify, warm, limits in Redis (the per-IP failed-verification check)
//   k  verify, warm, a key with its own rate limit, in Redis
//   l  verify, warm, with the verification log off (c/l is the log's cost; target >= 0.9)
// Every verify measurement runs with the per-IP failed-verification limiter on (in memory
// unless stated); its quota and the management write quota are raised so that one client
// creating 10,000 keys and sending 10% invalid keys measures the work, not the 429s.
// It prints a table and writes bench/results.json. It never fails on a missed target.
import autocannon from "autocannon";
import { execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { root } from "./lib/paths.mjs";

const run = promisify(execFile);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = 3;
const CONNECTIONS = 50;
const REVOCATIONS = Number(process.env.BENCH_REVOCATIONS ?? 200);
const BIG = Number(process.env.BENCH_BIG_PROJECT ?? 10_000);
const quiet = {
  KEYPORT_LOG_REQUESTS: "0",
  NEXT_TELEMETRY_DISABLED: "1",
  KEYPORT_FAILED_VERIFY_LIMIT: "1000000000",
  KEYPORT_WRITE_LIMIT: "1000000000",
};
const REDIS_URL = process.env.KEYPORT_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

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

async function startServer(env) {
  const port = await freePort();
  // As `npm start` runs it (scripts/run.mjs).
  const child = spawn(process.execPath, [`--max-old-space-size=${process.env.KEYPORT_MAX_HEAP_MB ?? 256}`, path.join(root, ".next", "keyport-server.mjs")], {
    cwd: root,
    env: { ...process.env, ...quiet, PORT: String(port), HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "ignore", "inherit"],
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
    rssMb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))[1]) / 1024,
    stop: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", resolve), child.kill("SIGTERM")))),
  };
}

/** The plain Node baseline (b), in its own process so it gets its own event loop. */
async function startPlainServer() {
  const port = await freePort();
  const source = `require("http").createServer((q, s) => { const b = '{"status":"ok"}'; s.writeHead(200, { "content-type": "application/json", "content-length": b.length }); s.end(b); }).listen(${port}, "127.0.0.1", () => console.log("up"));`;
  const child = spawn(process.execPath, ["-e", source], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise((resolve) => child.stdout.once("data", resolve));
  return { origin: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

async function load(options) {
  await autocannon({ ...options, connections: CONNECTIONS, duration: WARMUP });
  const result = await autocannon({ ...options, connections: CONNECTIONS, duration: DURATION });
  const errors = result.errors + result.timeouts + (result.non2xx && !options.allowNon2xx ? result.non2xx : 0);
  return { rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, errors };
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

async function token(dataDir) {
  const { stdout } = await run(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "--conditions=react-server", "scripts/token.ts", "ada@acme.test"], {
    cwd: root,
    env: { ...process.env, KEYPORT_DATA_DIR: dataDir, DATABASE_URL: "" },
  });
  return stdout.trim();
}

async function benchDatabase(label, databaseUrl, embedded) {
  console.log(`\n## ${label}`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "keyport-bench-"));
  const env = { DATABASE_URL: databaseUrl, KEYPORT_DATA_DIR: dataDir, ...(embedded ? { KEYPORT_EMBEDDED: "1" } : {}) };
  await run(process.execPath, ["--experimental-wasm-modules", "--disable-warning=ExperimentalWarning", "scripts/db-migrate.mjs"], { cwd: root, env: { ...process.env, ...env } });
  const session = await token(dataDir);
  const a = await startServer(env);
  const b = await startServer({ ...env, KEYPORT_VERIFY_CACHE: "off" });
  const shared = await startServer({ ...env, KEYPORT_REDIS_URL: REDIS_URL, KEYPORT_REDIS_PREFIX: `keyport-bench-${Date.now()}` });
  const unrecorded = await startServer({ ...env, KEYPORT_RECORD_VERIFICATIONS: "0" });
  const plain = await startPlainServer();
  const results = {};
  try {
    const project = await api(a.origin, session, "POST", "/api/v1/projects", { name: "Bench" });
    const key = project.default_key.key;
    const verifyRequest = (origin, bearer) => ({
      url: `${origin}/api/v1/keys/verify`,
      method: "POST",
      headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
      body: JSON.stringify({ app_id: project.project_id }),
    });

    console.log("a: constant-JSON Next route…");
    results.a = await load({ url: `${a.origin}/api/health` });
    console.log("b: plain Node http…");
    results.b = await load({ url: plain.origin });
    console.log("c: verify, warm cache…");
    results.c = await load(verifyRequest(a.origin, key));
    console.log("d: verify, cache disabled…");
    results.d = await load(verifyRequest(b.origin, key));
    console.log("e: verify, 10% invalid keys…");
    // One request in ten carries a revoked key: looked up once, then refused from the cache.
    const revoked = await api(a.origin, session, "POST", `/api/v1/projects/${project.project_id}/keys`, { name: "revoked" });
    await api(a.origin, session, "DELETE", `/api/v1/projects/${project.project_id}/keys/${revoked.key_id}`);
    const valid = verifyRequest(a.origin, key);
    const invalid = verifyRequest(a.origin, revoked.key);
    const requests = Array.from({ length: 10 }, (_, i) => {
      const { method, headers, body } = i === 9 ? invalid : valid;
      return { method, headers, body };
    });
    results.e = await load({ url: valid.url, requests, allowNon2xx: true });

    const limited = await api(a.origin, session, "POST", `/api/v1/projects/${project.project_id}/keys`, {
      name: "own limit",
      rate_limit: { limit: 1_000_000_000, window_s: 60 },
    });
    console.log("i: verify, a key with its own limit, in memory…");
    results.i = await load(verifyRequest(a.origin, limited.key));
    const health = await (await fetch(`${shared.origin}/api/health`)).json();
    if (health.checks?.rate_limits !== "redis") throw new Error(`the Redis instance reports ${JSON.stringify(health)}: is Redis running at ${REDIS_URL}?`);
    console.log("j: verify, limits in Redis…");
    results.j = await load(verifyRequest(shared.origin, key));
    console.log("k: verify, a key with its own limit, in Redis…");
    results.k = await load(verifyRequest(shared.origin, limited.key));
    console.log("l: verify, the verification log off…");
    results.l = await load(verifyRequest(unrecorded.origin, key));

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

    console.log(`g: TTFB with 10 and ${BIG.toLocaleString("en")} keys…`);
    const small = await api(a.origin, session, "POST", "/api/v1/projects", { name: "Ten keys" });
    for (let i = 0; i < 9; i++) await api(a.origin, session, "POST", `/api/v1/projects/${small.project_id}/keys`, { name: `small ${i}` });
    const big = await api(a.origin, session, "POST", "/api/v1/projects", { name: "Ten thousand keys" });
    for (let i = 1; i < BIG; i += 25) {
      await Promise.all(
        Array.from({ length: Math.min(25, BIG - i) }, (_, j) =>
          api(a.origin, session, "POST", `/api/v1/projects/${big.project_id}/keys`, { name: `big ${i + j}`, environment: (i + j) % 2 ? "live" : "test" }),
        ),
      );
    }
    const ttfb = async (projectId) => {
      const times = [];
      for (let i = 0; i < 25; i++) {
        const start = performance.now();
        const response = await fetch(`${a.origin}/settings/api-keys?project=${projectId}`, { headers: { cookie: `__session=${session}` } });
        const reader = response.body.getReader();
        await reader.read();
        times.push(performance.now() - start);
        await reader.cancel();
        if (response.status !== 200) throw new Error(`page answered ${response.status}`);
      }
      return Math.round(median(times.slice(5)) * 10) / 10; // the first five warm up
    };
    results.g = { ten: await ttfb(small.project_id), tenThousand: await ttfb(big.project_id) };
    results.h = { rssMb: Math.round(a.rssMb()) };
  } finally {
    plain.stop();
    await a.stop();
    await b.stop();
    await shared.stop();
    await unrecorded.stop();
  }
  return results;
}

function report(label, r) {
  const ratio = (x, y) => Math.round((x / y) * 100) / 100;
  const rows = [
    ["a", "Next route, constant JSON", `${r.a.rps}`, `${r.a.p50}`, `${r.a.p99}`, ""],
    ["b", "plain Node http", `${r.b.rps}`, `${r.b.p50}`, `${r.b.p99}`, ""],
    ["c", "verify, warm cache", `${r.c.rps}`, `${r.c.p50}`, `${r.c.p99}`, `c/b ${ratio(r.c.rps, r.b.rps)} (>= 0.5), c/a ${ratio(r.c.rps, r.a.rps)} (>= 5)`],
    ["d", "verify, cache disabled", `${r.d.rps}`, `${r.d.p50}`, `${r.d.p99}`, `d/a ${ratio(r.d.rps, r.a.rps)} (>= 1)`],
    ["e", "verify, 10% invalid", `${r.e.rps}`, `${r.e.p50}`, `${r.e.p99}`, `e/c ${ratio(r.e.rps, r.c.rps)}`],
    ["f", `revocation across instances (${r.f.count})`, "", `${r.f.p50}`, `${r.f.p99}`, `max ${r.f.max} ms; p99 <= 50 ms`],
    ["g", "TTFB API Keys page, 10 / 10,000 keys", "", `${r.g.ten} / ${r.g.tenThousand}`, "", `ratio ${ratio(r.g.tenThousand, r.g.ten)} (<= 1.5)`],
    ["h", "server RSS after the run", "", "", "", `${r.h.rssMb} MB (<= 300)`],
    ["i", "verify, key's own limit, memory", `${r.i.rps}`, `${r.i.p50}`, `${r.i.p99}`, `i/b ${ratio(r.i.rps, r.b.rps)}, i/c ${ratio(r.i.rps, r.c.rps)}`],
    ["j", "verify, limits in Redis", `${r.j.rps}`, `${r.j.p50}`, `${r.j.p99}`, `j/b ${ratio(r.j.rps, r.b.rps)} (>= 0.35), j/c ${ratio(r.j.rps, r.c.rps)}`],
    ["k", "verify, key's own limit, Redis", `${r.k.rps}`, `${r.k.p50}`, `${r.k.p99}`, `k/b ${ratio(r.k.rps, r.b.rps)}, k/c ${ratio(r.k.rps, r.c.rps)}`],
    ["l", "verify, verification log off", `${r.l.rps}`, `${r.l.p50}`, `${r.l.p99}`, `c/l ${ratio(r.c.rps, r.l.rps)} (>= 0.9: the log costs at most 10%)`],
  ];
  const errors = ["a", "b", "c", "d", "i", "j", "k", "l"].filter((k) => r[k].errors > 0).map((k) => `${k}: ${r[k].errors} errors`);
  console.log(`\n### ${label}\n`);
  console.log("|   | measurement | req/s | p50 ms | p99 ms | ratio / target |");
  console.log("|---|---|---:|---:|---:|---|");
  for (const row of rows) console.log(`| ${row.join(" | ")} |`);
  if (errors.length) console.log(`\nnon-2xx or errors: ${errors.join(", ")}`);
  return {
    ...r,
    ratios: {
      c_over_b: ratio(r.c.rps, r.b.rps),
      c_over_a: ratio(r.c.rps, r.a.rps),
      d_over_a: ratio(r.d.rps, r.a.rps),
      g_big_over_small: ratio(r.g.tenThousand, r.g.ten),
      i_over_b: ratio(r.i.rps, r.b.rps),
      j_over_b: ratio(r.j.rps, r.b.rps),
      k_over_b: ratio(r.k.rps, r.b.rps),
      c_over_l: ratio(r.c.rps, r.l.rps),
    },
  };
}

if (!process.argv.includes("--no-build")) {
  console.log("Building…");
  await run("npm", ["run", "build"], { cwd: root, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" }, maxBuffer: 1 << 26 });
}
const output = { measuredAt: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version }, settings: { connections: CONNECTIONS, seconds: DURATION, revocations: REVOCATIONS, bigProject: BIG }, databases: {} };
// The embedded database in its own process, as `npm start` runs it, so that it does not
// share an event loop with autocannon.
const only = (process.env.BENCH_DATABASES ?? "embedded,postgresql").split(",");
const embeddedDb = !only.includes("embedded") ? null : await new Promise((resolve, reject) => {
  const child = spawn(
    process.execPath,
    ["--input-type=module", "-e", `import { startEmbeddedPostgres } from ${JSON.stringify(path.join(root, "scripts", "lib", "embedded-postgres.mjs"))}; const db = await startEmbeddedPostgres({ dataDir: null }); console.log(db.url);`],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  child.stdout.once("data", (data) => resolve({ url: String(data).trim(), stop: async () => child.kill() }));
  child.once("exit", (code) => reject(new Error(`embedded database exited with ${code}`)));
});
if (embeddedDb) {
  try {
    output.databases.embedded = report("Embedded PostgreSQL (PGlite)", await benchDatabase("Embedded PostgreSQL (PGlite)", embeddedDb.url, true));
  } finally {
    await embeddedDb.stop();
  }
}
if (process.env.DATABASE_URL && only.includes("postgresql")) {
  output.databases.postgresql = report("PostgreSQL (DATABASE_URL)", await benchDatabase("PostgreSQL (DATABASE_URL)", process.env.DATABASE_URL, false));
} else {
  console.log("\nDATABASE_URL is not set: the PostgreSQL half of the bench was not run.");
}
mkdirSync(path.join(root, "bench"), { recursive: true });
writeFileSync(path.join(root, "bench", "results.json"), `${JSON.stringify(output, null, 2)}\n`);
console.log("\nWrote bench/results.json");
process.exit(0);
