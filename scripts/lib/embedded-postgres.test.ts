// The embedded database's upkeep: what PostgreSQL's autovacuum does, which PGlite lacks.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded-postgres.mjs";

type TableStats = { last_vacuum: Date | null; last_analyze: Date | null; dead: number; reltuples: number };

describe("the embedded database's maintenance", () => {
  it("vacuums and analyzes a table changed past autovacuum's thresholds, so that the planner knows its size and index-only scans read no table pages", async () => {
    const db = await startEmbeddedPostgres({ dataDir: null });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const stats = async () =>
      (
        await client.query<TableStats>(
          `SELECT s.last_vacuum, s.last_analyze, s.n_dead_tup::int AS dead, c.reltuples::float8 AS reltuples
           FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid WHERE s.relname = 'grown'`,
        )
      ).rows[0]!;
    try {
      await client.query("CREATE TABLE grown (id int PRIMARY KEY, note text)");
      await client.query("INSERT INTO grown SELECT g, 'x' FROM generate_series(1, 5000) g");
      await client.query("UPDATE grown SET note = 'y' WHERE id <= 2000");
      expect(await stats()).toMatchObject({ last_vacuum: null, last_analyze: null });
      // Activity counters reach the statistics within about a second; a pass before that finds nothing to do.
      for (let i = 0; i < 50 && (await stats()).last_vacuum === null; i++) {
        await db.maintain();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const after = await stats();
      expect(after.last_vacuum).not.toBeNull();
      expect(after.last_analyze).not.toBeNull();
      expect(after.dead).toBe(0);
      expect(after.reltuples).toBe(5000);
      const plan = JSON.stringify((await client.query("EXPLAIN (ANALYZE, FORMAT JSON) SELECT count(*) FROM grown WHERE id BETWEEN 100 AND 600")).rows[0]);
      expect(plan).toContain('"Node Type":"Index Only Scan"');
      expect(plan).toContain('"Heap Fetches":0');
    } finally {
      await client.end();
      await db.stop();
    }
  });

  it("leaves a table alone below the thresholds", async () => {
    const db = await startEmbeddedPostgres({ dataDir: null });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query("CREATE TABLE quiet (id int PRIMARY KEY)");
      await client.query("INSERT INTO quiet SELECT generate_series(1, 20)");
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await db.maintain();
      const { rows } = await client.query("SELECT last_vacuum, last_analyze FROM pg_stat_user_tables WHERE relname = 'quiet'");
      expect(rows[0]).toEqual({ last_vacuum: null, last_analyze: null });
    } finally {
      await client.end();
      await db.stop();
    }
  });
});
