// What every command shares: the command type, the usage error (exit code 2), the config and
// client a command gets, and output (a table for people, JSON with --json).
import { Keyport } from "@keyport/sdk";
import { configFromEnvironment, type Config } from "./config";

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {}

export type Io = { out: (text: string) => void; err: (text: string) => void; prompt: (question: string) => Promise<string> };

export type Context = {
  /** The command's arguments after its name (options included). */
  args: string[];
  json: boolean;
  io: Io;
  /** The URL and management key (environment first, then the config file). */
  config: () => Config;
  /** A client with the management key, or one for verification only. */
  client: (options?: { managementKey: boolean }) => Keyport;
};

export type Command = {
  /** e.g. "keys create". */
  name: string;
  usage: string;
  summary: string;
  run: (context: Context) => Promise<void>;
};

export function createContext(args: string[], json: boolean, io: Io): Context {
  const config = () => configFromEnvironment();
  return {
    args,
    json,
    io,
    config,
    client: ({ managementKey } = { managementKey: true }) => {
      const { url, managementKey: key } = config();
      if (!url) throw new UsageError("No Keyport URL: run `keyport login` or set KEYPORT_URL.");
      if (managementKey && !key) throw new UsageError("No management key: run `keyport login` or set KEYPORT_MANAGEMENT_KEY.");
      return new Keyport({ baseUrl: url, managementKey: managementKey ? key : undefined });
    },
  };
}

/** Prints `value` as JSON with --json, otherwise as `human` says. */
export function print(context: Context, value: unknown, human: () => string): void {
  context.io.out(context.json ? JSON.stringify(value, null, 2) : human());
}

/** A plain-text table: a header row and aligned columns. */
export function table(rows: Record<string, unknown>[], columns: string[]): string {
  if (rows.length === 0) return "(none)";
  const cells = rows.map((row) => columns.map((column) => cell(row[column])));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: string[]) => values.map((value, i) => value.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(columns.map((column) => column.toUpperCase())), ...cells.map(line)].join("\n");
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return "-";
  if (Array.isArray(value)) return value.length ? value.join(",") : "-";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** A `key: value` block for one record. */
export function record(value: Record<string, unknown>, fields: string[]): string {
  const width = Math.max(...fields.map((field) => field.length));
  return fields.map((field) => `${field.padEnd(width)}  ${cell(value[field])}`).join("\n");
}
