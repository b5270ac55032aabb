// The embedded PostgreSQL: PGlite, served over the PostgreSQL wire protocol by its socket
// server, so that the app reaches it through the same driver adapter (@prisma/adapter-pg) as
// a real server. One process owns a data directory; a lock file with its pid keeps a second
// instance out before it can open (and corrupt) the same files. PGlite has no autovacuum, so
// the owner does its work (see startMaintenance).
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import pg from "pg";

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

const NOTIFICATION = 0x41; // 'A': NotificationResponse
const SYNC = 0x53; // 'S': ends an extended-protocol cycle
const QUERY = 0x51; // 'Q': a simple query is a cycle of its own
const TERMINATE = 0x58; // 'X'

/**
 * PGlite runs every socket connection in one session, and its socket server (0.2.17, pinned)
 * queues protocol messages one by one: two connections could interleave Parse/Bind/Execute
 * and bind each other's unnamed statements. This keeps a connection's cycle (up to its Sync)
 * together, as the server already keeps a transaction together. And since the one session
 * emits a NOTIFY into the notifying connection's output, notifications are routed to the
 * connections that LISTENed, so LISTEN/NOTIFY works across connections as on PostgreSQL.
 * It replaces the queue's processing loop and otherwise leaves the server as it is.
 */
function serializeProtocolCycles(server) {
  const queue = server.queryQueue;
  let cycleOwner = null;
  /** handler id -> channels it LISTENs on. PGlite has one session, so we keep track. */
  const listeners = new Map();

  function trackListen(handlerId, message) {
    if (message[0] !== QUERY) return;
    const sql = Buffer.from(message.subarray(5)).toString("utf8").replace(/\0+$/, "").trim();
    const match = /^(UN)?LISTEN\s+"?([A-Za-z0-9_]+|\*)"?\s*;?$/i.exec(sql);
    if (!match) return;
    const channels = listeners.get(handlerId) ?? new Set();
    if (!match[1]) channels.add(match[2]);
    else if (match[2] === "*") channels.clear();
    else channels.delete(match[2]);
    listeners.set(handlerId, channels);
  }

  /** Delivers a NotificationResponse to every connection listening on its channel. */
  function deliver(message, fromHandlerId, onData) {
    const channelStart = 9; // type (1) + length (4) + pid (4)
    const channelEnd = message.indexOf(0, channelStart);
    const channel = Buffer.from(message.subarray(channelStart, channelEnd)).toString("utf8");
    for (const handler of server.handlers) {
      if (!listeners.get(handler.handlerId)?.has(channel)) continue;
      if (handler.handlerId === fromHandlerId) onData(message);
      else if (handler.socket?.writable) handler.socket.write(Buffer.from(message));
    }
  }
  const clear = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId) => {
    if (cycleOwner === handlerId) cycleOwner = null;
    listeners.delete(handlerId);
    clear(handlerId);
    void queue.processQueue();
  };
  queue.processQueue = async function processQueue() {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const owner = this.db.isInTransaction() && this.lastHandlerId ? this.lastHandlerId : cycleOwner;
        const index = owner === null ? 0 : this.queue.findIndex((item) => item.handlerId === owner);
        if (index === -1) break; // the owner's next message is still on the wire
        const [item] = this.queue.splice(index, 1);
        trackListen(item.handlerId, item.message);
        let bytes = 0;
        let pending = Buffer.alloc(0);
        // Split the output into messages: notifications go to their listeners.
        const forward = (data) => {
          pending = pending.length ? Buffer.concat([pending, data]) : Buffer.from(data);
          let offset = 0;
          let passStart = 0;
          while (pending.length - offset >= 5) {
            const length = pending.readInt32BE(offset + 1) + 1;
            if (pending.length - offset < length) break;
            if (pending[offset] === NOTIFICATION) {
              if (offset > passStart) item.onData(pending.subarray(passStart, offset));
              deliver(pending.subarray(offset, offset + length), item.handlerId, item.onData);
              passStart = offset + length;
            }
            offset += length;
          }
          if (offset > passStart) item.onData(pending.subarray(passStart, offset));
          pending = pending.subarray(offset);
        };
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                forward(data);
              },
            }),
          );
          if (pending.length) item.onData(pending);
        } catch (error) {
          cycleOwner = null;
          item.reject(error);
          continue;
        }
        const type = item.message[0];
        cycleOwner = type === SYNC || type === QUERY || type === TERMINATE || type === 0 ? null : item.handlerId;
        this.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };
}

/** How often the embedded database's tables are checked for the upkeep they need. */
const MAINTENANCE_MS = 30_000;

/**
 * What PostgreSQL's autovacuum does, which PGlite lacks: every MAINTENANCE_MS, a table past
 * autovacuum's default thresholds is vacuumed (dead rows reclaimed, and the visibility map set,
 * so that index-only scans read no table pages) or analyzed (statistics for the planner, which
 * otherwise plans every query as if each table were empty). Through the socket server, as a
 * client, so that it never runs inside another connection's transaction. The verification
 * log's daily partitions only ever receive inserts and are dropped whole, so they are left
 * alone: vacuuming one of a million rows would hold the single session for seconds.
 */
function startMaintenance(url) {
  let client = null;
  let running = null;
  let stopped = false;
  const pass = async () => {
    client ??= await (async () => {
      const c = new pg.Client({ connectionString: url });
      c.on("error", () => {});
      await c.connect();
      return c;
    })();
    const { rows } = await client.query(
      `SELECT relname::text AS name, n_live_tup::float8 AS live, n_dead_tup::float8 AS dead,
              n_mod_since_analyze::float8 AS modified, n_ins_since_vacuum::float8 AS inserted
       FROM pg_stat_user_tables WHERE schemaname = 'public' AND relname NOT LIKE 'verification\\_events%'`,
    );
    for (const table of rows) {
      if (stopped) return;
      const name = `"${table.name.replaceAll('"', '""')}"`;
      if (table.dead + table.inserted > 50 + 0.2 * table.live) await client.query(`VACUUM (ANALYZE) ${name}`);
      else if (table.modified > 50 + 0.1 * table.live) await client.query(`ANALYZE ${name}`);
    }
  };
  const maintain = () =>
    (running ??= pass()
      .catch(() => {
        // The next pass reconnects.
        client?.end().catch(() => {});
        client = null;
      })
      .finally(() => {
        running = null;
      }));
  const timer = setInterval(() => void maintain(), MAINTENANCE_MS);
  timer.unref();
  return {
    maintain,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await client?.end().catch(() => {});
    },
  };
}

/**
 * Starts PGlite on `dataDir` (or in memory when it is null) and serves it on 127.0.0.1.
 * Resolves to `{ url, stop, maintain }`; `port: 0` picks a free port. `maintain()` runs a
 * maintenance pass now (they also run every MAINTENANCE_MS).
 */
export async function startEmbeddedPostgres({ dataDir, port = 0, maxConnections = 32 }) {
  const release = dataDir ? lockDataDir(dataDir) : () => {};
  let db;
  let server;
  try {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    db = await PGlite.create(dataDir ?? "memory://");
    server = new PGLiteSocketServer({ db, port, host: "127.0.0.1", maxConnections });
    serializeProtocolCycles(server);
    await server.start();
  } catch (error) {
    await db?.close().catch(() => {});
    release();
    throw error;
  }
  const address = server.getServerConn();
  const url = `postgresql://postgres:postgres@${address}/postgres?sslmode=disable`;
  const maintenance = startMaintenance(url);
  let stopped = false;
  return {
    url,
    maintain: maintenance.maintain,
    async stop() {
      if (stopped) return;
      stopped = true;
      await maintenance.stop();
      // The listening socket closes at once; waiting for every client to hang up is bounded,
      // so a client stuck mid-query cannot hold the stop (and a restart on the port) forever.
      await Promise.race([server.stop(), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
      await db.close();
      release();
    },
  };
}
