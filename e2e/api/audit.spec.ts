// The audit log through the REST API: who did what and when, filtered and paged, refused
// admin attempts included, and the CSV export safe to open in a spreadsheet.
import { parse } from "csv-parse/sync";
import { ApiClient, expect, test, type ApiResponse } from "../support/api";
import { expectProblem } from "../support/problem";
import { ownWorkspace } from "../support/tokens";

async function workspace(label: string, adminName?: string) {
  const tokens = await ownWorkspace(label, adminName);
  const admin = new ApiClient(tokens.admin);
  const member = new ApiClient(tokens.member);
  const project = await admin.createProject(`${label} project`);
  return { admin, member, projectId: project.project_id, project };
}

test("every change, and every refused admin attempt, is in the log with its request id and IP", async () => {
  const { admin, member, projectId } = await workspace("audit");
  const created = await admin.call("POST", `/api/v1/projects/${projectId}/keys`, { body: { name: "audited" } });
  const keyId = created.body.key_id;
  await admin.call("PATCH", `/api/v1/projects/${projectId}/keys/${keyId}`, { body: { name: "audited edit" } });
  const rolled = await admin.call("POST", `/api/v1/projects/${projectId}/keys/${keyId}/roll`, { body: { grace_period: "none" } });
  await admin.call("POST", `/api/v1/projects/${projectId}/keys/bulk-revoke`, { body: { key_ids: [rolled.body.key_id] } });
  const refused = await member.call("DELETE", `/api/v1/projects/${projectId}/keys/${keyId}`);
  expect(refused.status).toBe(403);

  const log = await admin.call("GET", "/api/v1/audit-events?limit=100");
  expect(log.status, JSON.stringify(log.body)).toBe(200);
  const actions = log.body.map((e: { action: string }) => e.action);
  expect(actions.slice(0, 5)).toEqual(["access.denied", "api_key.revoked", "api_key.rolled", "api_key.updated", "api_key.created"]);
  const denied = log.body[0];
  expect(denied).toMatchObject({
    actor: { id: "user_local_max" },
    request_id: refused.headers.get("request-id"),
    ip: "127.0.0.1",
    details: { attempt: `DELETE /api/v1/projects/${projectId}/keys/${keyId}` },
  });
  const createdEvent = log.body.find((e: { action: string; key_id: string }) => e.action === "api_key.created" && e.key_id === keyId);
  expect(createdEvent).toMatchObject({ request_id: created.headers.get("request-id"), actor: { id: "user_local_ada", name: "Ada Lovelace" } });
  // Members cannot read the log (and trying is itself recorded).
  expectProblem(await member.call("GET", "/api/v1/audit-events"), 403, "forbidden");
});

test("filters by key, actor, action, time and request id, and pages with a cursor in the Link header", async () => {
  const { admin, member, projectId } = await workspace("audit-filters");
  const keys = [];
  for (let i = 0; i < 5; i++) keys.push(await admin.createKey(projectId, { name: `filtered ${i}` }));
  await member.call("POST", `/api/v1/projects/${projectId}/keys`, { body: { name: "not allowed" } });
  const list = async (query: string) => {
    const response = await admin.call("GET", `/api/v1/audit-events${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response;
  };
  expect((await list(`?key_id=${keys[2]!.key_id}`)).body.map((e: { key_id: string }) => e.key_id)).toEqual([keys[2]!.key_id]);
  expect((await list("?actor=user_local_max")).body.map((e: { action: string }) => e.action)).toEqual(["access.denied"]);
  // The default keys of the workspace's first project and of this one, and five.
  expect((await list("?action=api_key.created")).body).toHaveLength(7);
  const future = new Date(Date.now() + 60_000).toISOString();
  expect((await list(`?from=${future}`)).body).toEqual([]);
  expect((await list(`?to=${new Date(Date.now() - 86_400_000).toISOString()}`)).body).toEqual([]);
  const one = (await list("?limit=1")).body[0];
  expect((await list(`?request_id=${one.request_id}`)).body.map((e: { event_id: string }) => e.event_id)).toContain(one.event_id);

  const seen: string[] = [];
  let next: string | null = "/api/v1/audit-events?action=api_key.created&limit=2";
  while (next) {
    const response: ApiResponse<{ event_id: string }[]> = await admin.call("GET", next);
    expect(response.status).toBe(200);
    seen.push(...response.body.map((e) => e.event_id));
    next = /<([^>]+)>; rel="next"/.exec(response.headers.get("link") ?? "")?.[1] ?? null;
  }
  expect(seen).toHaveLength(7);
  expect(new Set(seen).size).toBe(7);
  expectProblem(await admin.call("GET", "/api/v1/audit-events?cursor=bm90LWEtY3Vyc29y"), 422, "validation_failed");
  expectProblem(await admin.call("GET", "/api/v1/audit-events?action=api_key.exploded"), 422, "validation_failed");
  expectProblem(await admin.call("GET", "/api/v1/audit-events?from=yesterday-ish"), 422, "validation_failed");
});

test("the CSV export has every matching event, and no cell a spreadsheet would run as a formula", async () => {
  const { admin, projectId } = await workspace("audit-csv", '=HYPERLINK("http://evil.example","x")');
  for (let i = 0; i < 3; i++) await admin.createKey(projectId, { name: `-csv ${i}` });
  const response = await fetch(`${admin.origin}/api/v1/audit-events/export?action=api_key.created`, {
    headers: { authorization: `Bearer ${admin.token}` },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
  const rows: string[][] = parse(await response.text());
  expect(rows[0]).toEqual(["created_at", "action", "actor_id", "actor_name", "actor_type", "key_id", "project_id", "request_id", "ip", "details"]);
  expect(rows).toHaveLength(1 + 5); // the header; two default keys, and three
  for (const row of rows.slice(1)) {
    expect(row[1]).toBe("api_key.created");
    expect(row[3]).toBe(`'=HYPERLINK("http://evil.example","x")`);
    for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  }
});

test("the CSV export has its own operation; the list's format=csv redirects there with the same filters", async () => {
  const { admin } = await workspace("audit-csv-path");
  const redirect = await admin.call("GET", "/api/v1/audit-events?format=csv&action=api_key.created&limit=5");
  expect(redirect.status).toBe(308);
  expect(redirect.headers.get("location")).toBe("/api/v1/audit-events/export?action=api_key.created");
  const followed = await fetch(`${admin.origin}/api/v1/audit-events?format=csv&action=api_key.created`, { headers: { authorization: `Bearer ${admin.token}` } });
  expect(followed.status).toBe(200);
  expect(followed.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  const rows: string[][] = parse(await followed.text());
  expect(rows.length).toBeGreaterThan(1); // the header, and the default keys' creations
  for (const row of rows.slice(1)) expect(row[1]).toBe("api_key.created");
  expectProblem(await admin.call("GET", "/api/v1/audit-events/export?limit=5"), 422, "validation_failed");
});

test("a date PostgreSQL cannot store is a 422 with a plain message, in the list and the export alike", async () => {
  const { admin } = await workspace("audit-dates");
  for (const value of ["-000001-01-01", "+010000-01-01T00:00:00Z", "275760-09-13", "0000-06-01", "99999"]) {
    for (const path of ["/api/v1/audit-events", "/api/v1/audit-events/export"]) {
      for (const field of ["from", "to"]) {
        const problem = expectProblem(await admin.call("GET", `${path}?${field}=${encodeURIComponent(value)}`), 422, "validation_failed");
        expect(problem.errors[0], `${path} ${field}=${value}`).toMatchObject({ location: `query.${field}`, message: "Use a date between 0001-01-01 and 9999-12-31." });
      }
    }
  }
  expect((await admin.call("GET", "/api/v1/audit-events?from=0001-01-01&to=9999-12-31T23:59:59Z")).status).toBe(200);
});
