import "server-only";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

/** Where local state lives: KEYPORT_DATA_DIR, default `.data/` in the project. */
export function dataDir(): string {
  // Resolved at run time; not part of the build output.
  return path.resolve(/*turbopackIgnore: true*/ env().KEYPORT_DATA_DIR);
}

/**
 * A secret persisted under the data directory, created on first use (mode 0600). Several
 * instances share one only if they share the directory; otherwise set it by environment.
 */
export function readOrCreateSecretFile(name: string, create: () => string): string {
  const file = path.join(dataDir(), name);
  if (existsSync(file)) return readFileSync(file, "utf8");
  mkdirSync(path.dirname(file), { recursive: true });
  const value = create();
  try {
    writeFileSync(file, value, { flag: "wx", mode: 0o600 });
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return readFileSync(file, "utf8");
  }
  chmodSync(file, 0o600);
  return value;
}
