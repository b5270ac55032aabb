// Faults to inject: a private database that can be stopped and started again, and a TCP proxy
// that can go silent while keeping its connections open. Only loopback addresses are used.
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { root } from "./env";
import { freePort } from "./server";
import { startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres.mjs";

const run = promisify(execFile);

export async function migrate(databaseUrl: string): Promise<void> {
  await run(process.execPath, ["--experimental-wasm-modules", "--disable-warning=ExperimentalWarning", "scripts/db-migrate.mjs"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
}

export type PrivateDatabase = { url: string; stop: () => Promise<void>; start: () => Promise<void> };

/**
 * A private, migrated PostgreSQL (PGlite, persisted in a fresh directory) on a fixed port, so
 * that it can be stopped and started again under an instance that keeps its URL.
 */
export async function privateDatabase(): Promise<PrivateDatabase> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "keyport-faults-db-"));
  const port = await freePort();
  let db: { url: string; stop: () => Promise<void> } | null = await startEmbeddedPostgres({ dataDir, port });
  const url = db!.url;
  await migrate(url);
  return {
    url,
    async stop() {
      await db?.stop();
      db = null;
    },
    async start() {
      db ??= await startEmbeddedPostgres({ dataDir, port });
    },
  };
}

export type HoldingProxy = {
  url: (databaseUrl: string) => string;
  /** Keeps every connection open but forwards no more bytes, either way. */
  freeze: () => void;
  close: () => Promise<void>;
};

/** A TCP proxy to `target` on loopback that can go silent, as a cut-off network does. */
export async function holdingProxy(target: { host: string; port: number }): Promise<HoldingProxy> {
  let frozen = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {});
    }
    client.on("data", (chunk) => void (frozen || upstream.write(chunk)));
    upstream.on("data", (chunk) => void (frozen || client.write(chunk)));
    client.on("close", () => frozen || upstream.destroy());
    upstream.on("close", () => frozen || client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: (databaseUrl) => {
      const url = new URL(databaseUrl);
      url.hostname = "127.0.0.1";
      url.port = String(port);
      return url.toString();
    },
    freeze: () => {
      frozen = true;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Host and port of a PostgreSQL URL. */
export function hostOf(databaseUrl: string): { host: string; port: number } {
  const url = new URL(databaseUrl);
  return { host: url.hostname, port: Number(url.port || 5432) };
}

/**
 * A migrated database of the test's own, of the suite's kind: a fresh database on the
 * PostgreSQL server when the suite runs on one (so row locks are real), a private PGlite
 * otherwise. Nothing else (the suite's server included) reads or writes it.
 */
export async function ownDatabase(label: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const { databaseUrl, embedded } = await import("./env");
  if (embedded) return privateDatabase();
  const pg = (await import("pg")).default;
  const name = `keyport_${label}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return {
    url: url.toString(),
    async stop() {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
