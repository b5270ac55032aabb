// Real responses validate against /api/v1/openapi.json (generated from the zod schemas).
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { ApiClient, expect, test, verify, type ApiResponse } from "../support/api";
import { leak, sendReport } from "../support/scanner";
import { sessionToken } from "../support/tokens";

const pointer = (...segments: string[]) =>
  segments.map((s) => encodeURIComponent(s.replace(/~/g, "~0").replace(/\//g, "~1"))).join("/");

test("every route's real responses match the OpenAPI document", async () => {
  const document = await (await fetch(`${new ApiClient(null).origin}/api/v1/openapi.json`)).json();
  expect(document.openapi).toBe("3.1.0");
  // With no KEYPORT_PUBLIC_URL, the server is the host the request was sent to.
  expect(document.servers).toEqual([{ url: new ApiClient(null).origin }]);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(document, "openapi");

  let checked = 0;
  const check = (route: string, method: string, response: ApiResponse) => {
    const declared = document.paths[route][method].responses[String(response.status)];
    expect(declared, `${method} ${route} does not document ${response.status}`).toBeTruthy();
    const contentType = response.headers.get("content-type")!;
    expect(Object.keys(declared.content)).toContain(contentType);
    const ref = `openapi#/${pointer("paths", route, method, "responses", String(response.status), "content", contentType, "schema")}`;
    const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
    expect(validate(response.body), `${method} ${route} ${response.status}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    checked++;
  };

  const ada = new ApiClient(sessionToken("acmeAdmin"));
  const member = new ApiClient(sessionToken("acmeMember"));
  const projects = "/api/v1/projects";
  const keys = "/api/v1/projects/{projectId}/keys";
  const key = "/api/v1/projects/{projectId}/keys/{keyId}";
  const verifyPath = "/api/v1/keys/verify";

  check(projects, "get", await ada.call("GET", projects));
  const created = await ada.call("POST", projects, { body: { name: "OpenAPI" } });
  check(projects, "post", created);
  check(projects, "post", await ada.call("POST", projects, { body: {} }));
  const projectId = created.body.project_id;
  check(keys, "get", await ada.listKeys(projectId));
  check(keys, "get", await ada.listKeys(projectId, "?limit=1000"));
  check(keys, "get", await ada.listKeys("00000000-0000-4000-8000-000000000000"));
  const newKey = await ada.call("POST", `/api/v1/projects/${projectId}/keys`, { body: { name: "documented", scopes: ["flags:read"] } });
  check(keys, "post", newKey);
  check(keys, "post", await member.call("POST", `/api/v1/projects/${projectId}/keys`, { body: { name: "x" } }));
  check(keys, "get", await new ApiClient(null).call("GET", `/api/v1/projects/${projectId}/keys`));
  check(key, "delete", await ada.revokeKey(projectId, newKey.body.key_id));
  check(key, "delete", await ada.revokeKey(projectId, created.body.default_key.key_id));
  check(verifyPath, "post", await verify(created.body.default_key.key, { app_id: projectId }));
  check(verifyPath, "post", await verify(newKey.body.key));
  check(verifyPath, "post", await verify(created.body.default_key.key, { environment: "test" }));
  check(verifyPath, "post", await verify(created.body.default_key.key, { app_id: 5 }));
  check("/api/health", "get", await ada.call("GET", "/api/health"));
  check("/api/health/ready", "get", await ada.call("GET", "/api/health/ready"));

  // Rotation, edits, bulk revoke, policies and leak reports.
  const roll = "/api/v1/projects/{projectId}/keys/{keyId}/roll";
  const bulk = "/api/v1/projects/{projectId}/keys/bulk-revoke";
  const policy = "/api/v1/workspace/policy";
  const fresh = await ada.createKey(projectId, { name: "to roll", rate_limit: { limit: 10, window_s: 60 }, allowed_ips: ["10.0.0.0/8"] });
  check(key, "patch", await ada.call("PATCH", `/api/v1/projects/${projectId}/keys/${fresh.key_id}`, { body: { name: "edited", scopes: ["flags:read"] } }));
  check(key, "patch", await ada.call("PATCH", `/api/v1/projects/${projectId}/keys/${fresh.key_id}`, { body: { expires_at: "2001-01-01T00:00:00Z" } }));
  const rolled = await ada.call("POST", `/api/v1/projects/${projectId}/keys/${fresh.key_id}/roll`, { body: { grace_period: "1h" } });
  check(roll, "post", rolled);
  check(roll, "post", await ada.call("POST", `/api/v1/projects/${projectId}/keys/${fresh.key_id}/roll`, { body: { grace_period: "1h" } }));
  check(roll, "post", await ada.call("POST", `/api/v1/projects/${projectId}/keys/${fresh.key_id}/roll`, { body: { grace_period: "2h" } }));
  check(bulk, "post", await ada.call("POST", `/api/v1/projects/${projectId}/keys/bulk-revoke`, { body: { key_ids: [fresh.key_id, "nope"] } }));
  check(bulk, "post", await ada.call("POST", `/api/v1/projects/${projectId}/keys/bulk-revoke`, { body: { key_ids: [] } }));
  const current = await ada.call("GET", policy);
  check(policy, "get", current);
  const { violations: _violations, ...body } = current.body;
  check(policy, "put", await ada.call("PUT", policy, { body }));
  check(policy, "put", await member.call("PUT", policy, { body }));
  check(policy, "put", await ada.call("PUT", policy, { body: { ...body, single_active_key: "sometimes" } }));
  const scanning = "/api/v1/secret-scanning/report";
  check(scanning, "post", await sendReport([leak(rolled.body.key)]));
  check(scanning, "post", await sendReport([leak("fp_live_nothing")], { headers: {} }));
  expect(checked).toBe(30);

  // The $schema a response names is served.
  const schema = await fetch(`${ada.origin}/api/v1/schemas/CreateAPIKeyOutputBody.json`);
  expect(schema.status).toBe(200);
  expect((await schema.json()).properties.key).toEqual({ type: "string" });
});

test("the portal's real responses match the OpenAPI document", async () => {
  const document = await (await fetch(`${new ApiClient(null).origin}/api/v1/openapi.json`)).json();
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(document, "openapi");
  let checked = 0;
  const check = (route: string, method: string, response: ApiResponse) => {
    const declared = document.paths[route][method].responses[String(response.status)];
    expect(declared, `${method} ${route} does not document ${response.status}`).toBeTruthy();
    const contentType = response.headers.get("content-type")!;
    const ref = `openapi#/${pointer("paths", route, method, "responses", String(response.status), "content", contentType, "schema")}`;
    const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
    expect(validate(response.body), `${method} ${route} ${response.status}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    checked++;
  };
  const ada = new ApiClient(sessionToken("acmeAdmin"));
  const project = await ada.createProject("OpenAPI portal");
  const identity = await ada.call("POST", "/api/v1/identities", { body: { external_id: `openapi_${Date.now()}` } });
  const sessions = "/api/v1/portal/sessions";
  const opened = await ada.call("POST", sessions, { body: { project_id: project.project_id, identity_id: identity.body.id, permissions: ["keys:read", "keys:create", "keys:roll", "keys:revoke", "usage:read"] } });
  check(sessions, "post", opened);
  check(sessions, "post", await ada.call("POST", sessions, { body: { project_id: project.project_id, permissions: [] } }));
  const portal = new ApiClient(opened.body.token);
  const keys = "/api/v1/portal/keys";
  const created = await portal.call("POST", keys, { body: { name: "documented portal key" } });
  check(keys, "post", created);
  check(keys, "get", await portal.call("GET", keys));
  check(keys, "get", await ada.call("GET", keys));
  check("/api/v1/portal/keys/{keyId}/usage", "get", await portal.call("GET", `${keys}/${created.body.key_id}/usage`));
  const rolled = await portal.call("POST", `${keys}/${created.body.key_id}/roll`, { body: { grace_period: "none" } });
  check("/api/v1/portal/keys/{keyId}/roll", "post", rolled);
  check("/api/v1/portal/keys/{keyId}", "delete", await portal.call("DELETE", `${keys}/${rolled.body.key_id}`));
  check("/api/v1/portal/keys/{keyId}", "delete", await portal.call("DELETE", `${keys}/00000000-0000-4000-8000-000000000000`));
  check("/api/v1/portal/sessions/{id}", "delete", await ada.call("DELETE", `${sessions}/${opened.body.id}`));
  check("/api/v1/workspace/portal", "get", await ada.call("GET", "/api/v1/workspace/portal"));
  check("/api/v1/workspace/portal", "put", await ada.call("PUT", "/api/v1/workspace/portal", { body: { portal_origins: ["nope"], logo_url: null, accent_color: null } }));
  expect(checked).toBe(12);
});
