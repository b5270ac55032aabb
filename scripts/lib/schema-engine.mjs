// Prisma Migrate without the native engine: the same schema engine, compiled to WebAssembly
// (@prisma/schema-engine-wasm), connected through a driver adapter. Needs Node's
// --experimental-wasm-modules flag on Node 20.
//
// The adapter cannot introspect a live database (it has no mapping for PostgreSQL's "char"
// type, which the catalog queries return), so nothing here introspects: new migrations are
// diffed datamodel-to-datamodel against the schema snapshot kept beside the last migration,
// and `checkMigrations` compares catalogs with plain SQL.
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { SchemaEngine } from "@prisma/schema-engine-wasm";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { root } from "./paths.mjs";

export const defaultPaths = {
  schema: path.join(root, "prisma", "schema.prisma"),
  migrations: path.join(root, "prisma", "migrations"),
};
/** Beside each migration.sql: the schema that migration leads to, for the next diff. */
export const SNAPSHOT_FILE = "schema.prisma";
const NO_FILTERS = { externalTables: [], externalEnums: [] };

export function listMigrationNames(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Reads a migrations folder in the shape Prisma Migrate's engine expects. */
function readMigrations(dir) {
  const lockPath = path.join(dir, "migration_lock.toml");
  return {
    baseDir: dir,
    lockfile: {
      path: "migration_lock.toml",
      content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: listMigrationNames(dir).map((name) => {
      const file = path.join(dir, name, "migration.sql");
      return {
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: existsSync(file)
            ? { tag: "ok", value: readFileSync(file, "utf8") }
            : { tag: "error", value: `${file} is missing` },
        },
      };
    }),
  };
}

/** Runs `fn(engine)` with a schema engine connected to `connectionString`, then frees it. */
async function withSchemaEngine(connectionString, schemaPath, fn) {
  const logs = [];
  const factory = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString }));
  const engine = await SchemaEngine.new(
    { datamodels: [[schemaPath, readFileSync(schemaPath, "utf8")]] },
    (line) => logs.push(line),
    factory,
  );
  try {
    return await fn(engine);
  } catch (error) {
    if (process.env.DEBUG) console.error(logs.join("\n"));
    throw error;
  } finally {
    engine.free();
  }
}

/** Applies every pending migration and returns their names; a second run applies nothing. */
export async function applyMigrations(connectionString, paths = defaultPaths) {
  const { appliedMigrationNames } = await withSchemaEngine(
    connectionString,
    paths.schema,
    (engine) =>
      engine.applyMigrations({ migrationsList: readMigrations(paths.migrations), filters: NO_FILTERS }),
  );
  return appliedMigrationNames;
}

/** The SQL that takes a database from schema `fromText` (null: empty) to schema `toText`. */
export async function diffDatamodels(connectionString, fromText, toText) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "keyport-diff-"));
  const toPath = path.join(tmp, "to.prisma");
  writeFileSync(toPath, toText);
  try {
    const from =
      fromText === null
        ? { tag: "empty" }
        : { tag: "schemaDatamodel", files: [{ path: path.join(tmp, "from.prisma"), content: fromText }] };
    const result = await withSchemaEngine(connectionString, toPath, (engine) =>
      engine.diff({
        from,
        to: { tag: "schemaDatamodel", files: [{ path: toPath, content: toText }] },
        script: true,
        exitCode: null,
        filters: NO_FILTERS,
      }),
    );
    const sql = (result.stdout ?? "").trim();
    return sql === "-- This is an empty migration." ? "" : sql;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * A comparable description of the public schema: tables, columns, indexes, constraints, enums.
 * CHECK constraints and indexes on expressions are left out: schema.prisma cannot express them,
 * so migrations add them by hand (and the data layer's tests prove they hold, and are used).
 */
async function describeDatabase(connectionString) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const q = async (sql) => (await client.query(sql)).rows.map((r) => Object.values(r).join(" | "));
    return {
      columns: await q(`
        SELECT table_name::text, column_name::text, data_type::text, udt_name::text,
               is_nullable::text, coalesce(column_default::text, '')
        FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
        ORDER BY 1, 2`),
      // A partitioned table's indexes read "ON ONLY": the same index, as the schema declares it.
      indexes: await q(`
        SELECT i.tablename::text, i.indexname::text, replace(i.indexdef, ' ON ONLY ', ' ON ')::text FROM pg_indexes i
        JOIN pg_index x ON x.indexrelid = format('%I.%I', i.schemaname, i.indexname)::regclass
        WHERE i.schemaname = 'public' AND i.tablename <> '_prisma_migrations' AND x.indexprs IS NULL
        ORDER BY 1, 2`),
      constraints: await q(`
        SELECT rel.relname::text, con.conname::text, pg_get_constraintdef(con.oid)::text
        FROM pg_constraint con
        JOIN pg_class rel ON rel.oid = con.conrelid
        JOIN pg_namespace ns ON ns.oid = rel.relnamespace
        WHERE ns.nspname = 'public' AND rel.relname <> '_prisma_migrations' AND con.contype <> 'c'
        ORDER BY 1, 2`),
      enums: await q(`
        SELECT t.typname::text, string_agg(e.enumlabel::text, ',' ORDER BY e.enumsortorder)
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
        JOIN pg_namespace ns ON ns.oid = t.typnamespace
        WHERE ns.nspname = 'public'
        GROUP BY 1 ORDER BY 1`),
    };
  } finally {
    await client.end();
  }
}

/** Lines present in one description and not the other, prefixed `-` (migrations) or `+` (schema). */
function compareDescriptions(migrated, expected) {
  const out = [];
  for (const key of Object.keys(expected)) {
    const a = new Set(migrated[key]);
    const b = new Set(expected[key]);
    for (const line of a) if (!b.has(line)) out.push(`- ${key}: ${line}`);
    for (const line of b) if (!a.has(line)) out.push(`+ ${key}: ${line}`);
  }
  return out;
}

/**
 * Checks that the migrations folder produces exactly the schema in schema.prisma.
 * `migratedUrl` and `scratchUrl` must be two empty scratch databases.
 */
export async function checkMigrations(migratedUrl, scratchUrl, paths = defaultPaths) {
  await applyMigrations(migratedUrl, paths);
  const fullSql = await diffDatamodels(scratchUrl, null, readFileSync(paths.schema, "utf8"));
  const client = new pg.Client({ connectionString: scratchUrl });
  await client.connect();
  try {
    await client.query(fullSql);
  } finally {
    await client.end();
  }
  return compareDescriptions(await describeDatabase(migratedUrl), await describeDatabase(scratchUrl));
}
