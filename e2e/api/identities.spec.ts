// Identities: a product's customers, each owning keys. Created, listed (keyset-paged, searched,
// found by external id), read, edited and deleted through the REST API; a key carries its
// identity, and a valid verification of it returns the identity's id, external id and meta.
import { randomUUID } from "node:crypto";
import { ApiClient, expect, test, verify } from "../support/api";
import { expectProblem } from "../support/problem";
import { sessionToken } from "../support/tokens";

const ada = () => new ApiClient(sessionToken("acmeAdmin"));
const grace = () => new ApiClient(sessionToken("globexAdmin"));
const unique = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

async function createIdentity(client: ApiClient, body: Record<string, unknown>) {
  const created = await client.call("POST", "/api/v1/identities", { body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; external_id: string; [field: string]: unknown };
}

test("an identity is created, read, found, edited and deleted; its keys carry it to verification", async () => {
  const externalId = unique("contoso");
  const created = await ada().call("POST", "/api/v1/identities", {
    body: { external_id: externalId, name: "Contoso", meta: { plan: "pro", seats: 5 }, credits: { remaining: 10000, refill: { amount: 10000, interval: "monthly", day_of_month: 1 }, low_threshold: 2000 }, rate_limit: { limit: 100, window_s: 60 } },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(created.headers.get("location")).toBe(`/api/v1/identities/${created.body.id}`);
  expect(created.body).toMatchObject({
    external_id: externalId,
    name: "Contoso",
    meta: { plan: "pro", seats: 5 },
    credits: { remaining: 10000, refill: { amount: 10000, interval: "monthly", day_of_month: 1 }, low_threshold: 2000 },
    rate_limit: { limit: 100, window_s: 60 },
    key_count: 0,
  });
  expect(Date.parse(created.body.credits.next_refill_at)).toBeGreaterThan(Date.now());
  const id = created.body.id as string;

  // Keys gain identity_id, on create and on PATCH, and show it in their DTO and listing.
  const project = await ada().createProject();
  const production = await ada().createKey(project.project_id, { name: "production", identity_id: id });
  expect(production.identity_id).toBe(id);
  const staging = await ada().createKey(project.project_id, { name: "staging" });
  expect(staging.identity_id).toBeNull();
  const patched = await ada().call("PATCH", `/api/v1/projects/${project.project_id}/keys/${staging.key_id}`, { body: { identity_id: id } });
  expect(patched.status, JSON.stringify(patched.body)).toBe(200);
  expect(patched.body.identity_id).toBe(id);
  const listed = await ada().listKeys(project.project_id);
  expect(listed.body.filter((k: { identity_id: string | null }) => k.identity_id === id)).toHaveLength(2);
  expect((await ada().call("GET", `/api/v1/identities/${id}`)).body.key_count).toBe(2);

  const verified = await verify(staging.key);
  expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  expect(verified.body.identity).toEqual({ id, external_id: externalId, meta: { plan: "pro", seats: 5 } });
  expect(verified.body.credits.remaining).toBe(9999);
  // A key without an identity answers without one.
  expect((await verify(project.default_key.key)).body.identity).toBeUndefined();

  // An edit reaches verification at once on this instance.
  const edited = await ada().call("PATCH", `/api/v1/identities/${id}`, { body: { meta: { plan: "enterprise" }, name: null } });
  expect(edited.status, JSON.stringify(edited.body)).toBe(200);
  expect(edited.body).toMatchObject({ meta: { plan: "enterprise" }, name: null });
  expect((await verify(production.key)).body.identity.meta).toEqual({ plan: "enterprise" });

  // Found by its exact external id, and by a search over external ids and names.
  const exact = await ada().call("GET", `/api/v1/identities?external_id=${encodeURIComponent(externalId)}`);
  expect(exact.body.map((i: { id: string }) => i.id)).toEqual([id]);
  expect((await ada().call("GET", `/api/v1/identities?external_id=${encodeURIComponent(externalId.toUpperCase())}`)).body).toEqual([]);
  const searched = await ada().call("GET", `/api/v1/identities?q=${encodeURIComponent(externalId.slice(-8).toUpperCase())}`);
  expect(searched.body.map((i: { id: string }) => i.id)).toContain(id);

  // Deleting an identity with active keys is a 409, unless its keys are revoked with it.
  expectProblem(await ada().call("DELETE", `/api/v1/identities/${id}`), 409, "conflict");
  const deleted = await ada().call("DELETE", `/api/v1/identities/${id}?revoke_keys=true`);
  expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
  expect(deleted.body).toEqual({ success: true, revoked_keys: 2 });
  expect((await verify(production.key)).status).toBe(401);
  expectProblem(await ada().call("GET", `/api/v1/identities/${id}`), 404, "not_found");
});

test("identities are listed newest first, a page at a time, with a Link to the next page", async () => {
  const prefix = unique("paged");
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await createIdentity(ada(), { external_id: `${prefix}-${i}` })).id);
  const seen: string[] = [];
  let next: string | null = `/api/v1/identities?q=${prefix}&limit=2`;
  while (next) {
    const page: { status: number; headers: Headers; body: { id: string }[] } = await ada().call("GET", next);
    expect(page.status).toBe(200);
    seen.push(...page.body.map((i) => i.id));
    next = page.headers.get("link")?.match(/<([^>]+)>; rel="next"/)?.[1] ?? null;
  }
  expect(seen).toEqual([...ids].reverse());
  expectProblem(await ada().call("GET", "/api/v1/identities?cursor=bm9wZQ"), 422, "validation_failed");
});

test("bad input: a duplicate external id 409, meta over 4 KiB 422, an unknown identity 422, another workspace's 404", async () => {
  const externalId = unique("dup");
  const first = await createIdentity(ada(), { external_id: externalId });
  expectProblem(await ada().call("POST", "/api/v1/identities", { body: { external_id: externalId } }), 409, "conflict");
  // The same external id in another workspace is another identity.
  const theirs = await createIdentity(grace(), { external_id: externalId });

  const big = { blob: "x".repeat(4096) };
  const tooBig = expectProblem(await ada().call("POST", "/api/v1/identities", { body: { external_id: unique("big"), meta: big } }), 422, "validation_failed");
  expect(JSON.stringify(tooBig.errors)).toContain("body.meta");
  expectProblem(await ada().call("PATCH", `/api/v1/identities/${first.id}`, { body: { meta: big } }), 422, "validation_failed");
  expectProblem(await ada().call("POST", "/api/v1/identities", { body: { external_id: unique("array"), meta: [1, 2] } }), 422, "validation_failed");
  expectProblem(await ada().call("POST", "/api/v1/identities", { body: { external_id: "" } }), 422, "validation_failed");
  expectProblem(await ada().call("POST", "/api/v1/identities", { body: { external_id: "x".repeat(256) } }), 422, "validation_failed");
  for (const remaining of [-1, 1.5, "10"]) {
    expectProblem(await ada().call("POST", "/api/v1/identities", { body: { external_id: unique("neg"), credits: { remaining } } }), 422, "validation_failed");
  }

  const project = await ada().createProject();
  const unknown = expectProblem(
    await ada().call("POST", `/api/v1/projects/${project.project_id}/keys`, { body: { name: "orphan", identity_id: randomUUID() } }),
    422,
    "validation_failed",
  );
  expect(JSON.stringify(unknown.errors)).toContain("body.identity_id");
  // Another workspace's identity is as unknown as none to a key, and not found to a read.
  expectProblem(await ada().call("POST", `/api/v1/projects/${project.project_id}/keys`, { body: { name: "stolen", identity_id: theirs.id } }), 422, "validation_failed");
  expectProblem(await ada().call("GET", `/api/v1/identities/${theirs.id}`), 404, "not_found");
  expectProblem(await ada().call("PATCH", `/api/v1/identities/${theirs.id}`, { body: { name: "mine" } }), 404, "not_found");
  expectProblem(await ada().call("DELETE", `/api/v1/identities/${theirs.id}`), 404, "not_found");
  expectProblem(await ada().call("GET", `/api/v1/identities/not-a-uuid`), 422, "validation_failed");

  // A member reads, never writes.
  const member = new ApiClient(sessionToken("acmeMember"));
  expect((await member.call("GET", `/api/v1/identities/${first.id}`)).status).toBe(200);
  expectProblem(await member.call("POST", "/api/v1/identities", { body: { external_id: unique("member") } }), 403, "forbidden");
});

test("an identity's rate limit is shared by all its keys, and shown as the identity policy", async () => {
  const identity = await createIdentity(ada(), { external_id: unique("limited"), rate_limit: { limit: 3, window_s: 60 } });
  const project = await ada().createProject();
  const a = await ada().createKey(project.project_id, { name: "a", identity_id: identity.id });
  const b = await ada().createKey(project.project_id, { name: "b", identity_id: identity.id, rate_limit: { limit: 100, window_s: 60 } });
  const first = await verify(a.key);
  expect(first.status).toBe(200);
  expect(first.headers.get("ratelimit-policy")).toContain('"identity";q=3;w=60');
  expect((await verify(b.key)).headers.get("ratelimit-policy")).toMatch(/"key";q=100;w=60, "identity";q=3;w=60/);
  expect((await verify(a.key)).status).toBe(200);
  // The fourth verification, by either key, is past the identity's limit.
  const refused = expectProblem(await verify(b.key), 429, "rate_limited");
  expect(refused.detail).toMatch(/keys of this identity share a limit of 3 verifications per 60 s/);
  expectProblem(await verify(a.key), 429, "rate_limited");
});
