// schema.prisma and prisma/migrations must describe the same database.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");

async function check(env: Record<string, string> = {}) {
  try {
    const { stdout } = await run(
      process.execPath,
      ["--experimental-wasm-modules", "--disable-warning=ExperimentalWarning", "scripts/db-diff.mjs", "--check"],
      { cwd: root, env: { ...process.env, ...env } },
    );
    return { code: 0, output: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

// The two checks each build throwaway databases from every migration: they run side by side.
describe.concurrent("migrations", () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "keyport-schema-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("produce exactly the schema in schema.prisma", async () => {
    const result = await check();
    expect(result.output).toContain("Migrations and schema.prisma agree.");
    expect(result.code).toBe(0);
  });

  it("are reported when they fall behind schema.prisma", async () => {
    const schema = path.join(tmp, "schema.prisma");
    const text = readFileSync(path.join(root, "prisma", "schema.prisma"), "utf8");
    writeFileSync(schema, text.replace("  description    String?\n", "  description    String?\n  color          String?\n"));
    const migrations = path.join(tmp, "migrations");
    cpSync(path.join(root, "prisma", "migrations"), migrations, { recursive: true });
    const result = await check({ KEYPORT_SCHEMA_PATH: schema, KEYPORT_MIGRATIONS_PATH: migrations });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/\+ columns: api_keys \| color/);
  });
});
