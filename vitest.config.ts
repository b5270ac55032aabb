import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * The tests that reach the database under test: the data layer and the shared fixtures.
 * `npm test` runs them on every database it has; every other test runs once (the migrations'
 * check among them: it compares schema.prisma with throwaway in-memory databases of its own).
 */
const DATABASE_TESTS = ["lib/data/**/*.test.ts", "test/**/*.test.ts"];

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Tests run on the server side of the boundary that `server-only` guards.
      "server-only": path.resolve(import.meta.dirname, "scripts/server-only-stub.ts"),
    },
  },
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Worker threads that keep their modules between files: a fresh process per file spent more
    // time starting than the tests ran (the unit project took 84 s so and 55 s now; the database
    // project 85 s and 56 s on PGlite). No test sets process-wide state that another file reads.
    pool: "threads",
    isolate: false,
    // Vitest's default is one worker less than the cores: one, on two cores, which ran every
    // file after the other (121 s for the whole suite on PostgreSQL, against 96 s with two).
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.ts", "components/**/*.test.tsx", "packages/**/*.test.ts", "packages/**/*.test.tsx", "prisma/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: DATABASE_TESTS,
        },
      },
      {
        extends: true,
        test: {
          name: "database",
          include: DATABASE_TESTS,
          globalSetup: ["test/global-setup.ts"],
          // PGlite serves one session: test files take turns. A PostgreSQL server runs them in parallel.
          fileParallelism: Boolean(process.env.DATABASE_URL),
        },
      },
    ],
  },
});
