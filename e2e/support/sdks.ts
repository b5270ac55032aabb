// What the SDK specs share: a management key for the suite's workspace, and a way to run an
// installed tool (npm, go, python, the keyport CLI) and read its exit code and output.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PERMISSIONS } from "../../lib/auth/permissions";
import { ApiClient } from "./api";
import { sessionToken, type Person } from "./tokens";

/** A new management key of `person`'s workspace with every permission (or those given). */
export async function managementKey(person: Person = "acmeAdmin", permissions: readonly string[] = PERMISSIONS): Promise<string> {
  const response = await new ApiClient(sessionToken(person)).call("POST", "/api/v1/management-keys", {
    body: { name: `sdk test ${Math.random().toString(36).slice(2, 8)}`, permissions },
  });
  if (response.status !== 201) throw new Error(`management key: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.key as string;
}

export type Ran = { code: number | null; stdout: string; stderr: string };

/** Runs a command to its end (no shell), with `input` on its standard input. */
export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; input?: string; timeoutMs?: number } = {},
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    // Standard input is a pipe only for a command given input; a command that exits before
    // reading it would otherwise end the test with EPIPE instead of its own exit code.
    const input = options.input;
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk) => (stdout += String(chunk)));
    child.stderr!.on("data", (chunk) => (stderr += String(chunk)));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 240_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    if (input !== undefined) {
      child.stdin!.on("error", () => {});
      child.stdin!.end(input);
    }
  });
}

/** Runs a command that must succeed; its standard output. */
export async function runOk(command: string, args: string[], options: Parameters<typeof run>[2] = {}): Promise<string> {
  const ran = await run(command, args, options);
  if (ran.code !== 0) throw new Error(`${command} ${args.join(" ")} exited ${ran.code}\n${ran.stdout}\n${ran.stderr}`);
  return ran.stdout;
}

export function tempDir(label: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `keyport-${label}-`));
}
