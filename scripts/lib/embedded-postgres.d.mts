// Types for embedded-postgres.mjs (plain JavaScript: the launcher runs before anything is compiled).
export class DataDirLockedError extends Error {
  constructor(dataDir: string, pid: number);
}
export function lockDataDir(dataDir: string): () => void;
export type EmbeddedPostgres = {
  url: string;
  /** Runs a maintenance pass now: vacuum and analyze what autovacuum would. */
  maintain(): Promise<void>;
  stop(): Promise<void>;
};
export function startEmbeddedPostgres(options: { dataDir: string | null; port?: number; maxConnections?: number }): Promise<EmbeddedPostgres>;
