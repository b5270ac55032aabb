import "server-only";
import { randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { createKeySealer, type KeySealer } from "@/lib/keys/sealer";
import { readOrCreateSecretFile } from "@/lib/secrets";

// The sealer of recoverable keys, under this deployment's KEYPORT_SECRET (or the data
// directory's secret file, as the other sealed values use), with KEYPORT_SECRET_PREVIOUS still
// opening what was sealed before a rotation.

let sealer: KeySealer | null = null;

export function recoverableKeySealer(): KeySealer {
  if (!sealer) {
    const config = env();
    const current = config.KEYPORT_SECRET ?? readOrCreateSecretFile("keyport-secret", () => randomBytes(32).toString("base64"));
    sealer = createKeySealer({ current, previous: config.KEYPORT_SECRET_PREVIOUS });
  }
  return sealer;
}
