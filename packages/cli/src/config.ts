// Where the CLI finds Keyport: KEYPORT_URL and KEYPORT_MANAGEMENT_KEY first, then
// ~/.config/keyport/config.json (written by `keyport login`, readable by its owner only).
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export type Config = { url?: string; managementKey?: string };

export function configPath(): string {
  const base = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), ".config");
  return path.join(base, "keyport", "config.json");
}

export function readConfigFile(): Config {
  const file = configPath();
  if (!existsSync(file)) return {};
  const stored = JSON.parse(readFileSync(file, "utf8")) as { url?: unknown; management_key?: unknown };
  return {
    url: typeof stored.url === "string" ? stored.url : undefined,
    managementKey: typeof stored.management_key === "string" ? stored.management_key : undefined,
  };
}

export function configFromEnvironment(): Config {
  const stored = readConfigFile();
  return {
    url: process.env.KEYPORT_URL || stored.url,
    managementKey: process.env.KEYPORT_MANAGEMENT_KEY || stored.managementKey,
  };
}

/** Writes the URL and management key, mode 0600 (the folder 0700): nothing else goes in it. */
export function writeConfigFile(config: Required<Config>): string {
  const file = configPath();
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify({ url: config.url, management_key: config.managementKey }, null, 2) + "\n", { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}
