// Request lookup: the request id in a verify answer tells which key made the request.
import { expect, test, verify } from "../support/api";
import { expectProblem } from "../support/problem";
import { startOwnInstance } from "../support/server";

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
  expect((await api("acmeMember").call("GET", `/api/v1/requests/${requestId}`)).status).toBe(200);
  expectProblem(await api("globexAdmin").call("GET", `/api/v1/requests/${requestId}`), 404, "not_found");
  expectProblem(await ada.call("GET", "/api/v1/requests/req_doesnotexist0000000000"), 404, "not_found");
  const unknownKey = (await verify("fp_live_short")).headers.get("request-id")!;
  expectProblem(await ada.call("GET", `/api/v1/requests/${unknownKey}`), 404, "not_found");
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
    expectProblem(await ada.call("GET", `/api/v1/requests/${recorded[1]!.headers.get("request-id")}`), 404, "not_found"); // not written yet
  } finally {
    // Stopping an instance writes every event it holds.
    await Promise.all([off.stop(), on.stop()]);
  }
  expectProblem(await ada.call("GET", `/api/v1/requests/${unrecorded.headers.get("request-id")}`), 404, "not_found");
  for (const answer of recorded) {
    const lookup = await ada.call("GET", `/api/v1/requests/${answer.headers.get("request-id")}`);
    expect(lookup.status).toBe(200);
    expect(lookup.body.status).toBe(answer.status);
  }
});
