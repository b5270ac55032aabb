// IP allowlists per key: verifications from outside the list are 403 and name the address
// the server saw (never the list); entries are checked, canonicalised and capped at 100.
import { ApiClient, expect, test } from "../support/api";
import { expectProblem } from "../support/problem";
import { rawRequest } from "../support/raw-http";
import { startOwnInstance, type ServerInstance } from "../support/server";

function verifyFrom(instance: ServerInstance, from: string, key: string) {
  return rawRequest(instance.origin, { method: "POST", path: "/api/v1/keys/verify", localAddress: from, headers: { authorization: `Bearer ${key}` } });
}

test("a key answers only from its allowed addresses and ranges; a refusal names the client IP, not the list", async ({ api }) => {
  const ada = api("acmeAdmin");
  const { project_id } = await ada.createProject();
  const key = await ada.createKey(project_id, { allowed_ips: ["127.0.0.2", "127.0.1.0/24", "10.9.0.0/16"] });
  expect(key.allowed_ips).toEqual(["127.0.0.2", "127.0.1.0/24", "10.9.0.0/16"]);
  const instance = await startOwnInstance("allowlist");
  try {
    expect((await verifyFrom(instance, "127.0.0.2", key.key)).status).toBe(200);
    expect((await verifyFrom(instance, "127.0.1.77", key.key)).status).toBe(200);
    const refused = await verifyFrom(instance, "127.0.0.3", key.key);
    expect(refused.status, refused.body).toBe(403);
    const problem = JSON.parse(refused.body);
    expect(problem.code).toBe("forbidden");
    expect(problem.detail).toContain("127.0.0.3");
    expect(problem.detail).not.toContain("10.9.0.0");
    expect(problem.detail).not.toContain("127.0.1.0");
    // A key without a list answers from anywhere.
    const open = await ada.createKey(project_id);
    expect((await verifyFrom(instance, "127.0.0.3", open.key)).status).toBe(200);
  } finally {
    await instance.stop();
  }
});

test("IPv6: a key allowed from ::1 answers there, and a key allowed only from 127.0.0.1 does not", async ({ api }) => {
  const ada = api("acmeAdmin");
  const { project_id } = await ada.createProject();
  const v6 = await ada.createKey(project_id, { allowed_ips: ["::1"] });
  const v4 = await ada.createKey(project_id, { allowed_ips: ["127.0.0.1"] });
  // IPv4-mapped entries match the IPv4 addresses they map.
  const mapped = await ada.createKey(project_id, { allowed_ips: ["::ffff:127.0.0.0/104"] });
  expect(mapped.allowed_ips).toEqual(["127.0.0.0/8"]);
  const instance = await startOwnInstance("allowlist-v6", { HOST: "::1" });
  try {
    const verify = (key: string) => new ApiClient(key, instance.origin).call("POST", "/api/v1/keys/verify");
    expect((await verify(v6.key)).status).toBe(200);
    const refused = expectProblem(await verify(v4.key), 403, "forbidden");
    expect(refused.detail).toContain("::1");
  } finally {
    await instance.stop();
  }
  const dual = await startOwnInstance("allowlist-v4");
  try {
    expect((await verifyFrom(dual, "127.0.0.9", mapped.key)).status).toBe(200);
    expect((await verifyFrom(dual, "127.0.0.9", v6.key)).status).toBe(403);
  } finally {
    await dual.stop();
  }
});

test("invalid entries are refused with a 422 that locates each; more than 100 entries are refused", async ({ api }) => {
  const ada = api("acmeAdmin");
  const { project_id } = await ada.createProject();
  const path = `/api/v1/projects/${project_id}/keys`;
  const bad = expectProblem(
    await ada.call("POST", path, { body: { name: "bad list", allowed_ips: ["10.0.0.1", "300.1.1.1", "10.0.0.0/33", "fe80::/200", 7] } }),
    422,
    "validation_failed",
  );
  expect(bad.errors.map((e) => e.location).sort()).toEqual(["body.allowed_ips.1", "body.allowed_ips.2", "body.allowed_ips.3", "body.allowed_ips.4"]);
  expect(bad.errors.find((e) => e.location === "body.allowed_ips.1")).toMatchObject({ value: "300.1.1.1" });
  const many = Array.from({ length: 101 }, (_, i) => `10.0.${Math.floor(i / 256)}.${i % 256}`);
  const tooMany = expectProblem(await ada.call("POST", path, { body: { name: "long list", allowed_ips: many } }), 422, "validation_failed");
  expect(tooMany.errors[0]).toMatchObject({ location: "body.allowed_ips" });
  expect(tooMany.errors[0]!.message).toMatch(/at most 100/);
  // 100 is fine; host bits of a range are cleared, duplicates dropped.
  const ok = await ada.createKey(project_id, { allowed_ips: [...many.slice(0, 99), "203.0.113.77/24", "203.0.113.0/24"] });
  expect(ok.allowed_ips).toHaveLength(100);
  expect(ok.allowed_ips).toContain("203.0.113.0/24");
  // Nothing was half-written by the refusals.
  const names = (await ada.listKeys(project_id)).body.map((k: { name: string }) => k.name);
  expect(names).not.toContain("bad list");
  expect(names).not.toContain("long list");
});

test("rate_limit is checked like every field", async ({ api }) => {
  const ada = api("acmeAdmin");
  const { project_id } = await ada.createProject();
  const path = `/api/v1/projects/${project_id}/keys`;
  for (const [rateLimit, location] of [
    [{ limit: 0, window_s: 60 }, "body.rate_limit.limit"],
    [{ limit: 10, window_s: 0 }, "body.rate_limit.window_s"],
    [{ limit: 1.5, window_s: 60 }, "body.rate_limit.limit"],
    [{ limit: 10, window_s: 86_401 }, "body.rate_limit.window_s"],
    [{ limit: 10 }, "body.rate_limit.window_s"],
    [{ limit: 10, window_s: 60, burst: 3 }, "body.rate_limit"],
    ["10/min", "body.rate_limit"],
  ] as const) {
    const problem = expectProblem(await ada.call("POST", path, { body: { name: "rl", rate_limit: rateLimit } }), 422, "validation_failed");
    expect(problem.errors.map((e) => e.location), JSON.stringify(rateLimit)).toContain(location);
  }
  const none = await ada.createKey(project_id, { rate_limit: null });
  expect(none.rate_limit).toBeNull();
});
