import { execFileSync } from "node:child_process";
import path from "node:path";
import { SignJWT, generateKeyPair, importPKCS8, importSPKI } from "jose";
import { dataDir, localKeyPair, root } from "./env";

export const PEOPLE = {
  acmeAdmin: "ada@acme.test",
  acmeMember: "max@acme.test",
  globexAdmin: "grace@globex.test",
} as const;
export type Person = keyof typeof PEOPLE;

const cache = new Map<string, string>();

/** A real session token, minted by `npm run token` against the suite server's data dir. */
export function sessionToken(person: Person, dir = dataDir): string {
  const cacheKey = `${dir}:${person}`;
  if (!cache.has(cacheKey)) {
    const token = execFileSync(
      process.execPath,
      [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "--conditions=react-server", "scripts/token.ts", PEOPLE[person]],
      { cwd: root, env: { ...process.env, KEYPORT_DATA_DIR: dir, DATABASE_URL: "" }, encoding: "utf8" },
    ).trim();
    cache.set(cacheKey, token);
  }
  return cache.get(cacheKey)!;
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** Claims of the Acme admin, as local mode issues them. */
export function adaClaims(now = Math.floor(Date.now() / 1000)) {
  return {
    sub: "user_local_ada",
    v: 2,
    o: { id: "org_local_acme", rol: "admin", slg: "acme" },
    name: "Ada Lovelace",
    iat: now,
    nbf: now,
    exp: now + 600,
  };
}

/** Tokens that must all be refused with 401. */
export async function badTokens(): Promise<Record<string, string>> {
  const { privateKey, publicKey } = localKeyPair();
  const key = await importPKCS8(privateKey, "RS256");
  const now = Math.floor(Date.now() / 1000);
  const expired = await new SignJWT({ ...adaClaims(now - 7200), exp: now - 3600 })
    .setProtectedHeader({ alg: "RS256" })
    .sign(key);
  const other = await generateKeyPair("RS256");
  const wrongSignature = await new SignJWT(adaClaims()).setProtectedHeader({ alg: "RS256" }).sign(other.privateKey);
  const unsigned = `${b64({ alg: "none", typ: "JWT" })}.${b64(adaClaims())}.`;
  // The classic algorithm-confusion attack: HS256 keyed with the RSA public key.
  const hmacWithPublicKey = await new SignJWT(adaClaims())
    .setProtectedHeader({ alg: "HS256" })
    .sign(new TextEncoder().encode(publicKey));
  await importSPKI(publicKey, "RS256"); // the public key is well-formed: the refusals are real
  return {
    expired,
    "alg none": unsigned,
    "wrong signature": wrongSignature,
    "HS256 with the public key": hmacWithPublicKey,
    garbage: "not-a-token",
    "SDK key": `fp_live_${"A".repeat(36)}`,
  };
}

/** Signs `claims` with `privateKeyPem` (RS256). */
export async function signClaims(claims: Record<string, unknown>, privateKeyPem: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: "RS256", typ: "JWT" }).sign(await importPKCS8(privateKeyPem, "RS256"));
}

/**
 * Session tokens for a workspace of the test's own: a new organization, with Ada as its admin
 * and Max as its member. What a test does to its policies touches no other test.
 */
export async function ownWorkspace(label = "own", adminName = "Ada Lovelace"): Promise<{ admin: string; member: string; orgId: string }> {
  sessionToken("acmeAdmin"); // the server's local key pair exists once a token was minted
  const { privateKey } = localKeyPair();
  const orgId = `org_e2e_${label}_${Math.random().toString(36).slice(2, 10)}`;
  const now = Math.floor(Date.now() / 1000);
  const claims = (sub: string, name: string, rol: string) => ({ sub, v: 2, o: { id: orgId, rol, slg: orgId }, name, iat: now, nbf: now, exp: now + 3600 });
  return {
    orgId,
    admin: await signClaims(claims("user_local_ada", adminName, "admin"), privateKey),
    member: await signClaims(claims("user_local_max", "Max Mustermann", "member"), privateKey),
  };
}
