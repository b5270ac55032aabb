// The self-serve portal's API: a product's backend opens a portal session with a management key;
// the session's token (or the cookie its link gives a browser) reaches only that identity's keys
// in that project. Isolation between identities, projects and workspaces; links used twice,
// late or made up; CORS for the workspace's origins only.
import pg from "pg";
import { ApiClient, expect, test } from "../support/api";
import { baseURL, databaseUrl } from "../support/env";
import { expectProblem } from "../support/problem";
import { startOwnInstance } from "../support/server";
import { ownWorkspace, sessionToken } from "../support/tokens";

const ALL = ["keys:read", "keys:create", "keys:roll", "keys:revoke", "usage:read"];
const ALLOWED_ORIGIN = "http://127.0.0.2:4999";
const OTHER_ORIGIN = "http://127.0.0.3:4999";
const unique = () => Math.random().toString(36).slice(2, 10);

type Tenant = { admin: ApiClient; backend: ApiClient; project: string; otherProject: string };

/** A workspace of the test's own, with two projects and the backend's management key (portal:write). */
async function tenant(label: string): Promise<Tenant> {
  const { admin: adminToken } = await ownWorkspace(label);
  const admin = new ApiClient(adminToken);
  const project = await admin.call("POST", "/api/v1/projects", { body: { name: `Portal ${unique()}` } });
  const otherProject = await admin.call("POST", "/api/v1/projects", { body: { name: `Portal other ${unique()}` } });
  const key = await admin.call("POST", "/api/v1/management-keys", {
    body: { name: "backend", permissions: ["portal:write", "identities:write", "identities:read"] },
  });
  expect(key.status, JSON.stringify(key.body)).toBe(201);
  return { admin, backend: new ApiClient(key.body.key), project: project.body.project_id, otherProject: otherProject.body.project_id };
}

async function identity(t: Tenant, externalId = `cus_${unique()}`): Promise<{ id: string; externalId: string }> {
  const created = await t.backend.call("POST", "/api/v1/identities", { body: { external_id: externalId } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.id, externalId };
}

async function session(t: Tenant, body: Record<string, unknown>) {
  const opened = await t.backend.call("POST", "/api/v1/portal/sessions", { body: { permissions: ALL, project_id: t.project, ...body } });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  return opened.body as { id: string; url: string; token: string; expires_at: string };
}

const portal = (token: string) => new ApiClient(token);

async function createKey(token: string, name = `key ${unique()}`) {
  const created = await portal(token).call("POST", "/api/v1/portal/keys", { body: { name } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { key_id: string; key: string; name: string };
}

/** Opens a link the way a browser does, without following the redirect. */
const openLink = (url: string) => fetch(url, { redirect: "manual" });

test("a backend holding only a management key opens a session; its token manages exactly that identity's keys", async () => {
  const t = await tenant("portal");
  const ann = await identity(t);
  const bob = await identity(t);
  const opened = await session(t, { external_id: ann.externalId, return_url: "https://app.example.com/settings" });
  expect(opened.token).toMatch(/^kpp_[0-9A-Za-z]{36}$/);
  expect(opened.url).toMatch(new RegExp(`^${baseURL}/portal/[0-9A-Za-z]{32}$`));
  expect(Date.parse(opened.expires_at) - Date.now()).toBeGreaterThan(3_500_000);

  const created = await createKey(opened.token, "ann server");
  expect(created.key).toMatch(/^fp_live_/);
  // The key works, and it is Ann's: the verify route says so through its identity.
  expect((await new ApiClient(created.key).call("POST", "/api/v1/keys/verify")).status).toBe(200);

  // Bob's key in the same project, another project's key of Ann, and a workspace key.
  const bobs = await createKey((await session(t, { identity_id: bob.id })).token, "bob server");
  const annElsewhere = await createKey((await session(t, { identity_id: ann.id, project_id: t.otherProject })).token, "ann other project");
  const workspaceKey = await t.admin.call("POST", `/api/v1/projects/${t.project}/keys`, { body: { name: "workspace key" } });

  const listed = await portal(opened.token).call("GET", "/api/v1/portal/keys");
  expect(listed.status).toBe(200);
  expect(listed.body.map((k: { name: string }) => k.name)).toEqual(["ann server"]);
  expect(Object.keys(listed.body[0]).sort()).toEqual(
    ["created_at", "environment", "expires_at", "is_active", "key_id", "key_prefix", "last_used_at", "name", "revoked_at", "rolled_from", "rolled_to", "scopes"],
  );
  for (const foreign of [bobs.key_id, annElsewhere.key_id, workspaceKey.body.key_id]) {
    expectProblem(await portal(opened.token).call("DELETE", `/api/v1/portal/keys/${foreign}`), 404, "not_found");
    expectProblem(await portal(opened.token).call("POST", `/api/v1/portal/keys/${foreign}/roll`, { body: { grace_period: "none" } }), 404, "not_found");
    expectProblem(await portal(opened.token).call("GET", `/api/v1/portal/keys/${foreign}/usage`), 404, "not_found");
  }
  // Nothing happened to them.
  expect((await new ApiClient(bobs.key).call("POST", "/api/v1/keys/verify")).status).toBe(200);

  // Another workspace's key is a 404 too.
  const other = await tenant("portal-other");
  const theirs = await createKey((await session(other, { identity_id: (await identity(other)).id })).token);
  expectProblem(await portal(opened.token).call("DELETE", `/api/v1/portal/keys/${theirs.key_id}`), 404, "not_found");

  // Roll with a grace period, then revoke.
  const rolled = await portal(opened.token).call("POST", `/api/v1/portal/keys/${created.key_id}/roll`, { body: { grace_period: "1h" } });
  expect(rolled.status, JSON.stringify(rolled.body)).toBe(201);
  expect(rolled.body.rolled_from).toBe(created.key_id);
  expect((await new ApiClient(created.key).call("POST", "/api/v1/keys/verify")).status).toBe(200); // in its grace period
  const revoked = await portal(opened.token).call("DELETE", `/api/v1/portal/keys/${rolled.body.key_id}`);
  expect(revoked.status).toBe(200);
  expect((await new ApiClient(rolled.body.key).call("POST", "/api/v1/keys/verify")).status).toBe(401);
  const usage = await portal(opened.token).call("GET", `/api/v1/portal/keys/${created.key_id}/usage?granularity=day`);
  expect(usage.status).toBe(200);
  expect(usage.body.at(-1).valid).toBeGreaterThanOrEqual(0);

  // The audit log names the identity and the session.
  const events = await t.admin.call("GET", "/api/v1/audit-events?limit=100");
  const actions = events.body.map((e: { action: string; actor: { type: string; name: string; id: string } }) => e);
  // Ann made keys on two sessions: each is recorded under its own.
  const portalCreates = actions.filter((e: { action: string; actor: { name: string } }) => e.action === "api_key.created" && e.actor.name === ann.externalId);
  expect(portalCreates).toHaveLength(2);
  expect(portalCreates.map((e: { actor: unknown }) => e.actor)).toContainEqual({ type: "portal", id: opened.id, name: ann.externalId });
  expect(actions.some((e: { action: string }) => e.action === "portal_session.created")).toBe(true);
});

test("a portal token never reaches a workspace route, and nothing but a portal token reaches the portal API", async () => {
  const t = await tenant("portal-auth");
  const opened = await session(t, { identity_id: (await identity(t)).id });
  for (const path of ["/api/v1/projects", `/api/v1/projects/${t.project}/keys`, "/api/v1/workspace/portal", "/api/v1/management-keys"]) {
    expectProblem(await portal(opened.token).call("GET", path), 401, "unauthorized");
  }
  expectProblem(await portal(opened.token).call("POST", "/api/v1/portal/sessions", { body: { permissions: ALL, project_id: t.project, identity_id: opened.id } }), 401, "unauthorized");
  for (const token of [sessionToken("acmeAdmin"), (await t.admin.call("POST", "/api/v1/management-keys", { body: { name: "all", permissions: ["keys:read"] } })).body.key, null]) {
    expectProblem(await new ApiClient(token).call("GET", "/api/v1/portal/keys"), 401, "unauthorized");
  }
  // A mistyped or unknown portal token gets the same answer as an ended one.
  const mistyped = opened.token.slice(0, -1) + (opened.token.endsWith("A") ? "B" : "A");
  const first = expectProblem(await portal(mistyped).call("GET", "/api/v1/portal/keys"), 401, "unauthorized");
  expect(first.detail).not.toContain(mistyped);
  // A session allows only what it was given.
  const readOnly = await session(t, { identity_id: (await identity(t)).id, permissions: ["keys:read"] });
  expect((await portal(readOnly.token).call("GET", "/api/v1/portal/keys")).status).toBe(200);
  expectProblem(await portal(readOnly.token).call("POST", "/api/v1/portal/keys", { body: { name: "nope" } }), 403, "forbidden");
  // A management key without portal:write cannot open sessions; a member's session cannot either.
  const weak = (await t.admin.call("POST", "/api/v1/management-keys", { body: { name: "weak", permissions: ["keys:write"] } })).body.key;
  expectProblem(await new ApiClient(weak).call("POST", "/api/v1/portal/sessions", { body: { permissions: ALL, project_id: t.project, identity_id: opened.id } }), 403, "forbidden");
  // Unknown identities, another workspace's project: 404.
  expectProblem(await t.backend.call("POST", "/api/v1/portal/sessions", { body: { permissions: ALL, project_id: t.project, external_id: "nobody" } }), 404, "not_found");
  const other = await tenant("portal-auth-other");
  expectProblem(
    await t.backend.call("POST", "/api/v1/portal/sessions", { body: { permissions: ALL, project_id: other.project, identity_id: opened.id } }),
    404,
    "not_found",
  );
  expectProblem(await t.backend.call("POST", "/api/v1/portal/sessions", { body: { permissions: ALL, project_id: t.project, external_id: "x", expires_in: 90_000 } }), 422, "validation_failed");
});

test("ending a session stops its token, its cookie and its unused link at once", async () => {
  const t = await tenant("portal-end");
  const ann = await identity(t);
  const opened = await session(t, { identity_id: ann.id });
  const used = await session(t, { identity_id: ann.id });
  const cookie = (await openLink(used.url)).headers.get("set-cookie")!.split(";")[0]!;
  expect((await fetch(`${baseURL}/portal/api/keys`, { headers: { cookie } })).status).toBe(200);
  expect((await t.backend.call("DELETE", `/api/v1/portal/sessions/${opened.id}`)).status).toBe(200);
  expect((await t.backend.call("DELETE", `/api/v1/portal/sessions/${used.id}`)).status).toBe(200);
  expect((await t.backend.call("DELETE", `/api/v1/portal/sessions/${opened.id}`)).status).toBe(200); // idempotent
  expectProblem(await portal(opened.token).call("GET", "/api/v1/portal/keys"), 401, "unauthorized");
  expect((await fetch(`${baseURL}/portal/api/keys`, { headers: { cookie } })).status).toBe(401);
  expect((await openLink(opened.url)).headers.get("location")).toMatch(/\/portal\/expired$/);
  const other = await tenant("portal-end-other");
  expectProblem(await other.backend.call("DELETE", `/api/v1/portal/sessions/${opened.id}`), 404, "not_found");
  const events = await t.admin.call("GET", "/api/v1/audit-events?limit=50");
  expect(events.body.filter((e: { action: string }) => e.action === "portal_session.ended")).toHaveLength(2);
});

test("a link works once, within its 15 minutes; a second, late or made-up use is the 'link expired' page", async () => {
  const t = await tenant("portal-codes");
  const ann = await identity(t);
  const opened = await session(t, { identity_id: ann.id });
  const first = await openLink(opened.url);
  expect(first.status).toBe(303);
  expect(first.headers.get("location")).toBe("/portal");
  const setCookie = first.headers.get("set-cookie")!;
  expect(setCookie).toMatch(/^keyport_portal=kpp_[0-9A-Za-z]{36};/);
  expect(setCookie).toMatch(/Path=\/portal(;|$)/);
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=lax/i);
  expect(setCookie).not.toMatch(/Secure/i); // loopback serves plain http
  // The browser's token is its own, not the backend's.
  expect(setCookie).not.toContain(opened.token);

  const second = await openLink(opened.url);
  expect(second.status).toBe(303);
  expect(second.headers.get("location")).toMatch(/\/portal\/expired$/);
  expect(second.headers.get("set-cookie")).toBeNull();
  const page = await fetch(new URL(second.headers.get("location")!, baseURL));
  expect(await page.text()).toContain("This link has expired");

  for (const forged of ["A".repeat(32), "short", "kpp_nope", opened.token]) {
    expect((await openLink(`${baseURL}/portal/${forged}`)).headers.get("location"), forged).toMatch(/\/portal\/expired$/);
  }

  // Late: the code's 15 minutes have passed (moved back in the database, as time would).
  const late = await session(t, { identity_id: ann.id });
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query("UPDATE portal_sessions SET code_expires_at = now() - interval '1 second' WHERE id = $1", [late.id]);
  } finally {
    await db.end();
  }
  expect((await openLink(late.url)).headers.get("location")).toMatch(/\/portal\/expired$/);
  // The session itself still works with its token: only the link is spent.
  expect((await portal(late.token).call("GET", "/api/v1/portal/keys")).status).toBe(200);

  // Ten browsers racing with one link: exactly one gets in.
  const raced = await session(t, { identity_id: ann.id });
  const answers = await Promise.all(Array.from({ length: 10 }, () => openLink(raced.url)));
  expect(answers.filter((a) => a.headers.get("location") === "/portal")).toHaveLength(1);

  // A forwarded host named by the request does not choose where the link sends the browser.
  const hostile = await session(t, { identity_id: ann.id });
  const redirected = await fetch(hostile.url, { redirect: "manual", headers: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" } });
  expect(redirected.headers.get("location")).toBe("/portal");
  expect(redirected.headers.get("set-cookie")).toMatch(/Secure/); // a proxied https host gets a Secure cookie
});

test("the hosted portal's cookie works for its own pages only: same-origin writes, no cross-site ones", async () => {
  const t = await tenant("portal-cookie");
  const opened = await session(t, { identity_id: (await identity(t)).id });
  const cookie = (await openLink(opened.url)).headers.get("set-cookie")!.split(";")[0]!;
  const post = (origin?: string) =>
    fetch(`${baseURL}/portal/api/keys`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", ...(origin ? { origin } : {}) },
      body: JSON.stringify({ name: `cookie ${unique()}` }),
    });
  expect((await post()).status).toBe(403);
  expect((await post(ALLOWED_ORIGIN)).status).toBe(403);
  expect((await post(baseURL)).status).toBe(201);
  const listed = await fetch(`${baseURL}/portal/api/keys`, { headers: { cookie } });
  expect(listed.status).toBe(200);
  expect(await listed.json()).toHaveLength(1);
  // The cookie is for the portal's path: the API's own path does not take it.
  expect((await fetch(`${baseURL}/api/v1/projects`, { headers: { cookie } })).status).toBe(401);
});

test("CORS: the workspace's portal origins only, and never with credentials", async () => {
  const t = await tenant("portal-cors");
  const saved = await t.admin.call("PUT", "/api/v1/workspace/portal", {
    body: { portal_origins: [ALLOWED_ORIGIN], logo_url: "https://cdn.example.com/logo.png", accent_color: "#0E7490" },
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  expect(saved.body).toEqual({ portal_origins: [ALLOWED_ORIGIN], logo_url: "https://cdn.example.com/logo.png", accent_color: "#0e7490" });
  expectProblem(await t.admin.call("PUT", "/api/v1/workspace/portal", { body: { portal_origins: [], logo_url: "http://insecure.example.com/x.png", accent_color: null } }), 422, "validation_failed");
  expectProblem(await t.admin.call("PUT", "/api/v1/workspace/portal", { body: { portal_origins: ["https://x.example.com/path"], logo_url: null, accent_color: "red" } }), 422, "validation_failed");
  const opened = await session(t, { identity_id: (await identity(t)).id });

  const preflight = (origin: string) =>
    fetch(`${baseURL}/api/v1/portal/keys`, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
    });
  const allowed = await preflight(ALLOWED_ORIGIN);
  expect(allowed.status).toBe(204);
  expect(allowed.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
  expect(allowed.headers.get("access-control-allow-methods")).toContain("POST");
  expect(allowed.headers.get("access-control-allow-headers")).toContain("authorization");
  expect(allowed.headers.get("access-control-allow-credentials")).toBeNull();
  const refused = await preflight(OTHER_ORIGIN);
  expect(refused.headers.get("access-control-allow-origin")).toBeNull();
  expect(refused.headers.get("access-control-allow-methods")).toBeNull();

  const get = (origin: string) => fetch(`${baseURL}/api/v1/portal/keys`, { headers: { origin, authorization: `Bearer ${opened.token}` } });
  const ok = await get(ALLOWED_ORIGIN);
  expect(ok.status).toBe(200);
  expect(ok.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
  expect(ok.headers.get("access-control-allow-credentials")).toBeNull();
  expect((await get(OTHER_ORIGIN)).headers.get("access-control-allow-origin")).toBeNull();
  // Another workspace listing the origin does not open this workspace's answers to it.
  const other = await tenant("portal-cors-other");
  const theirs = await session(other, { identity_id: (await identity(other)).id });
  const cross = await fetch(`${baseURL}/api/v1/portal/keys`, { headers: { origin: ALLOWED_ORIGIN, authorization: `Bearer ${theirs.token}` } });
  expect(cross.status).toBe(200);
  expect(cross.headers.get("access-control-allow-origin")).toBeNull();
  // Workspace routes never answer CORS.
  const workspace = await fetch(`${baseURL}/api/v1/projects`, { method: "OPTIONS", headers: { origin: ALLOWED_ORIGIN, "access-control-request-method": "GET" } });
  expect(workspace.headers.get("access-control-allow-origin")).toBeNull();
});

test("workspace policies hold for portal keys, and portal writes are limited per identity", async () => {
  const t = await tenant("portal-policy");
  const policy = (await t.admin.call("GET", "/api/v1/workspace/policy")).body;
  const put = await t.admin.call("PUT", "/api/v1/workspace/policy", {
    body: { ...policy, single_active_key: "project_environment", require_expiry: { live: true, test: false }, max_lifetime_days: { live: 30, test: null } },
  });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  const ann = await identity(t);
  const opened = await session(t, { identity_id: ann.id, scopes: ["flags:read"], environments: ["live"] });
  const create = (body: Record<string, unknown>) => portal(opened.token).call("POST", "/api/v1/portal/keys", { body: { name: `p ${unique()}`, ...body } });
  expectProblem(await create({}), 422, "validation_failed"); // live keys must expire
  expectProblem(await create({ expires_at: new Date(Date.now() + 40 * 86_400_000).toISOString() }), 422, "validation_failed");
  expectProblem(await create({ expires_at: new Date(Date.now() + 86_400_000).toISOString(), scopes: ["config:read"] }), 422, "validation_failed");
  expectProblem(await create({ expires_at: new Date(Date.now() + 86_400_000).toISOString(), environment: "test" }), 422, "validation_failed");
  const made = await create({ expires_at: new Date(Date.now() + 86_400_000).toISOString(), scopes: ["flags:read"] });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  expect(made.body.scopes).toEqual(["flags:read"]);
  expectProblem(await create({ expires_at: new Date(Date.now() + 86_400_000).toISOString() }), 409, "conflict"); // single active key
  expectProblem(
    await t.backend.call("POST", "/api/v1/portal/sessions", { body: { permissions: ALL, project_id: t.project, identity_id: ann.id, scopes: ["not:offered"] } }),
    422,
    "validation_failed",
  );

  // The identity's writes share one limit, whichever of its sessions makes them (an instance
  // of its own, on the same database, with a limit of 3 writes a minute).
  const second = await session(t, { identity_id: ann.id });
  const bob = await session(t, { identity_id: (await identity(t)).id });
  const instance = await startOwnInstance("portal-write-limit", { KEYPORT_WRITE_LIMIT: "3" });
  try {
    const missing = "00000000-0000-4000-8000-000000000000";
    const revoke = (token: string) => new ApiClient(token, instance.origin).call("DELETE", `/api/v1/portal/keys/${missing}`);
    for (const token of [opened.token, second.token, opened.token]) expect((await revoke(token)).status).toBe(404);
    expectProblem(await revoke(second.token), 429, "rate_limited");
    // Another identity is not affected; reads are not writes.
    expect((await revoke(bob.token)).status).toBe(404);
    expect((await new ApiClient(opened.token, instance.origin).call("GET", "/api/v1/portal/keys")).status).toBe(200);
  } finally {
    await instance.stop();
  }
});
