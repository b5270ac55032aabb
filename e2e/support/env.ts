import { readFileSync } from "node:fs";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..", "..");
export const baseURL = `http://127.0.0.1:${process.env.KEYPORT_E2E_PORT}`;
export const dataDir = process.env.KEYPORT_E2E_DATA!;
/** The database the suite's server uses: DATABASE_URL, or its embedded PGlite. */
export const databaseUrl =
  process.env.DATABASE_URL ??
  `postgresql://postgres:postgres@127.0.0.1:${process.env.KEYPORT_E2E_DB_PORT}/postgres?sslmode=disable`;
export const embedded = !process.env.DATABASE_URL;

export function localKeyPair(dir = dataDir): { privateKey: string; publicKey: string } {
  return JSON.parse(readFileSync(path.join(dir, "session-keys.json"), "utf8"));
}
