// Integration tests run against DATABASE_URL when it is set, otherwise against an in-memory
// embedded PostgreSQL (PGlite) started here. Either way the database is migrated first.
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../scripts/lib/embedded-postgres.mjs";
import { execFile } from "node:child_process";
import { promisify } from "node:util";

export default async function setup(project: TestProject) {
  let stop = async () => {};
  if (!process.env.DATABASE_URL) {
    const embedded = await startEmbeddedPostgres({ dataDir: null });
    process.env.DATABASE_URL = embedded.url;
    // One connection per process: see lib/db.ts.
    process.env.KEYPORT_EMBEDDED = "1";
    stop = embedded.stop;
  }
  // Asynchronously: the embedded database is served from this process's event loop.
  await promisify(execFile)(
    process.execPath,
    ["--experimental-wasm-modules", "--disable-warning=ExperimentalWarning", "scripts/db-migrate.mjs"],
    { env: process.env },
  );
  project.provide("databaseUrl", process.env.DATABASE_URL!);
  return stop;
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
