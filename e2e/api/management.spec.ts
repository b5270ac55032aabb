// Contract tests of the REST management API: every route and every status.
import { ApiClient, expect, test, type ApiResponse } from "../support/api";
import { expectProblem, REQUEST_ID } from "../support/problem";

const KEY_FIELDS = [
  "created_at", "created_by", "expires_at", "is_active", "is_admin_managed", "key_id", "key_prefix",
  "last_used_at", "name", "project_id", "scopes", "tenant_id", "environment", "description", "revoked_at",
  "rate_limit", "allowed_ips", "leaked_at", "rolled_from", "rolled_to", "identity_id", "credits",
  "status", "deactivated_at", "recoverable",
].sort();

test.describe("GET/POST /api/v1/projects", () => {
  test("lists projects and creates one with its default key, shown once", async ({ api }) => {
    const ada = api("acmeAdmin");
    const list = await ada.call("GET", "/api/v1/projects");
    expect(list.status).toBe(200);
    expect(list.headers.get("request-id")).toMatch(REQUEST_ID);
    for (const project of list.body) expect(Object.keys(project).sort()).toEqual(["created_at", "name", "project_id", "slug"]);

    const created = await ada.createProject("Contract Project");
    expect(created.default_key.key).toMatch(/^fp_live_/);
    expect(created.default_key).toMatchObject({ is_admin_managed: true, project_id: created.project_id });
    const keys = await ada.listKeys(created.project_id);
    expect(keys.status).toBe(200);
    const defaultKey = keys.body.find((k: { key_id: string }) => k.key_id === created.default_key.key_id);
    expect(defaultKey).toBeTruthy();
    expect(Object.keys(defaultKey).sort()).toEqual(KEY_FIELDS);
    expect(JSON.stringify(keys.body)).not.toContain(created.default_key.key);
  });

  test("validates project names and refuses members", async ({ api }) => {
    expectProblem(await api("acmeAdmin").call("POST", "/api/v1/projects", { body: { name: "" } }), 422, "validation_failed");
    expectProblem(await api("acmeMember").call("POST", "/api/v1/projects", { body: { name: "x" } }), 403, "forbidden");
    expect((await api("acmeMember").call("GET", "/api/v1/projects")).status).toBe(200);
  });
});

test.describe("POST /api/v1/projects/{projectId}/keys", () => {
  test("returns 201 with the documented key fields plus the key, the only time it is returned", async ({ api }) => {
    const ada = api("acmeAdmin");
    const { project_id } = await ada.createProject();
    const response = await ada.call("POST", `/api/v1/projects/${project_id}/keys`, {
      body: { name: "server_prod", description: "Go servers", scopes: ["flags:read"], expires_at: "2099-01-01T00:00:00Z" },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toBe("application/json");
    const { key, $schema, ...dto } = response.body;
    expect($schema).toBe("/api/v1/schemas/CreateAPIKeyOutputBody.json");
    expect(Object.keys(dto).sort()).toEqual(KEY_FIELDS);
    // No environment given: Production, the same default as the Create dialog.
    expect(key).toMatch(/^fp_live_[0-9A-Za-z]{36}$/);
    expect(dto).toMatchObject({
      environment: "live",
      project_id,
      is_active: true,
      is_admin_managed: false,
      key_prefix: key.slice(0, 16),
      scopes: ["flags:read"],
      expires_at: "2099-01-01T00:00:00.000Z",
      description: "Go servers",
      created_by: "user_local_ada",
    });
    const list = await ada.listKeys(project_id);
    expect(JSON.stringify(list.body)).not.toContain(key);
    expect(JSON.stringify(list.body)).not.toMatch(/hash/);
  });

  test("creates workspace-wide keys that every project lists with project_id null", async ({ api }) => {
    const ada = api("acmeAdmin");
    const a = await ada.createProject();
    const b = await ada.createProject();
    const wide = await ada.createKey(a.project_id, { name: "everywhere", all_projects: true, environment: "live" });
    expect(wide.project_id).toBeNull();
    const listed = (await ada.listKeys(b.project_id)).body.find((k: { key_id: string }) => k.key_id === wide.key_id);
    expect(listed).toMatchObject({ project_id: null, name: "everywhere" });
  });

  test("answers 422 with every issue located, for each invalid input", async ({ api }) => {
    const ada = api("acmeAdmin");
    const { project_id } = await ada.createProject();
    const post = (body: unknown) => ada.call("POST", `/api/v1/projects/${project_id}/keys`, { body });
    const cases: [string, unknown, string][] = [
      ["missing name", {}, "body.name"],
      ["name too long", { name: "x".repeat(65) }, "body.name"],
      ["name with a slash", { name: "a/b" }, "body.name"],
      ["unknown environment", { name: "k", environment: "prod" }, "body.environment"],
      ["past expiry", { name: "k", expires_at: "2001-01-01T00:00:00Z" }, "body.expires_at"],
      ["not RFC 3339", { name: "k", expires_at: "tomorrow" }, "body.expires_at"],
      ["101 scopes", { name: "k", scopes: Array.from({ length: 101 }, (_, i) => `s${i}`) }, "body.scopes"],
      ["malformed scope", { name: "k", scopes: ["Not A Scope"] }, "body.scopes.0"],
      ["unknown field", { name: "k", colour: "red" }, "body"],
    ];
    for (const [label, body, location] of cases) {
      const problem = expectProblem(await post(body), 422, "validation_failed");
      expect(problem.errors.map((e) => e.location), label).toContain(location);
    }
    const both = expectProblem(await post({ environment: "x" }), 422, "validation_failed");
    expect(both.errors.map((e) => e.location).sort()).toEqual(["body.environment", "body.name"]);
  });

  test("refuses bad bodies: invalid JSON 400, not JSON 415, over 64 KiB 413", async ({ api }) => {
    const ada = api("acmeAdmin");
    const { project_id } = await ada.createProject();
    const path = `/api/v1/projects/${project_id}/keys`;
    expectProblem(await ada.call("POST", path, { raw: "{nope", headers: { "content-type": "application/json" } }), 400, "bad_request");
    expectProblem(await ada.call("POST", path, { raw: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } }), 415, "unsupported_media_type");
    expectProblem(await ada.call("POST", path, { body: { name: "big", description: "x".repeat(70_000) } }), 413, "payload_too_large");
  });
});

test.describe("ids and tenancy", () => {
  test("non-UUID ids are 422; unknown or another workspace's ids are 404", async ({ api }) => {
    const ada = api("acmeAdmin");
    const grace = api("globexAdmin");
    const globex = await grace.createProject();
    const globexKey = await grace.createKey(globex.project_id, { name: "globex secret" });
    const { project_id } = await ada.createProject();

    expectProblem(await ada.listKeys("not-a-uuid"), 422, "validation_failed");
    expectProblem(await ada.revokeKey(project_id, "nope"), 422, "validation_failed");
    expectProblem(await ada.listKeys("00000000-0000-4000-8000-000000000000"), 404, "not_found");
    expectProblem(await ada.listKeys(globex.project_id), 404, "not_found");
    expectProblem(await ada.call("POST", `/api/v1/projects/${globex.project_id}/keys`, { body: { name: "x" } }), 404, "not_found");
    expectProblem(await ada.revokeKey(globex.project_id, globexKey.key_id), 404, "not_found");
    expectProblem(await ada.revokeKey(project_id, globexKey.key_id), 404, "not_found");
    // Still active for its owner.
    const still = (await grace.listKeys(globex.project_id)).body.find((k: { key_id: string }) => k.key_id === globexKey.key_id);
    expect(still.is_active).toBe(true);
  });
});

test.describe("DELETE /api/v1/projects/{projectId}/keys/{keyId}", () => {
  test("revokes idempotently with {success: true}; the default key is a 409", async ({ api }) => {
    const ada = api("acmeAdmin");
    const project = await ada.createProject();
    const key = await ada.createKey(project.project_id);
    for (let i = 0; i < 2; i++) {
      const response = await ada.revokeKey(project.project_id, key.key_id);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ $schema: "/api/v1/schemas/RevokeAPIKeyOutputBody.json", success: true });
    }
    const listed = (await ada.listKeys(project.project_id)).body.find((k: { key_id: string }) => k.key_id === key.key_id);
    expect(listed).toMatchObject({ is_active: false });
    expect(listed.revoked_at).toBeTruthy();
    expectProblem(await ada.revokeKey(project.project_id, project.default_key.key_id), 409, "conflict");
    expectProblem(await api("acmeMember").revokeKey(project.project_id, key.key_id), 403, "forbidden");
  });
});

test.describe("GET /api/v1/projects/{projectId}/keys", () => {
  test("filters and pages with Link rel=next; limit over 100 is 422", async ({ api }) => {
    const ada = api("acmeAdmin");
    const { project_id } = await ada.createProject();
    for (let i = 0; i < 5; i++) await ada.createKey(project_id, { name: `page ${i}`, environment: i % 2 ? "live" : "test" });
    const seen: string[] = [];
    let next: string | null = `/api/v1/projects/${project_id}/keys?limit=2`;
    let pages = 0;
    while (next) {
      const response: ApiResponse = await ada.call("GET", next);
      expect(response.status).toBe(200);
      expect(response.body.length).toBeLessThanOrEqual(2);
      seen.push(...response.body.map((k: { key_id: string }) => k.key_id));
      next = /<([^>]+)>; rel="next"/.exec(response.headers.get("link") ?? "")?.[1] ?? null;
      pages++;
    }
    // Other tests' workspace-wide keys belong to this listing too.
    const total = Number((await ada.listKeys(project_id)).headers.get("x-total-count"));
    expect(total).toBeGreaterThanOrEqual(6); // five keys and the default key
    expect(pages).toBe(Math.ceil(total / 2));
    expect(new Set(seen).size).toBe(seen.length);
    const live = await ada.listKeys(project_id, "?environment=live&status=active&limit=100");
    expect(live.body.every((k: { environment: string }) => k.environment === "live")).toBe(true);
    expect(live.body.filter((k: { project_id: string | null }) => k.project_id === project_id)).toHaveLength(3);
    expectProblem(await ada.listKeys(project_id, "?limit=101"), 422, "validation_failed");
    expectProblem(await ada.listKeys(project_id, "?status=sleeping"), 422, "validation_failed");
    expectProblem(await ada.listKeys(project_id, "?cursor=xyz"), 422, "validation_failed");
  });
});

test.describe("Idempotency-Key", () => {
  test("replays the same request, including the key; 422 for another body; scoped to the caller", async ({ api }) => {
    const ada = api("acmeAdmin");
    const { project_id } = await ada.createProject();
    const path = `/api/v1/projects/${project_id}/keys`;
    const headers = { "idempotency-key": `idem-${Date.now()}` };
    const first = await ada.call("POST", path, { body: { name: "once" }, headers });
    const again = await ada.call("POST", path, { body: { name: "once" }, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotency-replayed")).toBe("true");
    expect(again.body.key).toBe(first.body.key);
    expect(again.body.key_id).toBe(first.body.key_id);
    expect((await ada.listKeys(project_id, "?q=once")).body).toHaveLength(1);
    expectProblem(await ada.call("POST", path, { body: { name: "other" }, headers }), 422, "idempotency_key_reused");
    // Another caller with the same Idempotency-Key is another request.
    const grace = api("globexAdmin");
    const globex = await grace.createProject();
    const theirs = await grace.call("POST", `/api/v1/projects/${globex.project_id}/keys`, { body: { name: "once" }, headers });
    expect(theirs.status).toBe(201);
    expect(theirs.body.key_id).not.toBe(first.body.key_id);
  });

  test("answers 409 while the original is in flight, and creates one key", async ({ api }) => {
    const ada = api("acmeAdmin");
    const { project_id } = await ada.createProject();
    let sawConflict = false;
    for (let attempt = 0; attempt < 5 && !sawConflict; attempt++) {
      const headers = { "idempotency-key": `burst-${attempt}-${Date.now()}` };
      const responses = await Promise.all(
        Array.from({ length: 8 }, () => ada.call("POST", `/api/v1/projects/${project_id}/keys`, { body: { name: `burst ${attempt}` }, headers })),
      );
      const created = new Set(responses.filter((r) => r.status === 201).map((r) => r.body.key_id));
      expect(created.size).toBe(1);
      for (const r of responses.filter((r) => r.status !== 201)) expectProblem(r, 409, "idempotency_in_flight");
      sawConflict ||= responses.some((r) => r.status === 409);
      expect((await ada.listKeys(project_id, `?q=burst%20${attempt}`)).body).toHaveLength(1);
    }
    expect(sawConflict).toBe(true);
  });
});

test.describe("every route", () => {
  test("problem+json for unknown paths, wrong methods and keys in the query string", async ({ api }) => {
    const ada = api("acmeAdmin");
    const { project_id } = await ada.createProject();
    expectProblem(await ada.call("GET", "/api/v1/nothing-here"), 404, "not_found");
    const wrong = await ada.call("PUT", `/api/v1/projects/${project_id}/keys`);
    expectProblem(wrong, 405, "method_not_allowed");
    expect(wrong.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
    expectProblem(await ada.call("GET", `/api/v1/projects/${project_id}/keys?api_key=x`), 400, "bad_request");
    expectProblem(await new ApiClient(null).call("POST", `/api/v1/keys/verify?key=fp_live_abc`), 400, "bad_request");
  });

  test("an SDK key sent to the management API is a 401 that asks for a session token", async ({ api }) => {
    const { default_key } = await api("acmeAdmin").createProject();
    const problem = expectProblem(await new ApiClient(default_key.key).call("GET", "/api/v1/projects"), 401, "unauthorized");
    expect(problem.detail).toMatch(/session token/);
  });
});
