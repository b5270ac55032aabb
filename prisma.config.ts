// Prisma CLI configuration. The datasource URL is only needed by commands that talk to a
// database; `prisma generate` runs without one.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/keyport" },
});
