// npm run dev / npm start - bring Keyport up on one command.
//
//   1. DATABASE_URL unset: start the embedded PostgreSQL (PGlite) persisted in .data/,
//      holding a lock so that a second instance on the same directory is refused.
//   2. Apply migrations (npm run db:migrate), then seed the demo data when embedded.
//   3. Start Next: `next dev`, or the production server (server.ts, built by npm run build).
//
// Local mode (no Clerk keys) listens on 127.0.0.1 only unless KEYPORT_ALLOW_REMOTE=1.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { DataDirLockedError } from "./lib/embedded-postgres.mjs";
import { dataDir, resolveDatabase } from "./lib/database-url.mjs";
import { root } from "./lib/paths.mjs";
import { SERVER_NODE_ARGS } from "./lib/server-node-args.mjs";

const mode = process.argv[2] === "start" ? "start" : "dev";
const clerkMode = Boolean(process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY && process.env.CLERK_SECRET_KEY);
const port = process.env.PORT ?? "3000";
const loopback = new Set(["127.0.0.1", "localhost", "::1"]);
let host = process.env.HOST ?? (clerkMode ? "0.0.0.0" : "127.0.0.1");

function fail(message) {
  console.error(`\n  ${message}\n`);
  process.exit(1);
}

if (!clerkMode && !loopback.has(host) && process.env.KEYPORT_ALLOW_REMOTE !== "1") {
  fail(
    `Local mode signs anyone in with one click, so it listens on 127.0.0.1 only. Refusing HOST=${host}.\n` +
      "  Configure Clerk for a shared deployment, or set KEYPORT_ALLOW_REMOTE=1 if you really mean it.",
  );
}
if (mode === "start" && !existsSync(path.join(root, ".next", "keyport-server.mjs"))) {
  fail("No production build found. Run `npm run build` first.");
}

function run(command, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: "inherit" });
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(args[0] ?? command)} exited with ${code ?? signal}`)),
    );
  });
}

let database;
try {
  database = await resolveDatabase();
} catch (error) {
  if (error instanceof DataDirLockedError) fail(error.message);
  throw error;
}
const env = {
  NEXT_TELEMETRY_DISABLED: "1",
  ...process.env,
  DATABASE_URL: database.url,
  KEYPORT_DATA_DIR: dataDir(),
  ...(database.embedded ? { KEYPORT_EMBEDDED: "1" } : {}),
  PORT: port,
  HOST: host,
};
if (database.embedded) console.log(`Embedded PostgreSQL (PGlite) in ${path.relative(root, dataDir()) || "."}/pglite`);

let child = null;
let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  if (child && child.exitCode === null) {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }
  await database.stop();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

try {
  await run(process.execPath, ["--experimental-wasm-modules", "--disable-warning=ExperimentalWarning", "scripts/db-migrate.mjs"], env);
  if (database.embedded || process.env.KEYPORT_SEED === "1") {
    await run(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "--conditions=react-server", "prisma/seed.ts"], env);
  }
} catch (error) {
  console.error(error.message);
  await shutdown(1);
}

const args =
  mode === "dev"
    ? [path.join(root, "node_modules", "next", "dist", "bin", "next"), "dev", "--hostname", host, "--port", port]
    : [...SERVER_NODE_ARGS, path.join(root, ".next", "keyport-server.mjs")];
// glibc gives each thread that allocates its own malloc arena; the production server's threads
// (the verification log's writer, libuv's pool, V8's helpers) would each keep one. Two hold
// the same work in about 20 MB less memory (an operator's own setting wins).
const serverEnv = mode === "start" ? { MALLOC_ARENA_MAX: "2", ...env } : env;
child = spawn(process.execPath, args, { cwd: root, env: serverEnv, stdio: "inherit" });
console.log(`Keyport (${clerkMode ? "Clerk" : "local"} mode) on http://${host === "0.0.0.0" ? "localhost" : host}:${port}`);
child.on("exit", (code) => void shutdown(code ?? 0));
