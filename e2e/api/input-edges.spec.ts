// The edges of the management API's input: a key sent to us is never echoed back, wherever
// it is put; a key is refused as free text; a JSON null is not an object; search text is
// literal; every POST that creates something honours Idempotency-Key; OPTIONS lists only
// the methods a path answers.
import { ApiClient, expect, test, verify, type ApiResponse } from "../support/api";
import { expectProblem } from "../support/problem";
import { ownWorkspace } from "../support/tokens";

async function workspace(label: string) {
  const tokens = await ownWorkspace(label);
  const admin = new ApiClient(tokens.admin);
  const project = await admin.createProject(`${label} project`);
  return { admin, projectId: project.project_id, secret: project.default_key.key };
}

/** The part of a key that must never come back: everything after its public start. */
const secretOf = (key: string) => key.slice(key.indexOf("_", key.indexOf("_") + 1) + 1);

function expectNoKey(response: ApiResponse, key: string, label: string) {
  const text = JSON.stringify(response.body) + [...response.headers.entries()].map(([n, v]) => `${n}: ${v}`).join("\n");
  expect(text, `${label}: ${text.slice(0, 400)}`).not.toContain(secretOf(key));
}

test("a key is never echoed back, wherever the request puts it", async () => {
  const { admin, projectId, secret: key } = await workspace("echo");
  const management = `kpm_${secretOf(key)}`;
  const keyId = (await admin.createKey(projectId, { name: "echoed" })).key_id;
  const keys = `/api/v1/projects/${projectId}/keys`;
  const cases: [string, Promise<ApiResponse>][] = [];
  for (const [label, k] of [["sdk key", key], ["management key", management]] as const) {
    for (const glue of ["", "x", "7", "_", "app_"]) {
      const v = `${glue}${k}`;
      const at = `${label} after "${glue}"`;
      cases.push(
        [`property name, ${at}`, admin.call("POST", keys, { body: { name: "ok", [v]: 1 } })],
        [`nested property name, ${at}`, admin.call("POST", keys, { body: { name: "ok", rate_limit: { limit: 1, window_s: 1, [v]: 2 } } })],
        [`value, ${at}`, admin.call("POST", keys, { body: { name: 5, description: v, scopes: [v] } })],
        [`array entry, ${at}`, admin.call("POST", keys, { body: { name: "ok", allowed_ips: ["10.0.0.1", v] } })],
        [`patch allowed_ips, ${at}`, admin.call("PATCH", `${keys}/${keyId}`, { body: { allowed_ips: [v] } })],
        [`bulk-revoke key_ids, ${at}`, admin.call("POST", `${keys}/bulk-revoke`, { body: { key_ids: [v, `${v}-2`] } })],
        [`policy scope name, ${at}`, admin.call("PUT", "/api/v1/workspace/policy", { body: { scopes: [{ name: v, description: v }] } })],
        [`webhook url, ${at}`, admin.call("POST", "/api/v1/webhooks", { body: { url: v, events: [v] } })],
        [`path id, ${at}`, admin.call("GET", `${keys}/${encodeURIComponent(v)}/usage`)],
        [`path project id, ${at}`, admin.call("GET", `/api/v1/projects/${encodeURIComponent(v)}/keys`)],
        [`request id, ${at}`, admin.call("GET", `/api/v1/requests/${encodeURIComponent(v)}`)],
        [`cursor, ${at}`, admin.call("GET", `${keys}?cursor=${encodeURIComponent(v)}`)],
        [`audit cursor, ${at}`, admin.call("GET", `/api/v1/audit-events?cursor=${encodeURIComponent(v)}`)],
        [`query name, ${at}`, admin.call("GET", `${keys}?${encodeURIComponent(v)}=1`)],
        [`idempotency key, ${at}`, admin.call("POST", keys, { body: { name: "x" }, headers: { "idempotency-key": `${v} x` } })],
        [`verify app_id, ${at}`, verify(key, { app_id: v })],
        [`verify property name, ${at}`, verify(key, { [v]: true })],
        [`verify scopes, ${at}`, verify(key, { scopes: [v] })],
      );
    }
  }
  for (const [label, pending] of cases) {
    const response = await pending;
    expect(response.status, label).toBeLessThan(500);
    expectNoKey(response, key, label);
  }
  // The bulk answer names each id as sent, redacted.
  const bulk = await admin.call("POST", `${keys}/bulk-revoke`, { body: { key_ids: [`x${key}`] } });
  expect(bulk.body.results[0]).toMatchObject({ key_id: "xfp_live_[redacted]", status: "not_found" });
});

test("a key is refused as a name, a description, a scope description or a webhook URL, with a 422 that says why", async () => {
  const { admin, projectId, secret: key } = await workspace("free-text");
  const keyId = (await admin.createKey(projectId, { name: "plain" })).key_id;
  const keys = `/api/v1/projects/${projectId}/keys`;
  const policy = (await admin.call("GET", "/api/v1/workspace/policy")).body;
  const attempts: [string, Promise<ApiResponse>][] = [
    ["key name", admin.call("POST", keys, { body: { name: key } })],
    ["key description", admin.call("POST", keys, { body: { name: "ok", description: `the old one was ${key}` } })],
    ["edited name", admin.call("PATCH", `${keys}/${keyId}`, { body: { name: key } })],
    ["edited description", admin.call("PATCH", `${keys}/${keyId}`, { body: { description: `kpp_${secretOf(key)}` } })],
    ["project name", admin.call("POST", "/api/v1/projects", { body: { name: key } })],
    ["scope description", admin.call("PUT", "/api/v1/workspace/policy", { body: { ...policy, scopes: [{ name: "flags:read", description: key }] } })],
    ["webhook url", admin.call("POST", "/api/v1/webhooks", { body: { url: `http://127.0.0.1:9/hook?token=${key}`, events: ["key.created"] } })],
  ];
  for (const [label, pending] of attempts) {
    const problem = expectProblem(await pending, 422, "validation_failed");
    expect(problem.errors.map((e) => e.message).join(" "), label).toMatch(/looks like an API key/);
    expect(JSON.stringify(problem), label).not.toContain(secretOf(key));
  }
  const audit = await admin.call("GET", "/api/v1/audit-events?limit=100");
  expect(JSON.stringify(audit.body)).not.toContain(secretOf(key));
});

test("a JSON null body is refused with 422 where an object is required; an empty body is still {}", async () => {
  const { admin, projectId, secret } = await workspace("null-body");
  const keyId = (await admin.createKey(projectId, { name: "nullable" })).key_id;
  const webhook = await admin.call("POST", "/api/v1/webhooks", { body: { url: "http://127.0.0.1:9/null", events: ["key.created"] } });
  const json = { "content-type": "application/json" };
  for (const [method, path] of [
    ["PATCH", `/api/v1/projects/${projectId}/keys/${keyId}`],
    ["POST", `/api/v1/projects/${projectId}/keys`],
    ["POST", `/api/v1/projects/${projectId}/keys/${keyId}/roll`],
    ["POST", `/api/v1/projects/${projectId}/keys/bulk-revoke`],
    ["PUT", "/api/v1/workspace/policy"],
    ["POST", "/api/v1/projects"],
    ["POST", "/api/v1/webhooks"],
    ["PATCH", `/api/v1/webhooks/${webhook.body.id}`],
  ]) {
    const problem = expectProblem(await admin.call(method!, path!, { raw: "null", headers: json }), 422, "validation_failed");
    expect(problem.errors[0], `${method} ${path}`).toMatchObject({ location: "body" });
  }
  // PATCH with no body at all changes nothing: an empty object.
  expect((await admin.call("PATCH", `/api/v1/projects/${projectId}/keys/${keyId}`)).status).toBe(200);
  expect((await new ApiClient(secret).call("POST", "/api/v1/keys/verify")).status).toBe(200);
});

test("search text is literal: % and _ are not wildcards", async () => {
  const { admin, projectId } = await workspace("search");
  for (const name of ["server_prod", "serverXprod"]) await admin.createKey(projectId, { name });
  const names = async (q: string) => ((await admin.listKeys(projectId, `?q=${encodeURIComponent(q)}`)).body as { name: string }[]).map((k) => k.name).sort();
  expect(await names("%")).toEqual([]);
  expect(await names("server_prod")).toEqual(["server_prod"]);
  expect(await names("server%prod")).toEqual([]);
});

test("POST /api/v1/webhooks and a test event honour Idempotency-Key: a retry replays the first answer, secret included", async () => {
  const { admin } = await workspace("hook-idempotency");
  const body = { url: "http://127.0.0.1:9/idempotent", events: ["key.created"] };
  const headers = { "idempotency-key": `hook-${Date.now()}` };
  const first = await admin.call("POST", "/api/v1/webhooks", { body, headers });
  const retry = await admin.call("POST", "/api/v1/webhooks", { body, headers });
  expect(first.status).toBe(201);
  expect(retry.status).toBe(201);
  expect(retry.headers.get("idempotency-replayed")).toBe("true");
  expect(retry.body).toEqual(first.body);
  expect(retry.headers.get("location")).toBe(`/api/v1/webhooks/${first.body.id}`);
  expect((await admin.call("GET", "/api/v1/webhooks")).body).toHaveLength(1);
  expectProblem(await admin.call("POST", "/api/v1/webhooks", { body: { ...body, events: ["key.revoked"] }, headers }), 422, "idempotency_key_reused");

  const test = { "idempotency-key": `test-${Date.now()}` };
  const sent = await admin.call("POST", `/api/v1/webhooks/${first.body.id}/test`, { headers: test });
  const again = await admin.call("POST", `/api/v1/webhooks/${first.body.id}/test`, { headers: test });
  expect(sent.status).toBe(202);
  expect(again.body).toEqual(sent.body);
  const deliveries = (await admin.call("GET", `/api/v1/webhooks/${first.body.id}/deliveries`)).body as { event_type: string }[];
  expect(deliveries.filter((d) => d.event_type === "webhook.test")).toHaveLength(1);
});

test("OPTIONS lists exactly the methods each path answers", async () => {
  const { admin, projectId } = await workspace("options");
  const keyId = (await admin.createKey(projectId, { name: "options" })).key_id;
  const webhookId = (await admin.call("POST", "/api/v1/webhooks", { body: { url: "http://127.0.0.1:9/options", events: ["key.created"] } })).body.id;
  const document = (await admin.call("GET", "/api/v1/openapi.json")).body as { paths: Record<string, Record<string, unknown>> };
  const ids: Record<string, string> = { projectId, keyId, webhookId, requestId: "req_000000000000000000000000" };
  for (const [template, item] of Object.entries(document.paths)) {
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => ids[name]!);
    const options = await admin.call("OPTIONS", path);
    expect(options.status, template).toBe(204);
    const allow = options.headers.get("allow")!.split(", ");
    const documented = Object.keys(item).filter((m) => m !== "parameters").map((m) => m.toUpperCase());
    expect([...allow].sort(), template).toEqual([...new Set([...documented, ...(documented.includes("GET") ? ["HEAD"] : []), "OPTIONS"])].sort());
    for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]) {
      // A write with no body: whatever it answers (422, 401, ...), it is 405 exactly when Allow leaves it out.
      const status = (await admin.call(method, path, method === "DELETE" ? {} : { headers: { "idempotency-key": `options-${Math.random()}` } })).status;
      expect(status === 405, `${method} ${template} answered ${status}; Allow: ${allow.join(", ")}`).toBe(!allow.includes(method));
    }
  }
});
