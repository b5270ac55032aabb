// Request lookup: the request id in a verify answer tells which key made the request.
import { expect, test, verify } from "../support/api";
import { expectProblem } from "../support/problem";
import { startOwnInstance } from "../support/server";
import type { ApiClient } from "../support/api";

/** A lookup that finds nothing: `not_recorded_yet` while the id is seconds old, then `not_found`. */
async function expectNotFoundOnceSettled(client: ApiClient, requestId: string) {
  await expect
    .poll(async () => (await client.call("GET", `/api/v1/requests/${requestId}`)).body.code, { timeout: 20_000, intervals: [500] })
    .toBe("not_found");
  expectProblem(await client.call("GET", `/api/v1/requests/${requestId}`), 404, "not_found");
}

test("the request id of a verification names its key, outcome, address and time; elsewhere it is a 404", async ({ api }) => {
  const ada = api("acmeAdmin");
  const { project_id } = await ada.createProject();
  const key = await ada.createKey(project_id, { name: "looked up", environment: "test" });
  const answered = await verify(key.key, undefined);
  const requestId = answered.headers.get("request-id")!;
  const refused = await verify(key.key, { environment: "live" });
  // The verify process writes its events every KEYPORT_USAGE_FLUSH_MS (1 s).
  await expect.poll(async () => (await ada.call("GET", `/api/v1/requests/${refused.headers.get("request-id")}`)).status).toBe(200);
  const lookup = await ada.call("GET", `/api/v1/requests/${requestId}`);
  expect(lookup.status, JSON.stringify(lookup.body)).toBe(200);
  expect(lookup.body).toMatchObject({
    request_id: requestId,
    outcome: "valid",
    status: 200,
    reason: null,
    ip: "127.0.0.1",
    user_agent: "node",
    key: { key_id: key.key_id, name: "looked up", key_prefix: key.key_prefix, environment: "test", project_id },
  });
  expect(Date.now() - new Date(lookup.body.at).getTime()).toBeLessThan(60_000);
  const forbidden = await ada.call("GET", `/api/v1/requests/${refused.headers.get("request-id")}`);
  expect(forbidden.body).toMatchObject({ outcome: "forbidden", status: 403, reason: "wrong_environment" });
  // Members may look up; another workspace, an unknown id and a request no key made are 404s.
  // Written (its batch came before the one polled above), so another workspace's lookup is a
  // plain not_found at once, however recent.
  expect((await api("acmeMember").call("GET", `/api/v1/requests/${requestId}`)).status).toBe(200);
  expectProblem(await api("globexAdmin").call("GET", `/api/v1/requests/${requestId}`), 404, "not_found");
  expectProblem(await ada.call("GET", "/api/v1/requests/req_doesnotexist0000000000"), 404, "not_found");
  const unknownKey = (await verify("fp_live_short")).headers.get("request-id")!;
  await expectNotFoundOnceSettled(ada, unknownKey);
  const malformed = expectProblem(await ada.call("GET", "/api/v1/requests/not-a-request"), 422, "validation_failed");
  expect(malformed.errors[0]).toMatchObject({ location: "path.requestId" });
});

test("with recording off, verifications still count but are not looked up; with it on, a stopped instance writes every event it held", async ({ api }) => {
  const ada = api("acmeAdmin");
  const { project_id } = await ada.createProject();
  const key = await ada.createKey(project_id, { name: "unrecorded", environment: "test" });
  // An interval far longer than the test: whatever the recording instance writes, it writes
  // when it is stopped, from its writer thread.
  const held = { KEYPORT_USAGE_FLUSH_MS: "600000" };
  const off = await startOwnInstance("no-recording", { ...held, KEYPORT_RECORD_VERIFICATIONS: "0" });
  const on = await startOwnInstance("recording", held);
  let unrecorded, recorded;
  try {
    unrecorded = await verify(key.key, undefined, off.origin);
    recorded = [];
    for (let i = 0; i < 40; i++) recorded.push(await verify(key.key, i % 4 ? undefined : { environment: "live" }, on.origin));
    expect(unrecorded.status).toBe(200);
    expect(new Set(recorded.map((r) => r.status))).toEqual(new Set([200, 403]));
    // Not written yet, and said so: the id is seconds old.
    expectProblem(await ada.call("GET", `/api/v1/requests/${recorded.at(-1)!.headers.get("request-id")}`), 404, "not_recorded_yet");
  } finally {
    // Stopping an instance writes every event it holds.
    await Promise.all([off.stop(), on.stop()]);
  }
  await expectNotFoundOnceSettled(ada, unrecorded.headers.get("request-id")!);
  for (const answer of recorded) {
    const lookup = await ada.call("GET", `/api/v1/requests/${answer.headers.get("request-id")}`);
    expect(lookup.status).toBe(200);
    expect(lookup.body.status).toBe(answer.status);
  }
});

test("straight after a verification, its lookup says it is not recorded yet, with Retry-After: 1, and then finds it", async ({ api }) => {
  const ada = api("acmeAdmin");
  const { project_id } = await ada.createProject();
  const key = await ada.createKey(project_id, { name: "looked up at once" });
  const requestId = (await verify(key.key)).headers.get("request-id")!;
  const early = await ada.call("GET", `/api/v1/requests/${requestId}`);
  if (early.status !== 200) {
    // Almost always: the verify process writes its events once a second.
    const problem = expectProblem(early, 404, "not_recorded_yet");
    expect(early.headers.get("retry-after")).toBe("1");
    expect(problem.detail).toMatch(/not recorded yet.*Retry in 1 s/);
  }
  await expect.poll(async () => (await ada.call("GET", `/api/v1/requests/${requestId}`)).status).toBe(200);
  // An id that is not one a server issued, or one issued long ago, is plainly not found.
  expectProblem(await ada.call("GET", `/api/v1/requests/req_${"0".repeat(24)}`), 404, "not_found");
});
