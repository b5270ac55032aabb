// One table over every REST route and every server action in the build: no session is
// 401, every bad token is 401, a member writing is 403, another workspace's ids are 404.
// The test fails when the build has a route or an action this table has no case for.
import { readFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { ApiClient, expect, test } from "../support/api";
import { baseURL, root } from "../support/env";
import { expectProblem } from "../support/problem";
import { leak, sendReport } from "../support/scanner";
import { badTokens, sessionToken, type Person } from "../support/tokens";

type World = {
  project: string;
  key: string;
  keySecret: string;
  otherProject: string;
  otherKey: string;
  /** A revoked key of the project (created for the cases that need one). */
  revokedKey: string;
  /** The request ids of one verification by each workspace's key. */
  request: string;
  otherRequest: string;
  /** A webhook endpoint of each workspace, for the cases that need one (deleted afterwards). */
  webhook: string;
  otherWebhook: string;
  /** A management key of each workspace, for the cases that need one. */
  managementKey: string;
  otherManagementKey: string;
  /** A delivery (of a test event) to each of those endpoints. */
  delivery: string;
  otherDelivery: string;
  /** An identity of each workspace, for the cases that need one. */
  identity: string;
  otherIdentity: string;
  /** A portal session of each workspace (for an identity of its own), and the first one's token. */
  portalSession: string;
  otherPortalSession: string;
  portalToken: string;
  /** A key of that session's identity, and a key of another identity of the same project. */
  portalKey: string;
  otherIdentityKey: string;
  portalIdentity: string;
};

const HOOK_URL = "http://127.0.0.1:9/matrix";

async function world(options: { webhooks?: boolean; requests?: boolean; managementKeys?: boolean; revokedKey?: boolean; identities?: boolean; portal?: boolean } = {}): Promise<World> {
  const ada = new ApiClient(sessionToken("acmeAdmin"));
  const grace = new ApiClient(sessionToken("globexAdmin"));
  const own = await ada.createProject();
  const other = await grace.createProject();
  const key = await ada.createKey(own.project_id, { name: "matrix" });
  const otherKey = await grace.createKey(other.project_id, { name: "matrix other" });
  // A verification's request id, once its event is written (every KEYPORT_USAGE_FLUSH_MS, 1 s).
  const requestOf = async (secret: string, owner: ApiClient) => {
    const id = (await new ApiClient(secret).call("POST", "/api/v1/keys/verify")).headers.get("request-id")!;
    if (options.requests) await expect.poll(async () => (await owner.call("GET", `/api/v1/requests/${id}`)).status).toBe(200);
    return id;
  };
  const hook = async (client: ApiClient) => {
    const none = "00000000-0000-4000-8000-000000000000";
    if (!options.webhooks) return { id: none, delivery: none };
    const created = await client.call("POST", "/api/v1/webhooks", { body: { url: HOOK_URL, events: ["key.revoked"] } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const sent = await client.call("POST", `/api/v1/webhooks/${created.body.id}/test`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    return { id: created.body.id as string, delivery: sent.body.id as string };
  };
  const managementKey = async (client: ApiClient) => {
    if (!options.managementKeys) return "00000000-0000-4000-8000-000000000000";
    const created = await client.call("POST", "/api/v1/management-keys", { body: { name: "matrix", permissions: ["projects:read"] } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  };
  const identity = async (client: ApiClient) => {
    if (!options.identities) return "00000000-0000-4000-8000-000000000000";
    const created = await client.call("POST", "/api/v1/identities", { body: { external_id: `matrix-${randomUUID()}`, credits: { remaining: 10 } } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  };
  const [mine, theirs] = [await hook(ada), await hook(grace)];
  const revokedKey = async () => {
    if (!options.revokedKey) return "00000000-0000-4000-8000-000000000000";
    const made = await ada.createKey(own.project_id, { name: "matrix revoked" });
    expect((await ada.revokeKey(own.project_id, made.key_id)).status).toBe(200);
    return made.key_id;
  };
  const none = "00000000-0000-4000-8000-000000000000";
  const portal = async (client: ApiClient, projectId: string) => {
    if (!options.portal) return { session: none, token: "", key: none, identity: none };
    const identity = await client.call("POST", "/api/v1/identities", { body: { external_id: `matrix-${randomUUID()}` } });
    expect(identity.status, JSON.stringify(identity.body)).toBe(201);
    const opened = await client.call("POST", "/api/v1/portal/sessions", {
      body: { project_id: projectId, identity_id: identity.body.id, permissions: ["keys:read", "keys:create", "keys:roll", "keys:revoke", "usage:read"] },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const key = await new ApiClient(opened.body.token).call("POST", "/api/v1/portal/keys", { body: { name: "matrix portal" } });
    expect(key.status, JSON.stringify(key.body)).toBe(201);
    return { session: opened.body.id as string, token: opened.body.token as string, key: key.body.key_id as string, identity: identity.body.id as string };
  };
  const [myPortal, theirPortal, neighbour] = [await portal(ada, own.project_id), await portal(grace, other.project_id), await portal(ada, own.project_id)];
  return {
    revokedKey: await revokedKey(),
    portalSession: myPortal.session,
    otherPortalSession: theirPortal.session,
    portalToken: myPortal.token,
    portalKey: myPortal.key,
    otherIdentityKey: neighbour.key,
    portalIdentity: myPortal.identity,
    identity: await identity(ada),
    otherIdentity: await identity(grace),
    managementKey: await managementKey(ada),
    otherManagementKey: await managementKey(grace),
    webhook: mine.id,
    otherWebhook: theirs.id,
    delivery: mine.delivery,
    otherDelivery: theirs.delivery,
    project: own.project_id,
    key: key.key_id,
    keySecret: key.key,
    otherProject: other.project_id,
    otherKey: otherKey.key_id,
    request: await requestOf(key.key, ada),
    otherRequest: await requestOf(otherKey.key, grace),
  };
}

// ---- REST routes --------------------------------------------------------------------------

const DEFAULT_POLICY = {
  single_active_key: "off",
  require_expiry: { live: false, test: false },
  max_lifetime_days: { live: null, test: null },
  scopes: [
    { name: "flags:read", description: "Evaluate feature flags" },
    { name: "events:write", description: "Track exposures and events" },
    { name: "config:read", description: "Fetch remote configuration" },
    { name: "analytics:read", description: "Query reports" },
  ],
  leak_response: "revoke",
};

type RouteCase = {
  method: string;
  path: (w: World) => string;
  body?: unknown | ((w: World) => unknown);
  write: boolean;
  /** The same call aimed at another workspace's ids. */
  foreign?: (w: World) => string;
  /** Whether the world needs a webhook endpoint in each workspace. */
  webhooks?: boolean;
  /** Whether the world's verifications must be written before the case runs. */
  requests?: boolean;
  /** Whether the world needs a management key in each workspace. */
  managementKeys?: boolean;
  /** What the admin's call answers when it is not a success (it passed every check of who may call). */
  adminStatus?: number;
  /** Whether the world needs a revoked key. */
  revokedKey?: boolean;
  /** Whether the world needs an identity in each workspace. */
  identities?: boolean;
  /** Whether the world needs a portal session in each workspace. */
  portal?: boolean;
};

/** A portal route: called with a portal session's token, on the session identity's keys. */
type PortalCase = { method: string; path: (w: World) => string; body?: unknown; foreign?: (w: World) => string };

const ROUTES: Record<
  string,
  | { auth: "session"; cases: RouteCase[] }
  | { auth: "sdk-key" }
  | { auth: "scanner-signature" }
  | { auth: "dashboard-cookie"; path: string }
  | { auth: "public"; check: string }
  | { auth: "portal"; cases: PortalCase[] }
  | { auth: "portal-link" }
> = {
  "/api/v1/projects": {
    auth: "session",
    cases: [
      { method: "GET", path: () => "/api/v1/projects", write: false },
      { method: "POST", path: () => "/api/v1/projects", body: { name: "matrix project" }, write: true },
    ],
  },
  "/api/v1/projects/[projectId]/keys": {
    auth: "session",
    cases: [
      { method: "GET", path: (w) => `/api/v1/projects/${w.project}/keys`, write: false, foreign: (w) => `/api/v1/projects/${w.otherProject}/keys` },
      { method: "POST", path: (w) => `/api/v1/projects/${w.project}/keys`, body: { name: "matrix key" }, write: true, foreign: (w) => `/api/v1/projects/${w.otherProject}/keys` },
    ],
  },
  "/api/v1/projects/[projectId]/keys/[keyId]": {
    auth: "session",
    cases: [
      {
        method: "PATCH",
        path: (w) => `/api/v1/projects/${w.project}/keys/${w.key}`,
        body: { name: "matrix renamed" },
        write: true,
        foreign: (w) => `/api/v1/projects/${w.otherProject}/keys/${w.otherKey}`,
      },
      {
        method: "DELETE",
        path: (w) => `/api/v1/projects/${w.project}/keys/${w.key}`,
        write: true,
        foreign: (w) => `/api/v1/projects/${w.otherProject}/keys/${w.otherKey}`,
      },
    ],
  },
  "/api/v1/projects/[projectId]/keys/[keyId]/roll": {
    auth: "session",
    cases: [
      {
        method: "POST",
        path: (w) => `/api/v1/projects/${w.project}/keys/${w.key}/roll`,
        body: { grace_period: "1h" },
        write: true,
        foreign: (w) => `/api/v1/projects/${w.otherProject}/keys/${w.otherKey}/roll`,
      },
    ],
  },
  "/api/v1/projects/[projectId]/keys/[keyId]/deactivate": {
    auth: "session",
    cases: [
      {
        method: "POST",
        path: (w) => `/api/v1/projects/${w.project}/keys/${w.key}/deactivate`,
        write: true,
        foreign: (w) => `/api/v1/projects/${w.otherProject}/keys/${w.otherKey}/deactivate`,
      },
    ],
  },
  "/api/v1/projects/[projectId]/keys/[keyId]/reactivate": {
    auth: "session",
    cases: [
      {
        method: "POST",
        path: (w) => `/api/v1/projects/${w.project}/keys/${w.key}/reactivate`,
        write: true,
        foreign: (w) => `/api/v1/projects/${w.otherProject}/keys/${w.otherKey}/reactivate`,
      },
    ],
  },
  // Aimed at a revoked key, which is never revealed whatever the policy: the admin gets as far
  // as the key itself (409). Revealing keys: recoverable-keys.spec.ts.
  "/api/v1/projects/[projectId]/keys/[keyId]/reveal": {
    auth: "session",
    cases: [
      {
        method: "POST",
        path: (w) => `/api/v1/projects/${w.project}/keys/${w.revokedKey}/reveal`,
        write: true,
        revokedKey: true,
        foreign: (w) => `/api/v1/projects/${w.otherProject}/keys/${w.otherKey}/reveal`,
        adminStatus: 409,
      },
    ],
  },
  "/api/v1/projects/[projectId]/keys/[keyId]/usage": {
    auth: "session",
    cases: [
      {
        method: "GET",
        path: (w) => `/api/v1/projects/${w.project}/keys/${w.key}/usage?granularity=hour`,
        write: false,
        foreign: (w) => `/api/v1/projects/${w.otherProject}/keys/${w.otherKey}/usage`,
      },
    ],
  },
  "/api/v1/projects/[projectId]/keys/bulk-revoke": {
    auth: "session",
    cases: [
      {
        method: "POST",
        path: (w) => `/api/v1/projects/${w.project}/keys/bulk-revoke`,
        body: { key_ids: ["00000000-0000-4000-8000-000000000000"] },
        write: true,
        foreign: (w) => `/api/v1/projects/${w.otherProject}/keys/bulk-revoke`,
      },
    ],
  },
  "/api/v1/audit-events": {
    auth: "session",
    cases: [{ method: "GET", path: () => "/api/v1/audit-events", write: true }],
  },
  "/api/v1/audit-events/export": {
    auth: "session",
    cases: [{ method: "GET", path: () => "/api/v1/audit-events/export", write: true }],
  },
  // The Audit log page's download: the dashboard's session cookie, admins only.
  "/(dashboard)/settings/audit-log/export": { auth: "dashboard-cookie", path: "/settings/audit-log/export" },
  "/api/v1/requests/[requestId]": {
    auth: "session",
    cases: [{ method: "GET", path: (w) => `/api/v1/requests/${w.request}`, write: false, requests: true, foreign: (w) => `/api/v1/requests/${w.otherRequest}` }],
  },
  "/api/v1/webhooks": {
    auth: "session",
    cases: [
      { method: "GET", path: () => "/api/v1/webhooks", write: true },
      { method: "POST", path: () => "/api/v1/webhooks", body: { url: HOOK_URL, events: ["key.created"] }, write: true },
    ],
  },
  "/api/v1/webhooks/[webhookId]": {
    auth: "session",
    cases: [
      { method: "PATCH", path: (w) => `/api/v1/webhooks/${w.webhook}`, body: { disabled: true }, write: true, webhooks: true, foreign: (w) => `/api/v1/webhooks/${w.otherWebhook}` },
      { method: "DELETE", path: (w) => `/api/v1/webhooks/${w.webhook}`, write: true, webhooks: true, foreign: (w) => `/api/v1/webhooks/${w.otherWebhook}` },
    ],
  },
  "/api/v1/webhooks/[webhookId]/test": {
    auth: "session",
    cases: [{ method: "POST", path: (w) => `/api/v1/webhooks/${w.webhook}/test`, write: true, webhooks: true, foreign: (w) => `/api/v1/webhooks/${w.otherWebhook}/test` }],
  },
  "/api/v1/webhooks/[webhookId]/deliveries": {
    auth: "session",
    cases: [{ method: "GET", path: (w) => `/api/v1/webhooks/${w.webhook}/deliveries`, write: true, webhooks: true, foreign: (w) => `/api/v1/webhooks/${w.otherWebhook}/deliveries` }],
  },
  "/api/v1/webhooks/[webhookId]/deliveries/[deliveryId]/resend": {
    auth: "session",
    cases: [
      {
        method: "POST",
        path: (w) => `/api/v1/webhooks/${w.webhook}/deliveries/${w.delivery}/resend`,
        write: true,
        webhooks: true,
        foreign: (w) => `/api/v1/webhooks/${w.otherWebhook}/deliveries/${w.otherDelivery}/resend`,
      },
    ],
  },
  // The admin's PUT writes the default policy back: the seeded workspaces keep theirs.
  "/api/v1/workspace/policy": {
    auth: "session",
    cases: [
      { method: "GET", path: () => "/api/v1/workspace/policy", write: false },
      { method: "PUT", path: () => "/api/v1/workspace/policy", body: DEFAULT_POLICY, write: true },
    ],
  },
  // Management keys: admins only. Each route × every kind of management key: management-keys.spec.ts.
  "/api/v1/management-keys": {
    auth: "session",
    cases: [
      { method: "GET", path: () => "/api/v1/management-keys", write: true },
      { method: "POST", path: () => "/api/v1/management-keys", body: { name: "matrix", permissions: ["projects:read"] }, write: true },
    ],
  },
  "/api/v1/management-keys/[id]": {
    auth: "session",
    cases: [
      {
        method: "DELETE",
        path: (w) => `/api/v1/management-keys/${w.managementKey}`,
        write: true,
        managementKeys: true,
        foreign: (w) => `/api/v1/management-keys/${w.otherManagementKey}`,
      },
    ],
  },
  // Identities: members read, admins write. Each route × every kind of management key: management-keys.spec.ts.
  "/api/v1/identities": {
    auth: "session",
    cases: [
      { method: "GET", path: () => "/api/v1/identities", write: false },
      { method: "POST", path: () => "/api/v1/identities", body: { external_id: `matrix-${randomUUID()}` }, write: true },
    ],
  },
  "/api/v1/identities/[id]": {
    auth: "session",
    cases: [
      { method: "GET", path: (w) => `/api/v1/identities/${w.identity}`, write: false, identities: true, foreign: (w) => `/api/v1/identities/${w.otherIdentity}` },
      {
        method: "PATCH",
        path: (w) => `/api/v1/identities/${w.identity}`,
        body: { name: "Matrix" },
        write: true,
        identities: true,
        foreign: (w) => `/api/v1/identities/${w.otherIdentity}`,
      },
      { method: "DELETE", path: (w) => `/api/v1/identities/${w.identity}`, write: true, identities: true, foreign: (w) => `/api/v1/identities/${w.otherIdentity}` },
    ],
  },
  "/api/v1/identities/[id]/credits": {
    auth: "session",
    cases: [
      {
        method: "POST",
        path: (w) => `/api/v1/identities/${w.identity}/credits`,
        body: { op: "add", amount: 5 },
        write: true,
        identities: true,
        foreign: (w) => `/api/v1/identities/${w.otherIdentity}/credits`,
      },
    ],
  },
  "/api/v1/identities/[id]/credits/ledger": {
    auth: "session",
    cases: [
      {
        method: "GET",
        path: (w) => `/api/v1/identities/${w.identity}/credits/ledger`,
        write: false,
        identities: true,
        foreign: (w) => `/api/v1/identities/${w.otherIdentity}/credits/ledger`,
      },
    ],
  },
  "/api/v1/projects/[projectId]/keys/[keyId]/credits": {
    auth: "session",
    cases: [
      {
        method: "POST",
        path: (w) => `/api/v1/projects/${w.project}/keys/${w.key}/credits`,
        body: { op: "set", amount: 5 },
        write: true,
        foreign: (w) => `/api/v1/projects/${w.otherProject}/keys/${w.otherKey}/credits`,
      },
    ],
  },
  "/api/v1/projects/[projectId]/keys/[keyId]/credits/ledger": {
    auth: "session",
    cases: [
      {
        method: "GET",
        path: (w) => `/api/v1/projects/${w.project}/keys/${w.key}/credits/ledger`,
        write: false,
        foreign: (w) => `/api/v1/projects/${w.otherProject}/keys/${w.otherKey}/credits/ledger`,
      },
    ],
  },
  "/api/v1/workspace/portal": {
    auth: "session",
    cases: [
      { method: "GET", path: () => "/api/v1/workspace/portal", write: false },
      { method: "PUT", path: () => "/api/v1/workspace/portal", body: { portal_origins: [], logo_url: null, accent_color: null }, write: true },
    ],
  },
  "/api/v1/portal/sessions": {
    auth: "session",
    cases: [
      {
        method: "POST",
        path: () => "/api/v1/portal/sessions",
        body: (w: World) => ({ project_id: w.project, identity_id: w.portalIdentity, permissions: ["keys:read"] }),
        write: true,
        portal: true,
      },
    ],
  },
  "/api/v1/portal/sessions/[id]": {
    auth: "session",
    cases: [
      { method: "DELETE", path: (w) => `/api/v1/portal/sessions/${w.portalSession}`, write: true, portal: true, foreign: (w) => `/api/v1/portal/sessions/${w.otherPortalSession}` },
    ],
  },
  // The portal API: a portal session's token only (portal.spec.ts has the rest).
  "/api/v1/portal/keys": {
    auth: "portal",
    cases: [
      { method: "GET", path: () => "/api/v1/portal/keys" },
      { method: "POST", path: () => "/api/v1/portal/keys", body: { name: "matrix portal key" } },
    ],
  },
  "/api/v1/portal/keys/[keyId]": {
    auth: "portal",
    cases: [{ method: "DELETE", path: (w) => `/api/v1/portal/keys/${w.portalKey}`, foreign: (w) => `/api/v1/portal/keys/${w.otherIdentityKey}` }],
  },
  "/api/v1/portal/keys/[keyId]/roll": {
    auth: "portal",
    cases: [
      {
        method: "POST",
        path: (w) => `/api/v1/portal/keys/${w.portalKey}/roll`,
        body: { grace_period: "none" },
        foreign: (w) => `/api/v1/portal/keys/${w.otherIdentityKey}/roll`,
      },
    ],
  },
  "/api/v1/portal/keys/[keyId]/usage": {
    auth: "portal",
    cases: [{ method: "GET", path: (w) => `/api/v1/portal/keys/${w.portalKey}/usage`, foreign: (w) => `/api/v1/portal/keys/${w.otherIdentityKey}/usage` }],
  },
  // A portal link: its one-time code is the credential (portal.spec.ts).
  "/portal/[code]": { auth: "portal-link" },
  // Authenticated by an SDK key, not a session: covered by verify.spec.ts, and below for bad tokens.
  "/api/v1/keys/verify": { auth: "sdk-key" },
  // Authenticated by a secret scanner's signature over the body: covered by leak-reports.spec.ts.
  "/api/v1/secret-scanning/report": { auth: "scanner-signature" },
  "/api/v1/openapi.json": { auth: "public", check: "/api/v1/openapi.json" },
  "/api/health": { auth: "public", check: "/api/health" },
  "/api/health/ready": { auth: "public", check: "/api/health/ready" },
  "/api/v1/schemas/[name]": { auth: "public", check: "/api/v1/schemas/ErrorModel.json" },
  "/api/[...path]": { auth: "public", check: "/api/v1/unknown" },
  // What tools install from this instance (npm, pip, go): public files with no secret in them.
  "/sdk/[artifact]": { auth: "public", check: "/sdk/keyport-sdk.tgz" },
  "/go/[...path]": { auth: "public", check: "/go/keyport.dev/go/keyport/@v/list" },
};

test("the table covers every API route in the build", () => {
  const manifest = JSON.parse(readFileSync(path.join(root, ".next", "server", "app-paths-manifest.json"), "utf8"));
  const routes = Object.keys(manifest)
    .filter((p) => p.endsWith("/route"))
    .map((p) => p.slice(0, -"/route".length));
  expect(routes.sort()).toEqual(Object.keys(ROUTES).sort());
});

for (const [template, spec] of Object.entries(ROUTES)) {
  if (spec.auth === "public") {
    test(`${template} is public by design`, async () => {
      const response = await new ApiClient(null).call("GET", spec.check);
      expect([200, 404]).toContain(response.status);
      expect(response.headers.get("request-id")).toMatch(/^req_/);
    });
    continue;
  }
  if (spec.auth === "dashboard-cookie") {
    test(`${template}: no session is 401, every bad token 401, a member 403, an admin 200`, async () => {
      const get = (token: string | null) =>
        fetch(`${baseURL}${spec.path}`, { headers: token ? { cookie: `__session=${token}` } : {}, redirect: "manual" });
      expect((await get(null)).status).toBeGreaterThanOrEqual(300); // the proxy sends it to sign-in
      for (const [label, token] of Object.entries(await badTokens())) {
        expect((await get(token)).status, label).toBe(401);
      }
      expect((await get(sessionToken("acmeMember"))).status).toBe(403);
      const admin = await get(sessionToken("acmeAdmin"));
      expect(admin.status).toBe(200);
      expect(admin.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    });
    continue;
  }
  if (spec.auth === "scanner-signature") {
    test(`${template}: unsigned, a session or an SDK key instead of a signature, every bad token: 401`, async () => {
      const w = await world();
      const report = JSON.stringify([{ token: w.keySecret, type: "t", url: "u", source: "s" }]);
      const send = (headers: Record<string, string>) =>
        fetch(`${baseURL}${template}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: report });
      const unsigned = await send({});
      expect(unsigned.status).toBe(401);
      expect((await unsigned.json()).code).toBe("unauthorized");
      for (const [label, token] of Object.entries({ ...(await badTokens()), admin: sessionToken("acmeAdmin"), sdkKey: w.keySecret })) {
        expect((await send({ authorization: `Bearer ${token}` })).status, label).toBe(401);
      }
      // Nothing was applied: the key still verifies.
      expect((await new ApiClient(w.keySecret).call("POST", "/api/v1/keys/verify")).status).toBe(200);
    });
    continue;
  }
  if (spec.auth === "portal-link") {
    test(`${template}: a made-up code opens nothing`, async () => {
      const response = await fetch(`${baseURL}/portal/${"A".repeat(32)}`, { redirect: "manual" });
      expect(response.headers.get("location")).toMatch(/\/portal\/expired$/);
      expect(response.headers.get("set-cookie")).toBeNull();
    });
    continue;
  }
  if (spec.auth === "portal") {
    for (const c of spec.cases) {
      test(`${c.method} ${template}: only a portal session's token, and only its identity's keys`, async () => {
        const w = await world({ portal: true });
        const call = (token: string | null, url = c.path(w)) => new ApiClient(token).call(c.method, url, c.body === undefined ? {} : { body: c.body });
        expectProblem(await call(null), 401, "unauthorized");
        for (const [label, token] of Object.entries(await badTokens())) {
          expect((await call(token)).status, label).toBe(401);
        }
        // A person's session or a management key is not a portal session.
        expectProblem(await call(sessionToken("acmeAdmin")), 401, "unauthorized");
        const managementKey = await new ApiClient(sessionToken("acmeAdmin")).call("POST", "/api/v1/management-keys", {
          body: { name: "matrix portal", permissions: ["keys:read", "keys:write", "usage:read"] },
        });
        expectProblem(await call(managementKey.body.key), 401, "unauthorized");
        if (c.foreign) expectProblem(await call(w.portalToken, c.foreign(w)), 404, "not_found");
        const ok = await call(w.portalToken);
        expect(ok.status, JSON.stringify(ok.body)).toBeLessThan(300);
      });
    }
    continue;
  }
  if (spec.auth === "sdk-key") {
    test(`${template}: no key and every bad token are 401`, async () => {
      expectProblem(await new ApiClient(null).call("POST", template), 401, "unauthorized");
      for (const [label, token] of Object.entries(await badTokens())) {
        const response = await new ApiClient(token).call("POST", template);
        expect(response.status, label).toBe(401);
      }
    });
    continue;
  }
  for (const c of spec.cases) {
    test(`${c.method} ${template}`, async () => {
      const w = await world({
        webhooks: c.webhooks ?? false,
        requests: c.requests ?? false,
        managementKeys: c.managementKeys ?? false,
        revokedKey: c.revokedKey ?? false,
        identities: c.identities ?? false,
        portal: c.portal ?? false,
      });
      const body = typeof c.body === "function" ? (c.body as (w: World) => unknown)(w) : c.body;
      const call = (person: Person | null, token?: string, url = c.path(w)) =>
        new ApiClient(token ?? (person ? sessionToken(person) : null)).call(c.method, url, body === undefined ? {} : { body });

      expectProblem(await call(null), 401, "unauthorized");
      for (const [label, token] of Object.entries(await badTokens())) {
        const problem = expectProblem(await call(null, token), 401, "unauthorized");
        expect(problem.detail, label).toBeTruthy();
      }
      const member = await call("acmeMember");
      if (c.write) expectProblem(member, 403, "forbidden");
      else expect(member.status).toBe(200);
      if (c.foreign) {
        expectProblem(await call("acmeAdmin", undefined, c.foreign(w)), 404, "not_found");
        expectProblem(await call("acmeMember", undefined, c.foreign(w)), c.write ? 403 : 404, c.write ? "forbidden" : "not_found");
      }
      const admin = await call("acmeAdmin");
      if (c.adminStatus) expect(admin.status, JSON.stringify(admin.body)).toBe(c.adminStatus);
      else expect(admin.status, JSON.stringify(admin.body)).toBeLessThan(300);
      if (c.method === "POST" && template === "/api/v1/webhooks") w.webhook = admin.body.id;
      // Endpoints made for the case go again, so the workspaces stay under their cap.
      if (c.webhooks || template === "/api/v1/webhooks") {
        await new ApiClient(sessionToken("acmeAdmin")).call("DELETE", `/api/v1/webhooks/${w.webhook}`);
        await new ApiClient(sessionToken("globexAdmin")).call("DELETE", `/api/v1/webhooks/${w.otherWebhook}`);
      }
    });
  }
}

test("a workspace never lists another workspace's projects", async () => {
  const w = await world();
  const globex = await new ApiClient(sessionToken("globexAdmin")).call("GET", "/api/v1/projects");
  const ids = globex.body.map((p: { project_id: string }) => p.project_id);
  expect(ids).toContain(w.otherProject);
  expect(ids).not.toContain(w.project);
});

// ---- Server actions -----------------------------------------------------------------------

type ActionCase =
  | { public: true; why: string }
  | {
      public?: false;
      write: boolean;
      /** Makes the world ready for the admin's call to succeed. */
      prepare?: (w: World) => Promise<void>;
      args: (w: World) => unknown[];
      foreignArgs?: (w: World) => unknown[];
      webhooks?: boolean;
      managementKeys?: boolean;
      revokedKey?: boolean;
      identities?: boolean;
      /** The error the admin's call ends in, when it passed every check of who may call. */
      adminError?: string;
    };

const validForm = {
  name: "matrix action key",
  environment: "test",
  description: "",
  expiration: "never",
  expiresOn: "",
  scope: "project",
  scopes: [],
};

const editForm = { name: "matrix edited", description: "", scopes: [], expiresOn: "", rateLimit: "", rateLimitWindow: "60", allowedIps: "" };

const ACTIONS: Record<string, ActionCase> = {
  createApiKeyAction: {
    write: true,
    args: (w) => [w.project, randomUUID(), validForm],
    foreignArgs: (w) => [w.otherProject, randomUUID(), validForm],
  },
  revokeApiKeyAction: { write: true, args: (w) => [w.project, w.key], foreignArgs: (w) => [w.otherProject, w.otherKey] },
  deactivateApiKeyAction: { write: true, args: (w) => [w.project, w.key], foreignArgs: (w) => [w.otherProject, w.otherKey] },
  reactivateApiKeyAction: { write: true, args: (w) => [w.project, w.key], foreignArgs: (w) => [w.otherProject, w.otherKey] },
  // A revoked key is never revealed, whatever the policy: the admin gets as far as the key.
  revealApiKeyAction: { write: true, revokedKey: true, adminError: "conflict", args: (w) => [w.project, w.revokedKey], foreignArgs: (w) => [w.otherProject, w.otherKey] },
  rollApiKeyAction: { write: true, args: (w) => [w.project, w.key, randomUUID(), "24h"], foreignArgs: (w) => [w.otherProject, w.otherKey, randomUUID(), "24h"] },
  updateApiKeyAction: {
    write: true,
    args: (w) => [w.project, w.key, editForm],
    foreignArgs: (w) => [w.otherProject, w.otherKey, editForm],
  },
  bulkRevokeApiKeysAction: { write: true, args: (w) => [w.project, [w.key]], foreignArgs: (w) => [w.otherProject, [w.otherKey]] },
  matchingKeysAction: { write: true, args: (w) => [w.project, {}], foreignArgs: (w) => [w.otherProject, {}] },
  saveWorkspacePolicyAction: { write: true, args: () => [DEFAULT_POLICY] },
  acknowledgeLeakAction: {
    write: true,
    prepare: async (w) => {
      expect((await sendReport([leak(w.keySecret)])).status).toBe(200);
    },
    args: (w) => [w.project, w.key],
    foreignArgs: (w) => [w.otherProject, w.otherKey],
  },
  createProjectAction: { write: true, args: () => [randomUUID(), { name: "matrix action project" }] },
  createWebhookAction: { write: true, args: () => [{ url: HOOK_URL, events: ["key.created"] }] },
  setWebhookEnabledAction: { write: true, webhooks: true, args: (w) => [w.webhook, false], foreignArgs: (w) => [w.otherWebhook, false] },
  sendTestWebhookAction: { write: true, webhooks: true, args: (w) => [w.webhook], foreignArgs: (w) => [w.otherWebhook] },
  deleteWebhookAction: { write: true, webhooks: true, args: (w) => [w.webhook], foreignArgs: (w) => [w.otherWebhook] },
  createIdentityAction: { write: true, args: () => [{ external_id: `matrix-action-${randomUUID()}` }, randomUUID()] },
  changeIdentityCreditsAction: {
    write: true,
    identities: true,
    args: (w) => [w.identity, { op: "add", amount: 5 }, randomUUID()],
    foreignArgs: (w) => [w.otherIdentity, { op: "add", amount: 5 }, randomUUID()],
  },
  updateIdentityCreditsAction: {
    write: true,
    identities: true,
    args: (w) => [w.identity, { credits: { remaining: 10 } }],
    foreignArgs: (w) => [w.otherIdentity, { credits: { remaining: 10 } }],
  },
  createManagementKeyAction: { write: true, args: () => [{ name: "matrix action management key", permissions: ["projects:read"], expiresOn: "" }] },
  revokeManagementKeyAction: { write: true, managementKeys: true, args: (w) => [w.managementKey], foreignArgs: (w) => [w.otherManagementKey] },
  resendWebhookDeliveryAction: { write: true, webhooks: true, args: (w) => [w.webhook, w.delivery], foreignArgs: (w) => [w.otherWebhook, w.otherDelivery] },
  issueApiTokenAction: { write: false, args: () => [] },
  keyImpactAction: { write: false, args: (w) => [w.project, w.key], foreignArgs: (w) => [w.otherProject, w.otherKey] },
  keyNameInUseAction: { write: false, args: (w) => [w.project, "matrix key"], foreignArgs: (w) => [w.otherProject, "matrix key"] },
  identityChoicesAction: { write: false, args: () => ["matrix", null] },
  identityLedgerPageAction: { write: false, identities: true, args: (w) => [w.identity, null], foreignArgs: (w) => [w.otherIdentity, null] },
  signInAsAction: { public: true, why: "signing in needs no session" },
  signOutAction: { public: true, why: "signing out needs no session" },
};

type ManifestAction = { id: string; name: string; page: string };

function buildActions(): ManifestAction[] {
  const manifest = JSON.parse(readFileSync(path.join(root, ".next", "server", "server-reference-manifest.json"), "utf8"));
  return Object.entries(manifest.node as Record<string, { filename?: string; exportedName?: string; workers: Record<string, unknown> }>)
    .filter(([, v]) => v.filename?.startsWith("app/"))
    .map(([id, v]) => {
      const worker = Object.keys(v.workers).find((w) => w.startsWith("app/")) ?? "app/page";
      const page = worker.replace(/^app/, "").replace(/\/page$/, "").replace(/\/\([^)]+\)/g, "").replace(/\[\[\.\.\.[^\]]+\]\]/, "") || "/";
      return { id, name: v.exportedName!, page };
    });
}

async function callAction(action: ManifestAction, args: unknown[], token: string | null) {
  const response = await fetch(`${baseURL}${action.page}`, {
    method: "POST",
    headers: {
      "next-action": action.id,
      "content-type": "text/plain;charset=UTF-8",
      ...(token ? { cookie: `__session=${token}` } : {}),
    },
    body: JSON.stringify(args),
    redirect: "manual",
  });
  const text = await response.text();
  const line = text.split("\n").find((l) => l.startsWith("1:"));
  return { status: response.status, result: line ? JSON.parse(line.slice(2)) : null, text };
}

test("the table covers every server action in the build", () => {
  expect(buildActions().map((a) => a.name).sort()).toEqual(Object.keys(ACTIONS).sort());
});

for (const [name, spec] of Object.entries(ACTIONS)) {
  if (spec.public) {
    test(`action ${name} is public by design (${spec.why})`, () => {
      expect(buildActions().some((a) => a.name === name)).toBe(true);
    });
    continue;
  }
  test(`action ${name}`, async () => {
    const action = buildActions().find((a) => a.name === name)!;
    const w = await world({
      webhooks: spec.webhooks ?? false,
      managementKeys: spec.managementKeys ?? false,
      revokedKey: spec.revokedKey ?? false,
      identities: spec.identities ?? false,
    });
    const expectError = (outcome: Awaited<ReturnType<typeof callAction>>, code: string) => {
      expect(outcome.result, outcome.text.slice(0, 300)).toMatchObject({ ok: false, error: { code } });
    };
    expectError(await callAction(action, spec.args(w), null), "unauthorized");
    for (const [label, token] of Object.entries(await badTokens())) {
      const outcome = await callAction(action, spec.args(w), token);
      expect(outcome.result?.error?.code, label).toBe("unauthorized");
    }
    const member = await callAction(action, spec.args(w), sessionToken("acmeMember"));
    if (spec.write) expectError(member, "forbidden");
    else expect(member.result).toMatchObject({ ok: true });
    if (spec.foreignArgs) expectError(await callAction(action, spec.foreignArgs(w), sessionToken("acmeAdmin")), "not_found");
    await spec.prepare?.(w);
    const admin = await callAction(action, spec.args(w), sessionToken("acmeAdmin"));
    if (spec.adminError) expectError(admin, spec.adminError);
    else expect(admin.result, admin.text.slice(0, 300)).toMatchObject({ ok: true });
    // Endpoints made for the case go again, so the workspaces stay under their cap.
    const made = name === "createWebhookAction" ? [admin.result.data.id] : spec.webhooks ? [w.webhook] : [];
    for (const id of made) await new ApiClient(sessionToken("acmeAdmin")).call("DELETE", `/api/v1/webhooks/${id}`);
    if (spec.webhooks) await new ApiClient(sessionToken("globexAdmin")).call("DELETE", `/api/v1/webhooks/${w.otherWebhook}`);
  });
}
