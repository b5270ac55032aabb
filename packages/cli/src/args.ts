// Each command's options, parsed strictly with node:util's parseArgs: an unknown option, a
// missing value or a wrong number of arguments is a usage error (exit code 2).
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./cli";

type Options = NonNullable<ParseArgsConfig["options"]>;

export function parse<O extends Options>(args: string[], options: O, positionals: { min: number; max: number; usage: string }) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\nUsage: ${positionals.usage}`);
  }
  if (parsed.positionals.length < positionals.min || parsed.positionals.length > positionals.max) {
    throw new UsageError(`Usage: ${positionals.usage}`);
  }
  return parsed as { values: { [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean : string }; positionals: string[] };
}

/** An option that must be given. */
export function required(value: string | undefined, name: string, usage: string): string {
  if (!value) throw new UsageError(`--${name} is required.\nUsage: ${usage}`);
  return value;
}

/** One of the listed values. */
export function oneOf<T extends string>(value: string | undefined, name: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(", ")}.`);
  return value as T;
}

/** A comma-separated list. */
export function list(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(",").map((item) => item.trim()).filter(Boolean);
}

/** A positive whole number. */
export function count(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--${name} must be a positive whole number.`);
  return Number(value);
}

/** A whole number, zero included (a number of credits). */
export function wholeNumber(value: string, name: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${name} must be a whole number.`);
  return Number(value);
}

/** A JSON object (an identity's meta). */
export function jsonObject(value: string | undefined, name: string): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new UsageError(`--${name} must be a JSON object, e.g. '{"plan":"pro"}'.`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new UsageError(`--${name} must be a JSON object, e.g. '{"plan":"pro"}'.`);
  return parsed as Record<string, unknown>;
}

/**
 * A moment: an ISO 8601 date or time, or a duration back from now (`30m`, `24h`, `7d`), as an
 * ISO 8601 timestamp.
 */
export function moment(value: string | undefined, name: string, now = Date.now()): string | undefined {
  if (value === undefined) return undefined;
  const relative = /^(\d+)([mhd])$/.exec(value);
  if (relative) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as "m" | "h" | "d"];
    return new Date(now - Number(relative[1]) * unit).toISOString();
  }
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new UsageError(`--${name} must be a date (2026-12-01, 2026-12-01T14:30:00Z) or a duration (30m, 24h, 7d).`);
  return new Date(at).toISOString();
}
