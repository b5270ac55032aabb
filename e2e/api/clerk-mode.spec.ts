// Clerk mode, offline: the production build started with a pk_live_-style publishable key,
// a secret key and CLERK_JWT_KEY set to a key pair made for this test. Tokens signed with it
// (session token v1 and v2 claims) provision workspaces and carry roles.
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { ApiClient, expect, test } from "../support/api";
import { databaseUrl, embedded } from "../support/env";
import { expectProblem } from "../support/problem";
import { startInstance, type ServerInstance } from "../support/server";
import { signClaims } from "../support/tokens";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const { privateKey, publicKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
});
let clerk: ServerInstance;

test.beforeAll(async () => {
  clerk = await startInstance({
    DATABASE_URL: databaseUrl,
    KEYPORT_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "keyport-clerk-")),
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: `pk_live_${Buffer.from("clerk.keyport.invalid$").toString("base64")}`,
    CLERK_SECRET_KEY: "sk_live_keyport_offline_test",
    // As a .env file would hold it: one line, with \n escapes.
    CLERK_JWT_KEY: publicKey.replace(/\n/g, "\\n"),
    KEYPORT_LOG_REQUESTS: "0",
    ...(embedded ? { KEYPORT_EMBEDDED: "1" } : {}),
  });
});
test.afterAll(async () => clerk?.stop());

function claims(version: 1 | 2, orgId: string, role: string, userId = `user_${randomUUID()}`) {
  const now = Math.floor(Date.now() / 1000);
  const base = { sub: userId, sid: `sess_${randomUUID()}`, iat: now, nbf: now, exp: now + 300 };
  return version === 2
    ? { ...base, v: 2, o: { id: orgId, rol: role, slg: `org-${orgId.slice(-6)}` } }
    : { ...base, org_id: orgId, org_role: `org:${role}`, org_slug: `org-${orgId.slice(-6)}` };
}

for (const version of [1, 2] as const) {
  test(`session token v${version}: a new organization gets a workspace, a project and roles`, async () => {
    const orgId = `org_${randomUUID().replace(/-/g, "")}`;
    const admin = new ApiClient(await signClaims(claims(version, orgId, "admin"), privateKey), clerk.origin);
    const member = new ApiClient(await signClaims(claims(version, orgId, "member"), privateKey), clerk.origin);

    const projects = await admin.call("GET", "/api/v1/projects");
    expect(projects.status).toBe(200);
    expect(projects.body).toHaveLength(1);
    const projectId = projects.body[0].project_id;
    const keys = await admin.listKeys(projectId);
    expect(keys.body.filter((k: { is_admin_managed: boolean }) => k.is_admin_managed)).toHaveLength(1);

    const created = await admin.call("POST", `/api/v1/projects/${projectId}/keys`, { body: { name: "clerk key" } });
    expect(created.status).toBe(201);
    expect((await member.listKeys(projectId)).status).toBe(200);
    expectProblem(await member.call("POST", `/api/v1/projects/${projectId}/keys`, { body: { name: "nope" } }), 403, "forbidden");
    expectProblem(await member.revokeKey(projectId, created.body.key_id), 403, "forbidden");

    // Another organization sees none of it.
    const stranger = new ApiClient(await signClaims(claims(version, `org_${randomUUID().replace(/-/g, "")}`, "admin"), privateKey), clerk.origin);
    expectProblem(await stranger.listKeys(projectId), 404, "not_found");
  });
}

test("Clerk mode refuses tokens it did not sign, tokens without an organization, and SDK keys", async () => {
  const orgId = `org_${randomUUID().replace(/-/g, "")}`;
  const { privateKey: otherKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  expectProblem(await new ApiClient(await signClaims(claims(2, orgId, "admin"), otherKey), clerk.origin).call("GET", "/api/v1/projects"), 401, "unauthorized");
  const expired = { ...claims(2, orgId, "admin"), exp: Math.floor(Date.now() / 1000) - 60 };
  expectProblem(await new ApiClient(await signClaims(expired, privateKey), clerk.origin).call("GET", "/api/v1/projects"), 401, "unauthorized");
  const noOrg = claims(2, orgId, "admin") as Record<string, unknown>;
  delete noOrg.o;
  const problem = expectProblem(await new ApiClient(await signClaims(noOrg, privateKey), clerk.origin).call("GET", "/api/v1/projects"), 403, "forbidden");
  expect(problem.detail).toMatch(/organization/);
  expectProblem(await new ApiClient(`fp_live_${"A".repeat(36)}`, clerk.origin).call("GET", "/api/v1/projects"), 401, "unauthorized");
});

test("on 127.0.0.1, pages answer at once: the sign-in page loads and a protected page redirects to Clerk", async () => {
  // This instance listens on 127.0.0.1 (HOST). Clerk's middleware rewrites each page to its own
  // URL; a host mismatch once made Next proxy every page to itself until sockets ran out.
  const started = Date.now();
  const signIn = await fetch(`${clerk.origin}/sign-in`, { signal: AbortSignal.timeout(10_000) });
  expect(signIn.status).toBe(200);
  expect(await signIn.text()).toContain("<title>Sign in");
  const page = await fetch(`${clerk.origin}/settings/api-keys`, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
  expect(page.status).toBe(307);
  expect(page.headers.get("location")).toMatch(/\/sign-in\?redirect_url=/);
  expect(Date.now() - started).toBeLessThan(5000);
  // Clerk's own nonce-based policy guards the page.
  expect(signIn.headers.get("content-security-policy")).toMatch(/'nonce-[^']+'/);
});
