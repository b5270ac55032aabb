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

test("with recording off, verifications still count but are not looked up", async ({ api }) => {
  const ada = api("acmeAdmin");
  const { project_id } = await ada.createProject();
  const key = await ada.createKey(project_id, { name: "unrecorded" });
  const off = await startOwnInstance("no-recording", { KEYPORT_RECORD_VERIFICATIONS: "0" });
  const on = await startOwnInstance("recording");
  const [unrecorded, recorded] = [await verify(key.key, undefined, off.origin), await verify(key.key, undefined, on.origin)];
  expect([unrecorded.status, recorded.status]).toEqual([200, 200]);
  // Stopping an instance writes what it holds.
  await Promise.all([off.stop(), on.stop()]);
  expectProblem(await ada.call("GET", `/api/v1/requests/${unrecorded.headers.get("request-id")}`), 404, "not_found");
  expect((await ada.call("GET", `/api/v1/requests/${recorded.headers.get("request-id")}`)).status).toBe(200);
});
