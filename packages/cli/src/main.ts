// keyport: Keyport's command line, on @keyport/sdk. Exit codes: 0 success, 1 an API error (its
// detail and request id are printed), 2 a usage error. `--json` on every command prints what
// the API answered as JSON, for scripts; otherwise tables for people.
import { KeyportError } from "@keyport/sdk";
import { createInterface, type Interface } from "node:readline";
import { UsageError, createContext, type Command, type Io } from "./cli";
import { auditCommands } from "./commands/audit";
import { identityCommands } from "./commands/identities";
import { keyCommands, NotFound } from "./commands/keys";
import { login } from "./commands/login";
import { managementCommands } from "./commands/management";
import { projectCommands } from "./commands/projects";

declare const KEYPORT_CLI_VERSION: string | undefined;
const VERSION = typeof KEYPORT_CLI_VERSION === "string" ? KEYPORT_CLI_VERSION : "0.0.0-dev";

/** Every command; a new resource adds its file's list here. */
export const COMMANDS: Command[] = [login, ...projectCommands, ...keyCommands, ...identityCommands, ...auditCommands, ...managementCommands];

function help(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    `keyport ${VERSION}: manage and verify Keyport API keys.`,
    "",
    "Commands:",
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    "",
    "Every command takes --json. Configure with `keyport login`, or KEYPORT_URL and KEYPORT_MANAGEMENT_KEY (these win).",
    "Exit codes: 0 success, 1 API error, 2 usage error. `keyport COMMAND --help` shows a command's options.",
  ].join("\n");
}

/** Runs the command line `argv` (without `node keyport`) and resolves with the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const json = argv.includes("--json");
  const args = argv.filter((arg) => arg !== "--json");
  if (args.length === 0 || args[0] === "--help" || args[0] === "help") {
    io.out(help());
    return args.length === 0 ? 2 : 0;
  }
  if (args[0] === "--version") {
    io.out(json ? JSON.stringify({ version: VERSION }) : VERSION);
    return 0;
  }
  const command = COMMANDS.find((candidate) => {
    const words = candidate.name.split(" ");
    return words.every((word, i) => args[i] === word);
  });
  const context = createContext(command ? args.slice(command.name.split(" ").length) : [], json, io);
  try {
    if (!command) throw new UsageError(`Unknown command: keyport ${args.join(" ")}\n\n${help()}`);
    if (context.args.includes("--help")) {
      io.out(`${command.summary}.\nUsage: ${command.usage}`);
      return 0;
    }
    await command.run(context);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(json ? JSON.stringify({ error: { code: "usage", detail: error.message } }) : error.message);
      return 2;
    }
    if (error instanceof KeyportError) {
      const detail = error.problem?.detail ?? error.message;
      io.err(
        json
          ? JSON.stringify({ error: { status: error.status, code: error.code, detail, request_id: error.requestId, problem: error.problem } })
          : `Error: ${detail}${error.requestId ? ` (request id ${error.requestId})` : ""}`,
      );
      return 1;
    }
    if (error instanceof NotFound) {
      io.err(json ? JSON.stringify({ error: { status: 404, code: "not_found", detail: error.message, request_id: null } }) : `Error: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

// One reader for the whole run: its lines are buffered, so answers piped in ahead of the
// questions (`printf 'url\nkey\n' | keyport login`) are not lost between prompts.
let reader: Interface | undefined;
let lines: AsyncIterator<string> | undefined;
const io: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  prompt: async (question) => {
    process.stderr.write(question);
    reader ??= createInterface({ input: process.stdin, terminal: false });
    lines ??= reader[Symbol.asyncIterator]();
    const line = await lines.next();
    if (line.done) throw new UsageError("No answer on standard input.");
    return line.value;
  },
};

process.exitCode = await main(process.argv.slice(2), io);
reader?.close();
