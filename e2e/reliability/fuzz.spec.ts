// Fuzz: 2,000 generated requests per endpoint (fast-check: methods, paths, queries, headers,
// bodies), against an instance of its own whose log is kept. KEYPORT_FUZZ_RUNS changes the
// count: npm test runs a CI size on every submission, npm run bench the full one. For every
// response: no 5xx; a problem+json body whose `status` is the HTTP status for every error; a
// request id; no stack trace; no key or hash except in a create's 201 or a leak report's answer.
// Afterwards, neither the database nor the log holds anything shaped like a key with a valid
// checksum.
import fc from "fast-check";
import pg from "pg";
import { PERMISSIONS } from "../../lib/auth/permissions";
import { parseKey } from "../../lib/keys/token";
import { ApiClient, expect, test } from "../support/api";
import { databaseUrl } from "../support/env";
import { rawRequest as send, type RawRequest, type RawResponse } from "../support/raw-http";
import { signReport, suiteScanner } from "../support/scanner";
import { startOwnInstance, type ServerInstance } from "../support/server";
import { sessionToken } from "../support/tokens";

const PER_ENDPOINT = Number(process.env.KEYPORT_FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.KEYPORT_FUZZ_SEED ?? Date.now() % 2 ** 31);
const KEY_SHAPED = /[a-z][a-z0-9]{0,9}_(?:live|test)_[0-9A-Za-z]{36}/g;
/** A stack frame, raw or escaped inside a JSON string: a newline, indentation, `at …:line:column`. */
const STACK = /(?:\\n|\n)\s+at \S[^\n]*?:\d+:\d+/;

type Request = RawRequest;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Percent-encodes anything; a lone surrogate becomes the bytes of one (invalid UTF-8). */
const encode = (text: string) =>
  encodeURIComponent(text.replace(LONE_SURROGATE, "\ue000")).replaceAll("%EE%80%80", "%ED%A0%80");

/** Strings a hostile client sends: NUL, lone surrogates, keys, huge, encoded junk. */
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.constantFrom("\u0000", "a\u0000b", "\ud800", "x\udfffy", "%ZZ", "%", "../..", "' OR 1=1 --", "null", "{}", "[]", "🔑", "\u202e"),
  fc.constantFrom("fp_live_", "fp_test_abc", `fp_live_${"A".repeat(36)}`, "eyJhbGciOiJub25lIn0.e30.", "ak_x", "mt_x"),
  fc.string({ minLength: 300, maxLength: 3000 }),
);

/** JSON bodies: valid and invalid shapes, deep nesting, unknown fields, wrong types. */
const jsonBody = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.record({ name: nasty, environment: fc.oneof(nasty, fc.constantFrom("live", "test")), description: fc.oneof(nasty, fc.constant(null)) }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.record({ app_id: fc.oneof(fc.uuid(), nasty), environment: nasty, scopes: fc.array(nasty, { maxLength: 5 }) }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.record({ key_ids: fc.array(fc.oneof(fc.uuid(), nasty), { maxLength: 5 }), expires_at: fc.oneof(nasty, fc.date({ noInvalidDate: true }).map((d) => d.toISOString())) }).map((v) => JSON.stringify(v)),
  fc.integer({ min: 100, max: 6000 }).map((depth) => "[".repeat(depth) + "]".repeat(depth)),
  fc.integer({ min: 100, max: 3000 }).map((depth) => '{"name":' + '{"a":'.repeat(depth) + "1" + "}".repeat(depth + 1)),
  nasty,
  fc.constant(""),
);

const pathSegment = (valid: string[]) => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...valid) }, fc.uuid(), nasty.map(encode), fc.constantFrom("%ZZ", "%00", "%C0%AF", "..", "%2e%2e", "fp_live_" + "B".repeat(36)));

const query = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom("q", "cursor", "limit", "sort", "order", "status", "environment", "key", "api_key"), nasty), nasty), { maxLength: 4 })
  .map((pairs) => (pairs.length ? "?" + pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join("&") : ""));

const methods = fc.oneof({ weight: 4, arbitrary: fc.constantFrom("GET", "POST", "DELETE") }, fc.constantFrom("PUT", "PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND", "FOO"));

function headerArbitrary(tokens: { session: string; key: string; managementKey: string }) {
  const authorization = fc.oneof(
    { weight: 4, arbitrary: fc.constant(`Bearer ${tokens.session}`) },
    { weight: 2, arbitrary: fc.constant(`Bearer ${tokens.managementKey}`) },
    fc.constant(`Bearer ${tokens.key}`),
    fc.constant(`Bearer ${tokens.managementKey.slice(0, -1)}x`),
    fc.constant(undefined),
    fc.constantFrom("Bearer", "Bearer ", "Basic Zm9vOmJhcg==", `Bearer ${tokens.session}x`, `bearer   ${tokens.key}`),
    nasty.map((s) => `Bearer ${s.replace(/[^\x21-\x7e]/g, "")}`),
  );
  const contentType = fc.oneof(fc.constant("application/json"), fc.constantFrom("text/plain", "application/problem+json", "application/json; charset=latin1", "multipart/form-data", ""), fc.constant(undefined));
  const idempotencyKey = fc.oneof(fc.constant(undefined), fc.string({ maxLength: 300 }).map((s) => s.replace(/[^\x20-\x7e]/g, "")));
  return fc.record({ authorization, contentType, idempotencyKey }).map(({ authorization, contentType, idempotencyKey }) => {
    const headers: Record<string, string> = {};
    if (authorization !== undefined) headers.authorization = authorization;
    if (contentType !== undefined) headers["content-type"] = contentType;
    if (idempotencyKey) headers["idempotency-key"] = idempotencyKey;
    return headers;
  });
}

function checkResponse(request: Request, response: RawResponse, allowKeys: boolean): string | null {
  const label = `${request.method} ${request.path.slice(0, 120)} -> ${response.status}`;
  if (response.status >= 500) return `${label}: server error ${response.body.slice(0, 300)}`;
  if (!/^req_[0-9A-Za-z]{24}$/.test(String(response.headers["request-id"] ?? ""))) return `${label}: no request-id`;
  if (STACK.test(response.body)) return `${label}: a stack trace in the body`;
  if (!allowKeys) {
    for (const match of response.body.match(KEY_SHAPED) ?? []) if (parseKey(match).ok) return `${label}: a key in the body`;
    if (/\b[0-9a-f]{64}\b/.test(response.body)) return `${label}: a hash in the body`;
  }
  const bodyless = request.method === "HEAD" || response.status === 204 || response.status === 304 || (response.status >= 300 && response.status < 400);
  if (response.status >= 400 && !bodyless) {
    if (!String(response.headers["content-type"]).startsWith("application/problem+json")) return `${label}: not problem+json`;
    let problem: { status?: unknown };
    try {
      problem = JSON.parse(response.body);
    } catch {
      return `${label}: a problem body that is not JSON`;
    }
    if (problem.status !== response.status) return `${label}: problem status ${String(problem.status)}`;
  }
  return null;
}

async function runAll(origin: string, requests: Request[], isCreate: (r: Request, res: RawResponse) => boolean) {
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  await Promise.all(
    Array.from({ length: 12 }, async () => {
      while (next < requests.length) {
        const request = requests[next++]!;
        let response: RawResponse;
        try {
          response = await send(origin, request);
        } catch (error) {
          failures.push(`${request.method} ${request.path.slice(0, 120)}: ${String(error)}`);
          continue;
        }
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const failure = checkResponse(request, response, isCreate(request, response));
        if (failure) failures.push(failure);
      }
    }),
  );
  return { failures, statuses };
}

// The hygiene check reads what the fuzz left behind: one instance, in order.
test.describe.configure({ mode: "serial" });

let instance: ServerInstance & { dataDir: string };
let dataDir: string;
test.beforeAll(async () => {
  // With its request log on: the hygiene check reads it.
  // It delivers no webhooks: fuzzed endpoint URLs may name any host, and tests talk to loopback only.
  instance = await startOwnInstance("fuzz", {
    KEYPORT_LOG_REQUESTS: "1",
    KEYPORT_SECRET_SCANNING_PUBLIC_KEYS: process.env.KEYPORT_E2E_SCANNER_KEYS!,
    KEYPORT_WEBHOOK_WORKER: "0",
  });
  dataDir = instance.dataDir;
});
test.afterAll(async () => instance?.stop());

test(`${PER_ENDPOINT} generated requests per endpoint: no 5xx, problems agree with their status, nothing leaks`, async () => {
  test.setTimeout(900_000);
  const ada = new ApiClient(sessionToken("acmeAdmin", dataDir), instance.origin);
  const project = await ada.createProject("Fuzz");
  const key = await ada.createKey(project.project_id, { name: "fuzzed" });
  const management = await ada.call("POST", "/api/v1/management-keys", { body: { name: "fuzz", permissions: [...PERMISSIONS] } });
  expect(management.status, JSON.stringify(management.body)).toBe(201);
  const tokens = { session: sessionToken("acmeAdmin", dataDir), key: key.key, managementKey: management.body.key as string };
  const projectIds = [project.project_id];
  const keyIds = [key.key_id, project.default_key.key_id];
  const hook = await ada.call("POST", "/api/v1/webhooks", { body: { url: "http://127.0.0.1:9/fuzz", events: ["key.created"] } });
  expect(hook.status).toBe(201);
  const delivery = await ada.call("POST", `/api/v1/webhooks/${hook.body.id}/test`);
  expect(delivery.status).toBe(202);
  const identity = await ada.call("POST", "/api/v1/identities", { body: { external_id: "fuzz", credits: { remaining: 100 } } });
  expect(identity.status, JSON.stringify(identity.body)).toBe(201);
  const headers = headerArbitrary(tokens);

  const endpoints: Record<string, fc.Arbitrary<Request>> = {
    verify: fc.record({ q: query, h: headers, b: jsonBody, k: fc.oneof(fc.constant(key.key), fc.constant(project.default_key.key), nasty) }).map(({ q, h, b, k }) => ({
      method: "POST",
      path: `/api/v1/keys/verify${q}`,
      headers: { ...h, authorization: `Bearer ${k.replace(/[^\x21-\x7e]/g, "")}` },
      body: b,
    })),
    projects: fc.record({ m: methods, q: query, h: headers, b: jsonBody }).map(({ m, q, h, b }) => ({ method: m, path: `/api/v1/projects${q}`, headers: h, body: m === "GET" || m === "HEAD" ? undefined : b })),
    keys: fc.record({ m: methods, p: pathSegment(projectIds), q: query, h: headers, b: jsonBody }).map(({ m, p, q, h, b }) => ({
      method: m,
      path: `/api/v1/projects/${p}/keys${q}`,
      headers: h,
      body: m === "GET" || m === "HEAD" ? undefined : b,
    })),
    // A key, its usage series (whose query is its input), deactivating, reactivating and revealing it.
    key: fc.record({ m: methods, p: pathSegment(projectIds), k: pathSegment(keyIds), s: fc.constantFrom("", "", "/usage", "/deactivate", "/reactivate", "/reveal"), q: query, h: headers }).map(({ m, p, k, s, q, h }) => ({
      method: m,
      path: `/api/v1/projects/${p}/keys/${k}${s}${q}`,
      headers: h,
    })),
    // Leak reports, signed by the trusted scanner or not; last, as a true positive revokes the key.
    report: fc
      .record({
        m: fc.oneof({ weight: 4, arbitrary: fc.constant("POST") }, methods),
        q: query,
        h: headers,
        b: fc.oneof(
          jsonBody,
          fc.array(fc.record({ token: fc.oneof(nasty, fc.constant(key.key)), type: nasty, url: nasty, source: nasty }, { requiredKeys: [] }), { maxLength: 20 }).map((v) => JSON.stringify(v)),
        ),
        signed: fc.boolean(),
        identifier: fc.oneof({ weight: 3, arbitrary: fc.constant(suiteScanner.identifier) }, nasty.map((s) => s.replace(/[^\x21-\x7e]/g, ""))),
      })
      .map(({ m, q, h, b, signed, identifier }) => {
        const body = Buffer.from(b);
        return {
          method: m,
          path: `/api/v1/secret-scanning/report${q}`,
          headers: signed
            ? { ...h, "content-type": "application/json", "github-public-key-identifier": identifier, "github-public-key-signature": signReport(body, suiteScanner.privateKey) }
            : h,
          body: m === "GET" || m === "HEAD" ? undefined : body,
        };
      }),
    // The audit log and request lookup: read-only, their queries and path are the input.
    audit: fc
      .record({
        m: fc.oneof({ weight: 4, arbitrary: fc.constant("GET") }, methods),
        q: fc
          .array(fc.tuple(fc.constantFrom("key_id", "actor", "action", "from", "to", "request_id", "cursor", "limit", "format"), nasty), { maxLength: 4 })
          .map((pairs) => (pairs.length ? "?" + pairs.map(([k, v]) => `${k}=${encode(v)}`).join("&") : "")),
        h: headers,
      })
      .map(({ m, q, h }) => ({ method: m, path: `/api/v1/audit-events${q}`, headers: h })),
    requests: fc
      .record({ m: methods, p: fc.oneof(fc.constantFrom("req_abc", "req_" + "A".repeat(24)), nasty.map(encode)), h: headers })
      .map(({ m, p, h }) => ({ method: m, path: `/api/v1/requests/${p}`, headers: h })),
    // Webhook endpoints: bodies shaped like the real one with hostile values, and any path.
    webhooks: fc
      .record({
        m: fc.oneof({ weight: 3, arbitrary: fc.constant("POST") }, methods),
        q: query,
        h: headers,
        b: fc.oneof(
          jsonBody,
          fc
            .record(
              {
                url: fc.oneof(nasty, nasty.map((v) => `https://${v}`), fc.constant("http://127.0.0.1:9/x")),
                events: fc.oneof(fc.array(fc.oneof(nasty, fc.constantFrom("key.created", "key.revoked")), { maxLength: 9 }), nasty),
              },
              { requiredKeys: [] },
            )
            .map((v) => JSON.stringify(v)),
        ),
      })
      .map(({ m, q, h, b }) => ({ method: m, path: `/api/v1/webhooks${q}`, headers: h, body: m === "GET" || m === "HEAD" ? undefined : b })),
    webhook: fc
      .record({
        m: methods,
        p: pathSegment([hook.body.id]),
        s: fc.oneof(fc.constantFrom("", "/test", "/deliveries", `/deliveries/${delivery.body.id}/resend`), pathSegment([delivery.body.id]).map((d) => `/deliveries/${d}/resend`)),
        q: query,
        h: headers,
        b: fc.oneof(jsonBody, fc.record({ disabled: fc.oneof(fc.boolean(), nasty), events: fc.array(nasty, { maxLength: 3 }) }, { requiredKeys: [] }).map((v) => JSON.stringify(v))),
      })
      .map(({ m, p, s, q, h, b }) => ({ method: m, path: `/api/v1/webhooks/${p}${s}${q}`, headers: h, body: m === "GET" || m === "HEAD" ? undefined : b })),
    // Management keys: bodies shaped like the real one with hostile names, permissions and dates.
    managementKeys: fc
      .record({
        m: fc.oneof({ weight: 3, arbitrary: fc.constant("POST") }, methods),
        p: fc.oneof({ weight: 2, arbitrary: fc.constant("") }, pathSegment([management.body.id]).map((id) => `/${id}`)),
        q: query,
        h: headers,
        b: fc.oneof(
          jsonBody,
          fc
            .record(
              {
                name: fc.oneof(nasty, fc.string({ maxLength: 80 })),
                permissions: fc.oneof(fc.array(fc.oneof(nasty, fc.constantFrom(...PERMISSIONS)), { maxLength: 6 }), nasty),
                expires_at: fc.oneof(nasty, fc.constant(null), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
              },
              { requiredKeys: [] },
            )
            .map((v) => JSON.stringify(v)),
        ),
      })
      .map(({ m, p, q, h, b }) => ({ method: m, path: `/api/v1/management-keys${p}${q}`, headers: h, body: m === "GET" || m === "HEAD" ? undefined : b })),
    // Identities and credits (an identity's and a key's): bodies shaped like the real ones with hostile values.
    identities: fc
      .record({
        m: fc.oneof({ weight: 3, arbitrary: fc.constantFrom("POST", "PATCH") }, methods),
        p: fc.oneof(
          fc.constantFrom("/api/v1/identities", `/api/v1/projects/${project.project_id}/keys/${key.key_id}/credits`, `/api/v1/projects/${project.project_id}/keys/${key.key_id}/credits/ledger`),
          fc
            .tuple(pathSegment([identity.body.id]), fc.constantFrom("", "/credits", "/credits/ledger"))
            .map(([id, s]) => `/api/v1/identities/${id}${s}`),
        ),
        q: fc.oneof(
          query,
          fc
            .array(fc.tuple(fc.constantFrom("q", "external_id", "cursor", "limit", "revoke_keys"), nasty), { maxLength: 3 })
            .map((pairs) => (pairs.length ? "?" + pairs.map(([k, v]) => `${k}=${encode(v)}`).join("&") : "")),
        ),
        h: headers,
        b: fc.oneof(
          jsonBody,
          fc
            .record(
              {
                external_id: fc.oneof(nasty, fc.string({ maxLength: 300 })),
                name: fc.oneof(nasty, fc.constant(null)),
                meta: fc.oneof(fc.jsonValue(), fc.dictionary(nasty, nasty)),
                credits: fc.oneof(fc.constant(null), fc.record({ remaining: fc.oneof(fc.integer(), fc.double(), nasty), refill: fc.jsonValue() }, { requiredKeys: [] })),
                op: fc.oneof(nasty, fc.constantFrom("add", "set")),
                amount: fc.oneof(fc.integer(), fc.double(), nasty),
                reason: nasty,
              },
              { requiredKeys: [] },
            )
            .map((v) => JSON.stringify(v)),
        ),
      })
      .map(({ m, p, q, h, b }) => ({ method: m, path: `${p}${q}`, headers: h, body: m === "GET" || m === "HEAD" ? undefined : b })),
    public: fc.record({ m: methods, p: fc.constantFrom("/api/health", "/api/health/ready", "/api/v1/openapi.json", "/api/v1/schemas/ErrorModel.json", "/api/v1/schemas/"), s: pathSegment(["x"]), q: query }).map(({ m, p, s, q }) => ({
      method: m,
      path: p.endsWith("/") ? `${p}${s}${q}` : `${p}${q}`,
      headers: {},
    })),
  };

  const report: Record<string, unknown> = { seed: SEED };
  const allFailures: string[] = [];
  for (const [name, arbitrary] of Object.entries(endpoints)) {
    const requests = fc.sample(arbitrary, { numRuns: PER_ENDPOINT, seed: SEED });
    const started = Date.now();
    // Keys (and hashes) may appear only where they are the answer: a create's 201, a reveal's
    // 200 (when the workspace keeps recoverable keys), and a leak report's 200, which names each
    // token it was sent (raw when it is ours, hashed otherwise).
    const { failures, statuses } = await runAll(
      instance.origin,
      requests,
      (r, res) =>
        (res.status === 201 && r.method === "POST") ||
        (res.status === 200 && r.method === "POST" && /\/reveal(?:\?|$)/.test(r.path)) ||
        (res.status === 200 && r.path.startsWith("/api/v1/secret-scanning/report")),
    );
    report[name] = { requests: requests.length, seconds: (Date.now() - started) / 1000, statuses: Object.fromEntries([...statuses].sort()) };
    allFailures.push(...failures.map((f) => `[${name}] ${f}`));
  }
  console.log(`fuzz: ${JSON.stringify(report)}`);
  if (instance.process.exitCode !== null) console.log(`the instance exited:\n${instance.logs().slice(-4000)}`);
  expect(instance.process.exitCode, "the server survived the fuzz").toBeNull();
  expect(allFailures.slice(0, 20), `seed ${SEED}`).toEqual([]);
});

test("afterwards, no key with a valid checksum is in the database or the log", async () => {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let dump = "";
  try {
    const tables = await client.query<{ tablename: string }>("SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'");
    for (const { tablename } of tables.rows) {
      const rows = await client.query(`SELECT row_to_json(t)::text AS j FROM "${tablename}" t`);
      dump += rows.rows.map((r: { j: string }) => r.j).join("\n");
    }
  } finally {
    await client.end();
  }
  const keysIn = (text: string) => (text.match(KEY_SHAPED) ?? []).filter((candidate) => parseKey(candidate).ok);
  console.log(`hygiene: ${dump.length} bytes of database, ${instance.logs().length} bytes of log scanned`);
  expect(dump.length).toBeGreaterThan(0);
  expect(instance.logs().length).toBeGreaterThan(0);
  expect(keysIn(dump)).toEqual([]);
  expect(keysIn(instance.logs())).toEqual([]);
});
