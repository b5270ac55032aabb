import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { root } from "./env";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export type ServerInstance = { origin: string; logs: () => string; stop: () => Promise<void>; process: ChildProcess };

/**
 * Limits high enough that no test trips them by accident: tests of a limit set their own
 * (the suite sends thousands of failed verifications and writes from 127.0.0.1).
 */
export const UNLIMITED = { KEYPORT_FAILED_VERIFY_LIMIT: "1000000000", KEYPORT_WRITE_LIMIT: "1000000000" };

/** Another instance of the production server (already built), for multi-instance tests. */
export async function startInstance(env: Record<string, string>): Promise<ServerInstance> {
  const port = await freePort();
  const output: string[] = [];
  const child = spawn(process.execPath, [path.join(root, ".next", "keyport-server.mjs")], {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PORT: String(port), HOST: "127.0.0.1", ...UNLIMITED, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk) => output.push(String(chunk)));
  child.stderr!.on("data", (chunk) => output.push(String(chunk)));
  const host = env.HOST ?? "127.0.0.1";
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`instance exited: ${output.join("")}`);
    try {
      const response = await fetch(`${origin}/api/v1/openapi.json`);
      if (response.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`instance did not start: ${output.join("")}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    origin,
    process: child,
    logs: () => output.join(""),
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

/**
 * An instance of its own on the suite's database, with a fresh data directory (so its local
 * session keys are its own) and a quiet request log unless `env` says otherwise.
 */
export async function startOwnInstance(label: string, env: Record<string, string> = {}): Promise<ServerInstance & { dataDir: string }> {
  const { mkdtempSync } = await import("node:fs");
  const os = await import("node:os");
  const { databaseUrl, embedded } = await import("./env");
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `keyport-${label}-`));
  const instance = await startInstance({
    DATABASE_URL: databaseUrl,
    KEYPORT_DATA_DIR: dataDir,
    KEYPORT_LOG_REQUESTS: "0",
    ...(embedded ? { KEYPORT_EMBEDDED: "1" } : {}),
    ...env,
  });
  return Object.assign(instance, { dataDir });
}
