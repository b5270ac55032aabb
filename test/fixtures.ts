// Shared setup for integration tests: real workspaces made through the data layer.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { createWorkspace, listProjects, type Actor, type Caller } from "@/lib/data";

export async function newWorkspace(label = "Test") {
  const admin: Actor = { userId: `user_${randomUUID()}`, userName: `${label} Admin` };
  const workspace = await createWorkspace({ name: `${label} ${randomUUID().slice(0, 8)}` }, admin);
  const [project] = await listProjects(workspace.id);
  const caller: Caller = { workspaceId: workspace.id, actor: admin };
  return { workspace, project: project!, admin, caller };
}

/** Every row of every application table as text, to prove what is and is not stored. */
export async function dumpDatabase(): Promise<string> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const tables = await client.query<{ tablename: string }>(
      "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'",
    );
    const parts: string[] = [];
    for (const { tablename } of tables.rows) {
      const rows = await client.query(`SELECT row_to_json(t)::text AS j FROM "${tablename}" t`);
      parts.push(...rows.rows.map((r: { j: string }) => r.j));
    }
    return parts.join("\n");
  } finally {
    await client.end();
  }
}

/** Everything written to the console while `fn` runs. */
export async function captureLogs<T>(fn: () => Promise<T>): Promise<{ result: T; output: string }> {
  const chunks: string[] = [];
  const originals = {
    log: console.log,
    info: console.info,
    warn: console.warn,
    error: console.error,
    debug: console.debug,
    out: process.stdout.write.bind(process.stdout),
    err: process.stderr.write.bind(process.stderr),
  };
  const keep = (...args: unknown[]) => void chunks.push(args.map(String).join(" "));
  console.log = console.info = console.warn = console.error = console.debug = keep;
  process.stdout.write = ((chunk: unknown) => (chunks.push(String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown) => (chunks.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    const result = await fn();
    return { result, output: chunks.join("\n") };
  } finally {
    Object.assign(console, {
      log: originals.log,
      info: originals.info,
      warn: originals.warn,
      error: originals.error,
      debug: originals.debug,
    });
    process.stdout.write = originals.out;
    process.stderr.write = originals.err;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
