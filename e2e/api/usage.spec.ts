// The usage API: a key's verifications per hour and per day, after real verifications.
import { expect, test, verify } from "../support/api";
import { expectProblem } from "../support/problem";

test("usage by hour and by day counts the key's real verifications, valid and invalid", async ({ api }) => {
  const ada = api("acmeAdmin");
  const { project_id } = await ada.createProject();
  const key = await ada.createKey(project_id, { name: "counted", environment: "test" });
  for (let i = 0; i < 3; i++) expect((await verify(key.key)).status).toBe(200);
  for (let i = 0; i < 2; i++) expect((await verify(key.key, { environment: "live" })).status).toBe(403);
  const base = `/api/v1/projects/${project_id}/keys/${key.key_id}/usage`;

  // The verify process writes what it counted every KEYPORT_USAGE_FLUSH_MS (1 s).
  await expect.poll(async () => (await ada.call("GET", `${base}?granularity=hour`)).body.at(-1)?.invalid).toBe(2);
  await expect.poll(async () => (await ada.call("GET", base)).body.at(-1)?.invalid).toBe(2);
  const hours = await ada.call("GET", `${base}?granularity=hour`);
  expect(hours.status, JSON.stringify(hours.body)).toBe(200);
  expect(hours.body).toHaveLength(24);
  const thisHour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString();
  expect(hours.body.at(-1)).toEqual({ at: thisHour, valid: 3, invalid: 2 });
  expect(hours.body.slice(0, -1).every((p: { valid: number; invalid: number }) => p.valid === 0 && p.invalid === 0)).toBe(true);

  const days = await ada.call("GET", base);
  expect(days.body).toHaveLength(30);
  expect(days.body.at(-1)).toMatchObject({ valid: 3, invalid: 2 });
  const since = new Date(Date.now() - 3 * 86_400_000).toISOString();
  const recent = await ada.call("GET", `${base}?granularity=day&since=${encodeURIComponent(since)}`);
  expect(recent.body).toHaveLength(4);
  // Members may read usage; another workspace may not see the key at all.
  expect((await api("acmeMember").call("GET", base)).status).toBe(200);
  expectProblem(await api("globexAdmin").call("GET", base), 404, "not_found");

  for (const [query, location] of [
    ["?granularity=minute", "query.granularity"],
    [`?since=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`, "query.since"],
    [`?granularity=hour&since=${encodeURIComponent(new Date(Date.now() - 40 * 86_400_000).toISOString())}`, "query.since"],
    ["?since=yesterday", "query.since"],
    ["?surprise=1", "query"],
  ]) {
    const problem = expectProblem(await ada.call("GET", `${base}${query}`), 422, "validation_failed");
    expect(problem.errors[0]!.location, query).toContain(location);
  }
});
