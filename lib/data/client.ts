import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { env } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";

// The one Prisma client, imported only by this folder. DATABASE_URL is always set by the time
// the app runs: either by the operator, or by scripts/run.mjs, which points it at the
// embedded database it started.

const globalForPrisma = globalThis as unknown as { keyportPrisma?: PrismaClient };

/** The database URL, or a clear error when the app was started without the launcher. */
export function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start Keyport with `npm run dev` or `npm start`, which start the embedded database when DATABASE_URL is unset.",
    );
  }
  return url;
}

/** The message of a refusal to queue for a connection: the instance is overloaded. */
export const POOL_QUEUE_FULL = "Keyport's database connection queue is full";

/**
 * At most this many callers wait for a connection at once (twice what the verify process admits
 * to the dashboard process at once, so a burst of API requests queues there first). Past it a caller is refused at once
 * (a 503 with Retry-After) instead of joining a queue it could not leave in time: under a burst
 * of writes, the answers that cannot be served come back in milliseconds, not after the
 * deadline. A queue this long still drains within a second or two on a small server.
 */
export function maxWaitingFor(poolSize: number): number {
  return Math.max(128, 16 * poolSize);
}

/** Connections per instance. */
export function databasePoolSize(): number {
  const config = env();
  // The embedded database (PGlite) runs one query at a time in a single session, so more
  // connections add no throughput, only more ways to queue behind an open transaction.
  return config.KEYPORT_DB_POOL_SIZE || (config.KEYPORT_EMBEDDED ? 1 : 10);
}

function createClient(): PrismaClient {
  const config = env();
  const max = databasePoolSize();
  // Client-side deadlines: they hold even when the network swallows bytes and the server's
  // own timeouts can never answer. A timed-out call is a 503 to the caller, not a hang.
  const timeout = config.KEYPORT_DB_TIMEOUT_MS;
  const pool = new pg.Pool({ connectionString: databaseUrl(), max, connectionTimeoutMillis: timeout, query_timeout: timeout });
  const maxWaiting = maxWaitingFor(max);
  const connect = pool.connect.bind(pool) as (callback?: (error: Error) => void) => unknown;
  pool.connect = ((callback?: (error: Error) => void) => {
    if (pool.waitingCount < maxWaiting) return connect(callback);
    const error = new Error(`${POOL_QUEUE_FULL} (${maxWaiting} waiting)`);
    if (callback) return void callback(error);
    return Promise.reject(error);
  }) as typeof pool.connect;
  return new PrismaClient({
    adapter: new PrismaPg(pool),
    // A busy machine is not an outage: starting a transaction may wait as long as a query may
    // (Prisma's own default is 2 s), and the whole transaction twice that.
    transactionOptions: { maxWait: timeout, timeout: 2 * timeout },
  });
}

function client(): PrismaClient {
  return (globalForPrisma.keyportPrisma ??= createClient());
}

/**
 * The client, created on first use: importing this module (as `next build` does) needs no
 * database. Shared through globalThis with the production server's bundle and across dev
 * reloads, so one process holds one pool.
 */
export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const instance = client();
    const value = Reflect.get(instance, property, instance);
    return typeof value === "function" ? value.bind(instance) : value;
  },
});

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** Runs `fn` in `tx` when the caller has one, or in a transaction of its own. */
export function inTransaction<T>(tx: Tx | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return tx ? fn(tx) : prisma.$transaction(fn);
}
