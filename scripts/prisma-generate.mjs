// postinstall: generate the Prisma client offline.
//
// The Prisma CLI fetches its native schema engine before running any command, even
// `generate`, which does not use it. When that engine is not installed, we point
// PRISMA_SCHEMA_ENGINE_BINARY (Prisma's documented override) at a stand-in that explains
// where migrations live instead (scripts/db-migrate.mjs drives the WebAssembly engine).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const enginesDir = path.join(root, "node_modules", "@prisma", "engines");
const hasNativeEngine =
  existsSync(enginesDir) && readdirSync(enginesDir).some((f) => f.startsWith("schema-engine-"));

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY && !hasNativeEngine) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = path.join(root, "scripts", "schema-engine-offline.sh");
}

const result = spawnSync(
  process.execPath,
  [path.join(root, "node_modules", "prisma", "build", "index.js"), "generate"],
  { cwd: root, env, stdio: "inherit" },
);
process.exit(result.status ?? 1);
