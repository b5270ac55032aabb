import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Tests run on the server side of the boundary that `server-only` guards.
      "server-only": path.resolve(import.meta.dirname, "scripts/server-only-stub.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "components/**/*.test.ts", "components/**/*.test.tsx", "test/**/*.test.ts", "prisma/**/*.test.ts", "scripts/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // PGlite serves one session: test files take turns. A PostgreSQL server runs them in parallel.
    fileParallelism: Boolean(process.env.DATABASE_URL),
  },
});
