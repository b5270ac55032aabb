// The embedded PostgreSQL: PGlite, served over the PostgreSQL wire protocol by its socket
// server, so that the app reaches it through the same driver adapter (@prisma/adapter-pg) as
// a real server. One process owns a data directory; a lock file with its pid keeps a second
// instance out before it can open (and corrupt) the same files.
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";

export class DataDirLockedError extends Error {
  constructor(dataDir, pid) {
    super(
      `Another Keyport process (pid ${pid}) is using the embedded database in ${dataDir}. ` +
        "Stop it first, or set DATABASE_URL to use a PostgreSQL server.",
    );
    this.name = "DataDirLockedError";
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/** Takes the lock on `dataDir`, or throws DataDirLockedError. Returns the release function. */
export function lockDataDir(dataDir) {
  const lockPath = `${dataDir}.lock`;
  mkdirSync(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      const pid = Number.parseInt(readFileSync(lockPath, "utf8"), 10);
      if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) {
        throw new DataDirLockedError(dataDir, pid);
      }
      // A stale lock from a process that died: take it over.
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

/**
 * Starts PGlite on `dataDir` (or in memory when it is null) and serves it on 127.0.0.1.
 * Resolves to `{ url, stop }`; `port: 0` picks a free port.
 */
export async function startEmbeddedPostgres({ dataDir, port = 0, maxConnections = 32 }) {
  const release = dataDir ? lockDataDir(dataDir) : () => {};
  let db;
  let server;
  try {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    db = await PGlite.create(dataDir ?? "memory://");
    server = new PGLiteSocketServer({ db, port, host: "127.0.0.1", maxConnections });
    await server.start();
  } catch (error) {
    await db?.close().catch(() => {});
    release();
    throw error;
  }
  const address = server.getServerConn();
  const url = `postgresql://postgres:postgres@${address}/postgres?sslmode=disable`;
  let stopped = false;
  return {
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
      release();
    },
  };
}
