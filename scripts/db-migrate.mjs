// npm run db:migrate - apply prisma/migrations to DATABASE_URL (or, when it is unset, to the
// embedded database in .data/). Safe to run again: applied migrations are skipped.
import { resolveDatabase } from "./lib/database-url.mjs";
import { applyMigrations } from "./lib/schema-engine.mjs";

const database = await resolveDatabase();
try {
  const applied = await applyMigrations(database.url);
  console.log(
    applied.length === 0
      ? "Database is up to date."
      : `Applied ${applied.length} migration(s): ${applied.join(", ")}`,
  );
} finally {
  await database.stop();
}
