// The SDK verify route's contract, run against the production server's fast path and
// against the Next route handler (a second instance with the fast path off): same
// statuses, bodies and headers.
import { generateKey } from "../../lib/keys/token";
import { ApiClient, expect, test, verify } from "../support/api";
import { databaseUrl, dataDir, embedded } from "../support/env";
import { expectProblem, REQUEST_ID } from "../support/problem";
import { startInstance, type ServerInstance } from "../support/server";
import { sessionToken } from "../support/tokens";

let handler: ServerInstance;
test.beforeAll(async () => {
  handler = await startInstance({
    DATABASE_URL: databaseUrl,
    KEYPORT_DATA_DIR: dataDir,
    KEYPORT_FAST_VERIFY: "0",
    KEYPORT_VERIFY_CACHE: "off",
    KEYPORT_LOG_REQUESTS: "0",
    ...(embedded ? { KEYPORT_EMBEDDED: "1" } : {}),
  });
});
test.afterAll(async () => handler?.stop());

type Target = { name: string; origin: () => string | undefined };
const TARGETS: Target[] = [
  { name: "fast path", origin: () => undefined },
  { name: "route handler", origin: () => handler.origin },
];

async function setup(api: (p: "acmeAdmin") => ApiClient) {
  const ada = api("acmeAdmin");
  const project = await ada.createProject();
  const other = await ada.createProject();
  const live = await ada.createKey(project.project_id, { name: "live key", environment: "live", scopes: ["flags:read"] });
  const test = await ada.createKey(project.project_id, { name: "test key", environment: "test" });
  const revoked = await ada.createKey(project.project_id, { name: "revoked key" });
  await ada.revokeKey(project.project_id, revoked.key_id);
  const expiring = await ada.createKey(project.project_id, { name: "expiring", expires_at: new Date(Date.now() + 1500).toISOString() });
  return { ada, project, other, live, test, revoked, expiring };
}

for (const target of TARGETS) {
  test.describe(`POST /api/v1/keys/verify (${target.name})`, () => {
    test("accepts a valid key and checks app, environment and scopes", async ({ api }) => {
      const { project, other, live } = await setup(api);
      const ok = await verify(live.key, { app_id: project.project_id, environment: "live", scopes: ["flags:read"] }, target.origin());
      expect(ok.status).toBe(200);
      expect(ok.headers.get("content-type")).toBe("application/json");
      expect(ok.headers.get("request-id")).toMatch(REQUEST_ID);
      expect(ok.body).toEqual({
        valid: true,
        key_id: live.key_id,
        tenant_id: live.tenant_id,
        project_id: project.project_id,
        environment: "live",
        scopes: ["flags:read"],
        expires_at: null,
        name: "live key",
      });
      expect((await verify(live.key, undefined, target.origin())).status).toBe(200);
      const wrongApp = expectProblem(await verify(live.key, { app_id: other.project_id }, target.origin()), 403, "forbidden");
      expect(wrongApp.detail).toMatch(/another project or workspace/);
      const globex = await api("globexAdmin").createProject();
      expectProblem(await verify(live.key, { app_id: globex.project_id }, target.origin()), 403, "forbidden");
      const wrongEnv = expectProblem(await verify(live.key, { environment: "test" }, target.origin()), 403, "forbidden");
      expect(wrongEnv.detail).toMatch(/production \(live\) key/);
      const scope = expectProblem(await verify(live.key, { scopes: ["events:write"] }, target.origin()), 403, "forbidden");
      expect(scope.detail).toMatch(/events:write/);
    });

    test("gives one identical 401 for malformed, bad checksum, unknown, revoked and expired keys", async ({ api }) => {
      const { live, revoked, expiring } = await setup(api);
      await new Promise((r) => setTimeout(r, 1600));
      const last = live.key.at(-1) === "A" ? "B" : "A";
      const cases = {
        malformed: "fp_live_oops",
        "bad checksum": live.key.slice(0, -1) + last,
        unknown: generateKey({ environment: "live" }).key,
        revoked: revoked.key,
        expired: expiring.key,
        "another deployment's prefix": `zz_live_${live.key.slice(8)}`,
      };
      const bodies = new Set<string>();
      for (const [label, key] of Object.entries(cases)) {
        const response = await verify(key, undefined, target.origin());
        const problem = expectProblem(response, 401, "invalid_api_key");
        expect(response.headers.get("www-authenticate"), label).toBe('Bearer realm="keyport", error="invalid_token"');
        const { request_id: _id, instance: _instance, ...rest } = problem as unknown as Record<string, unknown>;
        bodies.add(JSON.stringify(rest));
      }
      expect(bodies.size).toBe(1);
    });

    test("asks for a bearer key, and tells a session token from an SDK key", async () => {
      const missing = expectProblem(await verify(null, undefined, target.origin()), 401, "unauthorized");
      expect(missing.detail).toMatch(/Authorization: Bearer/);
      const jwt = await verify(sessionToken("acmeAdmin"), undefined, target.origin());
      const problem = expectProblem(jwt, 401, "unauthorized");
      expect(problem.detail).toMatch(/dashboard session token is not an SDK key/);
      expect(jwt.headers.get("www-authenticate")).toMatch(/^Bearer/);
      const basic = await new ApiClient(null, target.origin() ?? undefined).call("POST", "/api/v1/keys/verify", {
        headers: { authorization: "Basic Zm9vOmJhcg==" },
      });
      expectProblem(basic, 401, "unauthorized");
    });

    test("validates the body: 422, 415, 413, and never a key in the query string", async ({ api }) => {
      const { live } = await setup(api);
      const origin = target.origin() ?? undefined;
      const client = new ApiClient(live.key, origin);
      const bad = expectProblem(await client.call("POST", "/api/v1/keys/verify", { body: { app_id: "nope", extra: 1 } }), 422, "validation_failed");
      expect(bad.errors.map((e) => e.location).sort()).toEqual(["body", "body.app_id"]);
      expectProblem(await client.call("POST", "/api/v1/keys/verify", { raw: "x", headers: { "content-type": "text/plain" } }), 415, "unsupported_media_type");
      // A JSON null is not an object: refused, never read as an empty body.
      for (const raw of ["null", "[]", "1"]) {
        const notObject = expectProblem(await client.call("POST", "/api/v1/keys/verify", { raw, headers: { "content-type": "application/json" } }), 422, "validation_failed");
        expect(notObject.errors.map((e) => e.location)).toEqual(["body"]);
      }
      expectProblem(await client.call("POST", "/api/v1/keys/verify", { body: { scopes: ["x".repeat(70_000)] } }), 413, "payload_too_large");
      expectProblem(await new ApiClient(null, origin).call("POST", `/api/v1/keys/verify?api_key=${live.key}`), 400, "bad_request");
    });
  });
}

test("the fast path and the route handler answer alike", async ({ api }) => {
  const { live, revoked, project } = await setup(api);
  const requests: [string | null, unknown][] = [
    [live.key, { app_id: project.project_id }],
    [live.key, { environment: "test" }],
    [revoked.key, undefined],
    ["fp_live_short", undefined],
    [null, undefined],
    [sessionToken("acmeAdmin"), undefined],
    [live.key, { app_id: 1 }],
  ];
  for (const [key, body] of requests) {
    const fast = await verify(key, body);
    const slow = await verify(key, body, handler.origin);
    expect(slow.status).toBe(fast.status);
    // Every header, security headers included. Besides the date and the request id, only two
    // things may differ, and neither is the route's answer: how the body is framed on the
    // connection (Next streams every route handler's body; the fast path writes it whole), and
    // the router tokens Next adds to Vary on every app-router response. RateLimit's counts
    // differ too (each server counts its own requests); its policies may not.
    const comparable = (headers: Headers) => {
      const entries = [...headers].filter(
        ([name]) => !["date", "request-id", "content-length", "transfer-encoding"].includes(name),
      );
      return Object.fromEntries(
        entries
          .map(([name, value]): [string, string] => {
            if (name === "vary") return [name, value.split(/,\s*/).filter((t) => !/^(rsc|next-router-)/i.test(t)).join(", ")];
            if (name === "ratelimit") return [name, value.replace(/;r=\d+;t=\d+/g, ";r=…;t=…")];
            return [name, value];
          })
          .filter(([, value]) => value !== ""),
      );
    };
    expect(comparable(slow.headers)).toEqual(comparable(fast.headers));
    expect(fast.headers.get("x-content-type-options")).toBe("nosniff");
    expect(fast.headers.get("request-id")).toMatch(REQUEST_ID);
    expect(slow.headers.get("request-id")).toMatch(REQUEST_ID);
    const normalize = (b: Record<string, unknown>) => ({ ...b, request_id: "x", instance: "x" });
    expect(normalize(slow.body)).toEqual(normalize(fast.body));
  }
});

test("after revocation returns, this instance accepts the key 0 times in 1,000 trials", async ({ api }) => {
  const ada = api("acmeAdmin");
  const { project_id } = await ada.createProject();
  const key = await ada.createKey(project_id, { name: "hot key" });
  for (let i = 0; i < 20; i++) expect((await verify(key.key)).status).toBe(200); // warm the cache
  expect((await ada.revokeKey(project_id, key.key_id)).status).toBe(200);
  let accepted = 0;
  for (let batch = 0; batch < 20; batch++) {
    const results = await Promise.all(Array.from({ length: 50 }, () => verify(key.key)));
    accepted += results.filter((r) => r.status === 200).length;
    for (const r of results) expect(r.status).toBe(401);
  }
  expect(accepted).toBe(0);
});

test("a successful verification feeds last_used_at within 10 s, and it only moves forward", async ({ api }) => {
  const ada = api("acmeAdmin");
  const { project_id } = await ada.createProject();
  const key = await ada.createKey(project_id, { name: "used key" });
  const lastUsed = async () =>
    (await ada.listKeys(project_id, "?q=used%20key")).body.find((k: { key_id: string }) => k.key_id === key.key_id).last_used_at as string | null;
  expect(await lastUsed()).toBeNull();
  const before = Date.now();
  expect((await verify(key.key)).status).toBe(200);
  let first: string | null = null;
  while (!first && Date.now() - before < 10_000) {
    await new Promise((r) => setTimeout(r, 250));
    first = await lastUsed();
  }
  expect(first, "last_used_at is set within 10 s").not.toBeNull();
  expect(Date.parse(first!)).toBeGreaterThanOrEqual(before - 1000);
  const second = Date.now();
  expect((await verify(key.key)).status).toBe(200);
  let later: string | null = first;
  while (later === first && Date.now() - second < 10_000) {
    await new Promise((r) => setTimeout(r, 250));
    later = await lastUsed();
  }
  expect(Date.parse(later!)).toBeGreaterThan(Date.parse(first!));
});
