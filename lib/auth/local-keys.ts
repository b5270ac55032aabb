import "server-only";
import { SignJWT, exportPKCS8, exportSPKI, generateKeyPair, importPKCS8 } from "jose";
import { randomUUID } from "node:crypto";
import { readOrCreateSecretFile } from "@/lib/secrets";
import type { LocalPerson } from "./local-people";

// Local mode's session tokens: RS256 JWTs with the claims of a Clerk session token (v2),
// signed by a key pair generated on first run under the data directory.

const LOCAL_SESSION_SECONDS = 12 * 60 * 60;

type LocalKeyPair = { privateKey: string; publicKey: string };
let localKeys: Promise<LocalKeyPair> | null = null;

export function localKeyPair(): Promise<LocalKeyPair> {
  localKeys ??= (async () => {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const fresh = JSON.stringify({ privateKey: await exportPKCS8(privateKey), publicKey: await exportSPKI(publicKey) });
    return JSON.parse(readOrCreateSecretFile("session-keys.json", () => fresh)) as LocalKeyPair;
  })();
  return localKeys;
}

export async function mintLocalSessionToken(person: LocalPerson, seconds = LOCAL_SESSION_SECONDS): Promise<string> {
  const key = await importPKCS8((await localKeyPair()).privateKey, "RS256");
  return new SignJWT({
    sid: `sess_local_${randomUUID()}`,
    v: 2,
    o: { id: person.orgId, rol: person.role, slg: person.orgSlug },
    org_name: person.orgName,
    name: person.name,
    email: person.email,
  })
    .setProtectedHeader({ alg: "RS256", typ: "JWT" })
    .setSubject(person.userId)
    .setIssuedAt()
    .setNotBefore("0s")
    .setExpirationTime(`${seconds}s`)
    .setIssuer("keyport-local")
    .sign(key);
}

export { LOCAL_SESSION_SECONDS };
