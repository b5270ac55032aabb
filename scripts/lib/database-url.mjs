// Which database a script talks to: DATABASE_URL when it is set, otherwise the embedded
// PostgreSQL persisted in KEYPORT_DATA_DIR (default .data/), started for the script's lifetime.
import path from "node:path";
import { startEmbeddedPostgres } from "./embedded-postgres.mjs";
import { root } from "./paths.mjs";

export function dataDir() {
  return path.resolve(root, process.env.KEYPORT_DATA_DIR ?? ".data");
}

export async function resolveDatabase() {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: path.join(dataDir(), "pglite"),
    port: Number(process.env.KEYPORT_EMBEDDED_PORT ?? 0),
  });
  return { ...embedded, embedded: true };
}
