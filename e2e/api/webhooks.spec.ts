// Webhooks end to end: a receiver verifies each event with the Standard Webhooks library;
// failures are retried and redirects are not followed; private addresses are refused, at
// registration and on the address each delivery connects to; a server killed with deliveries
// queued (or in flight) delivers every event after restart; two instances deliver each event
// once; expiry events come from the queue's sweep, even for a key that expired while every
// instance was down.
//
// These tests run their instances on a database of their own, so the suite's server (which
// delivers too) never takes their deliveries.
import { Webhook } from "standardwebhooks";
import { ApiClient, expect, test, type ApiResponse } from "../support/api";
import { dataDir } from "../support/env";
import { ownDatabase } from "../support/faults";
import { leak, sendReport } from "../support/scanner";
import { expectProblem } from "../support/problem";
import { startInstance, type ServerInstance } from "../support/server";
import { ownWorkspace } from "../support/tokens";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

let database: { url: string; stop: () => Promise<void> };
const running: ServerInstance[] = [];
const receivers: Receiver[] = [];

test.beforeAll(async () => {
  database = await ownDatabase("hooks");
});

test.afterEach(async () => {
  await Promise.all(running.splice(0).map((instance) => instance.stop()));
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

test.afterAll(async () => {
  await database.stop();
});

/** An instance on the test's database; it shares the suite's data directory, so its tokens work. */
async function instance(env: Record<string, string> = {}): Promise<ServerInstance> {
  const started = await startInstance({
    DATABASE_URL: database.url,
    KEYPORT_DATA_DIR: dataDir,
    KEYPORT_LOG_REQUESTS: "0",
    KEYPORT_WEBHOOK_POLL_MS: "100",
    KEYPORT_WEBHOOK_RETRY_BASE_MS: "300",
    KEYPORT_DB_POOL_SIZE: "4",
    ...env,
  });
  running.push(started);
  return started;
}

async function receiver(): Promise<Receiver> {
  const started = await startReceiver();
  receivers.push(started);
  return started;
}

/** A fresh workspace on `server`, with a project and an endpoint at `hook` for `events`. */
async function setup(server: ServerInstance, hook: Receiver, events: string[]) {
  const { admin, member } = await ownWorkspace("hooks");
  const ada = new ApiClient(admin, server.origin);
  const { project_id } = await ada.createProject();
  const created = await ada.call("POST", "/api/v1/webhooks", { body: { url: hook.url, events } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  hook.secret = created.body.secret;
  return { ada, member: new ApiClient(member, server.origin), project_id, endpoint: created.body as { id: string; secret: string } };
}

test("every key event arrives signed, and verifies with the Standard Webhooks library", async () => {
  const server = await instance();
  const hook = await receiver();
  const { ada, member, project_id, endpoint } = await setup(server, hook, ["key.created", "key.updated", "key.rolled", "key.revoked"]);
  expect(endpoint.secret).toMatch(/^whsec_/);
  const listed = await ada.call("GET", "/api/v1/webhooks");
  expect(listed.body).toEqual([expect.objectContaining({ id: endpoint.id, url: hook.url, enabled: true })]);
  expect(JSON.stringify(listed.body)).not.toContain(endpoint.secret);
  expectProblem(await member.call("GET", "/api/v1/webhooks"), 403, "forbidden");

  const key = await ada.createKey(project_id, { name: "hooked" });
  expect((await ada.call("PATCH", `/api/v1/projects/${project_id}/keys/${key.key_id}`, { body: { name: "renamed" } })).status).toBe(200);
  const rolled = await ada.call("POST", `/api/v1/projects/${project_id}/keys/${key.key_id}/roll`, { body: { grace_period: "1h" } });
  expect(rolled.status).toBe(201);
  expect((await ada.revokeKey(project_id, rolled.body.key_id)).status).toBe(200);

  // Deliveries run in parallel, so arrival order is not promised: each event says when it happened.
  const received = await hook.waitFor((events) => events.length >= 4);
  expect(received.map((event) => event.type).sort()).toEqual(["key.created", "key.revoked", "key.rolled", "key.updated"]);
  const of = (type: string) => received.find((event) => event.type === type)!;
  expect(of("key.created").data.key).toMatchObject({ key_id: key.key_id, name: "hooked", key_prefix: key.key_prefix });
  expect(of("key.updated").data.changed).toEqual(["name"]);
  expect(of("key.rolled").data).toMatchObject({ key: { key_id: rolled.body.key_id }, previous_key: { key_id: key.key_id } });
  expect(of("key.revoked").data.key).toMatchObject({ key_id: rolled.body.key_id, is_active: false });
  expect(hook.rejected).toBe(0);
  // No event carries a key itself.
  expect(JSON.stringify(received)).not.toContain(key.key);
  expect(JSON.stringify(received)).not.toContain(rolled.body.key);
  // The timestamp is now; the id is the same message id the deliveries list shows.
  expect(Math.abs(of("key.created").timestamp - Date.now() / 1000)).toBeLessThan(60);
  // The receiver has answered; the worker records that answer just after, so the list is
  // read until every delivery says so.
  type Delivery = { message_id: string; status: string };
  let deliveries!: ApiResponse<(Delivery & Record<string, unknown>)[]>;
  await expect
    .poll(async () => {
      deliveries = await ada.call("GET", `/api/v1/webhooks/${endpoint.id}/deliveries`);
      return deliveries.body.map((d: Delivery) => d.status);
    })
    .toEqual(["succeeded", "succeeded", "succeeded", "succeeded"]);
  expect(deliveries.status).toBe(200);
  expect(deliveries.body.map((d: Delivery) => d.message_id).sort()).toEqual(received.map((e) => e.id).sort());
  expect(deliveries.body[0]).toMatchObject({ status: "succeeded", attempts: 1, response_status: 200, error: null });

  // A receiver with another secret, or a tampered body, refuses what it gets.
  const other = new Webhook(`whsec_${Buffer.alloc(32, 7).toString("base64")}`);
  const signed = new Webhook(endpoint.secret).sign("msg_x", new Date(), '{"a":1}');
  const headers = { "webhook-id": "msg_x", "webhook-timestamp": String(Math.floor(Date.now() / 1000)), "webhook-signature": signed };
  expect(() => other.verify('{"a":1}', headers)).toThrow();
  expect(() => new Webhook(endpoint.secret).verify('{"a":2}', headers)).toThrow();
});

test("a leak report sends key.leaked, and key.revoked when it revokes the key", async () => {
  const server = await instance({ KEYPORT_SECRET_SCANNING_PUBLIC_KEYS: process.env.KEYPORT_E2E_SCANNER_KEYS! });
  const hook = await receiver();
  const { ada, project_id } = await setup(server, hook, ["key.leaked", "key.revoked"]);
  const key = await ada.createKey(project_id, { name: "leaky" });
  const url = "https://github.com/octo/app/blob/main/.env";
  expect((await sendReport([leak(key.key, url)], { origin: server.origin })).status).toBe(200);
  const received = await hook.waitFor((events) => events.length >= 2);
  expect(received.map((event) => event.type).sort()).toEqual(["key.leaked", "key.revoked"]);
  const leaked = received.find((event) => event.type === "key.leaked")!;
  expect(leaked.data).toMatchObject({ key: { key_id: key.key_id, is_active: false }, actor: { id: "secret-scanning", type: "scanner" }, leak: { url, action: "revoked" } });
});

test("a test event, disabling, enabling and deleting an endpoint", async () => {
  const server = await instance();
  const hook = await receiver();
  const { ada, project_id, endpoint } = await setup(server, hook, ["key.created"]);
  const queued = await ada.call("POST", `/api/v1/webhooks/${endpoint.id}/test`);
  expect(queued.status).toBe(202);
  const [test] = await hook.waitFor((events) => events.length === 1);
  expect(test).toMatchObject({ id: queued.body.message_id, type: "webhook.test", data: { webhook_id: endpoint.id } });

  const disabled = await ada.call("PATCH", `/api/v1/webhooks/${endpoint.id}`, { body: { disabled: true } });
  expect(disabled.body).toMatchObject({ enabled: false });
  expectProblem(await ada.call("POST", `/api/v1/webhooks/${endpoint.id}/test`), 409, "conflict");
  // A disabled endpoint is off: events meanwhile are not kept for it.
  await ada.createKey(project_id, { name: "while disabled" });
  await new Promise((r) => setTimeout(r, 1000));
  expect(hook.verified).toHaveLength(1);
  await ada.call("PATCH", `/api/v1/webhooks/${endpoint.id}`, { body: { disabled: false } });
  const key = await ada.createKey(project_id, { name: "enabled again" });
  const [, created] = await hook.waitFor((events) => events.length === 2);
  expect(created!.data.key.key_id).toBe(key.key_id);
  await new Promise((r) => setTimeout(r, 500));
  expect(hook.verified).toHaveLength(2);

  expect((await ada.call("DELETE", `/api/v1/webhooks/${endpoint.id}`)).status).toBe(204);
  expectProblem(await ada.call("DELETE", `/api/v1/webhooks/${endpoint.id}`), 404, "not_found");
  expectProblem(await ada.call("GET", `/api/v1/webhooks/${endpoint.id}/deliveries`), 404, "not_found");
  const audit = await ada.call("GET", "/api/v1/audit-events?limit=100");
  const actions = audit.body.map((event: { action: string }) => event.action);
  expect(actions).toEqual(expect.arrayContaining(["webhook.created", "webhook.updated", "webhook.deleted"]));
  // Bad bodies are problems, never 500s.
  for (const body of [{}, { url: hook.url }, { url: hook.url, events: [] }, { url: hook.url, events: ["key.nope"] }, { url: "not a url", events: ["key.created"] }, { url: `${hook.url}\u0000`, events: ["key.created"] }]) {
    expectProblem(await ada.call("POST", "/api/v1/webhooks", { body }), 422, "validation_failed");
  }
  expectProblem(await ada.call("PATCH", "/api/v1/webhooks/not-a-uuid", { body: { disabled: true } }), 422, "validation_failed");
});

test("a delivery is resent: the same event and webhook-id, signed afresh, audited; only admins of its workspace may", async () => {
  const server = await instance();
  const hook = await receiver();
  const { ada, member, project_id, endpoint } = await setup(server, hook, ["key.created"]);
  const key = await ada.createKey(project_id, { name: "resent" });
  const [first] = await hook.waitFor((events) => events.length === 1);
  type Delivery = { id: string; message_id: string; status: string; payload: { type: string; timestamp: string; data: Record<string, unknown> } };
  let original!: Delivery;
  await expect
    .poll(async () => {
      original = ((await ada.call("GET", `/api/v1/webhooks/${endpoint.id}/deliveries`)).body as Delivery[])[0]!;
      return original?.status;
    })
    .toBe("succeeded");
  // The list shows the body that was sent.
  expect(original.payload).toMatchObject({ type: "key.created", data: { key: { key_id: key.key_id } } });
  expect(original.message_id).toBe(first!.id);

  const resendPath = `/api/v1/webhooks/${endpoint.id}/deliveries/${original.id}/resend`;
  expectProblem(await member.call("POST", resendPath), 403, "forbidden");
  const resent = await ada.call("POST", resendPath);
  expect(resent.status, JSON.stringify(resent.body)).toBe(202);
  expect(resent.body).toMatchObject({ endpoint_id: endpoint.id, message_id: original.message_id, event_type: "key.created", status: "pending", attempts: 0 });
  expect(resent.body.id).not.toBe(original.id);
  expect(resent.body.payload).toEqual(original.payload);

  // The receiver gets the same event again, verified with the endpoint's secret.
  const received = await hook.waitFor((events) => events.length === 2);
  expect(received[1]).toMatchObject({ id: original.message_id, type: "key.created", data: first!.data });
  expect(hook.rejected).toBe(0);
  await expect
    .poll(async () => ((await ada.call("GET", `/api/v1/webhooks/${endpoint.id}/deliveries`)).body as Delivery[]).map((d) => `${d.id} ${d.status}`))
    .toEqual([`${resent.body.id} succeeded`, `${original.id} succeeded`]);
  const audit = await ada.call("GET", "/api/v1/audit-events?action=webhook.resent");
  expect(audit.body).toEqual([
    expect.objectContaining({ action: "webhook.resent", details: expect.objectContaining({ webhookId: endpoint.id, deliveryId: original.id, resentAs: resent.body.id }) }),
  ]);

  // Another workspace's admin cannot reach it; nor can a delivery be resent through another endpoint.
  const { admin: otherAdmin } = await ownWorkspace("hooks-other");
  const stranger = new ApiClient(otherAdmin, server.origin);
  expectProblem(await stranger.call("POST", resendPath), 404, "not_found");
  const theirs = await stranger.call("POST", "/api/v1/webhooks", { body: { url: hook.url, events: ["key.created"] } });
  expect(theirs.status).toBe(201);
  expectProblem(await stranger.call("POST", `/api/v1/webhooks/${theirs.body.id}/deliveries/${original.id}/resend`), 404, "not_found");
  const second = await ada.call("POST", "/api/v1/webhooks", { body: { url: hook.url, events: ["key.revoked"] } });
  expectProblem(await ada.call("POST", `/api/v1/webhooks/${second.body.id}/deliveries/${original.id}/resend`), 404, "not_found");
  expectProblem(await ada.call("POST", `/api/v1/webhooks/${endpoint.id}/deliveries/not-a-uuid/resend`), 422, "validation_failed");
  // A disabled endpoint is off: nothing is queued for it.
  await ada.call("PATCH", `/api/v1/webhooks/${endpoint.id}`, { body: { disabled: true } });
  expectProblem(await ada.call("POST", resendPath), 409, "conflict");
});

test("a failing endpoint is retried with backoff until it answers; a redirect is not followed", async () => {
  const server = await instance();
  const hook = await receiver();
  let calls = 0;
  hook.answer = () => (++calls <= 2 ? 503 : 200);
  const { ada, project_id, endpoint } = await setup(server, hook, ["key.created"]);
  await ada.createKey(project_id);
  await hook.waitFor((events) => events.length === 1);
  // Recorded just after the receiver answers.
  await expect
    .poll(async () => (await ada.call("GET", `/api/v1/webhooks/${endpoint.id}/deliveries`)).body[0])
    .toMatchObject({ status: "succeeded", attempts: 3, response_status: 200 });

  const moved = await receiver();
  moved.answer = (request) => (request.url?.endsWith("/elsewhere") ? 200 : 308);
  const redirected = await ada.call("POST", "/api/v1/webhooks", { body: { url: moved.url, events: ["key.revoked"] } });
  moved.secret = redirected.body.secret;
  await ada.call("POST", `/api/v1/webhooks/${redirected.body.id}/test`);
  await expect
    .poll(async () => (await ada.call("GET", `/api/v1/webhooks/${redirected.body.id}/deliveries`)).body[0]?.attempts ?? 0)
    .toBeGreaterThanOrEqual(1);
  const [refused] = (await ada.call("GET", `/api/v1/webhooks/${redirected.body.id}/deliveries`)).body;
  expect(refused).toMatchObject({ response_status: 308 });
  expect(refused.error).toContain("Redirects are not followed");
  expect(moved.requests).toBeGreaterThanOrEqual(1);
  expect(moved.verified).toEqual([]); // /elsewhere was never asked
});

test("private addresses and plain http are refused unless allowed, checked again on each delivery's address", async () => {
  const hook = await receiver();
  const strict = await instance({ KEYPORT_WEBHOOK_ALLOW_PRIVATE: "0" });
  const { admin } = await ownWorkspace("ssrf");
  const ada = new ApiClient(admin, strict.origin);
  for (const url of [
    "http://example.com/hook",
    "https://127.0.0.1/hook",
    "https://localhost/hook",
    "https://[::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://10.1.2.3/hook",
    "https://192.168.0.10/hook",
    "https://169.254.169.254/latest/meta-data",
    "https://[fe80::1]/hook",
    "https://0.0.0.0/hook",
  ]) {
    const refused = expectProblem(await ada.call("POST", "/api/v1/webhooks", { body: { url, events: ["key.created"] } }), 422, "validation_failed");
    expect(refused.errors[0], url).toMatchObject({ location: "body.url" });
  }
  // An endpoint added where private addresses are allowed, later delivered by an instance that
  // refuses them (as after a DNS change): the delivery is refused at its address, nothing sent.
  await strict.stop();
  const permissive = await instance({ KEYPORT_WEBHOOK_ALLOW_PRIVATE: "1", KEYPORT_WEBHOOK_WORKER: "0" });
  const local = new ApiClient(admin, permissive.origin);
  const added = await local.call("POST", "/api/v1/webhooks", { body: { url: hook.url.replace("http://127.0.0.1", "https://localhost"), events: ["key.created"] } });
  expect(added.status, JSON.stringify(added.body)).toBe(201);
  await local.call("POST", `/api/v1/webhooks/${added.body.id}/test`);
  await permissive.stop();
  await instance({ KEYPORT_WEBHOOK_ALLOW_PRIVATE: "0" });
  const viaStrict = new ApiClient(admin, running.at(-1)!.origin);
  await expect
    .poll(async () => (await viaStrict.call("GET", `/api/v1/webhooks/${added.body.id}/deliveries`)).body[0]?.error ?? "", { timeout: 20_000 })
    .toContain("Refused");
  expect(hook.requests).toBe(0);
});

test("after kill -9 with deliveries queued and in flight, every event arrives once a server is back", async () => {
  const hook = await receiver();
  // The endpoint answers nothing at first: the first attempts hang while the rest queue up.
  hook.answer = () => "hang";
  const first = await instance({ KEYPORT_WEBHOOK_TIMEOUT_MS: "2000" });
  const { ada, project_id } = await setup(first, hook, ["key.created"]);
  const keys = [];
  for (let i = 0; i < 25; i++) keys.push((await ada.createKey(project_id, { name: `crash ${i}` })).key_id);
  await expect.poll(() => hook.requests).toBeGreaterThan(0);
  first.process.kill("SIGKILL");
  await new Promise((resolve) => first.process.once("exit", resolve));
  running.splice(running.indexOf(first), 1);

  hook.answer = () => 200;
  await instance();
  const received = await hook.waitFor((events) => new Set(events.map((e) => e.data.key.key_id)).size >= keys.length, 60_000);
  expect(new Set(received.map((e) => e.data.key.key_id))).toEqual(new Set(keys));
  expect(hook.rejected).toBe(0);
});

test("two instances deliver each event once", async () => {
  const hook = await receiver();
  const [one, two] = [await instance({ KEYPORT_WEBHOOK_POLL_MS: "50" }), await instance({ KEYPORT_WEBHOOK_POLL_MS: "50" })];
  const { ada, project_id } = await setup(one, hook, ["key.created", "key.revoked"]);
  const viaTwo = new ApiClient(ada.token, two.origin);
  const keys = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? ada : viaTwo).createKey(project_id, { name: `twice ${i}` })));
  await Promise.all(keys.map((key, i) => (i % 2 ? viaTwo : ada).revokeKey(project_id, key.key_id)));
  await hook.waitFor((events) => events.length >= 60, 60_000);
  await new Promise((r) => setTimeout(r, 1500)); // time for any duplicate to arrive
  const ids = hook.verified.map((event) => event.id);
  expect(ids).toHaveLength(60);
  expect(new Set(ids).size).toBe(60);
  expect(hook.requests).toBe(60);
});

test("key.expiring comes once, and key.expired comes even when the key expired while every instance was down", async () => {
  const hook = await receiver();
  const server = await instance({ KEYPORT_WEBHOOK_SWEEP_MS: "200" });
  const { ada, project_id } = await setup(server, hook, ["key.expiring", "key.expired"]);
  const soon = await ada.createKey(project_id, { name: "soon", expires_at: new Date(Date.now() + 3 * 86_400_000).toISOString() });
  const brief = await ada.createKey(project_id, { name: "brief", expires_at: new Date(Date.now() + 4_000).toISOString() });
  await ada.createKey(project_id, { name: "later", expires_at: new Date(Date.now() + 30 * 86_400_000).toISOString() });
  await hook.waitFor((events) => events.filter((e) => e.type === "key.expiring").length >= 2);
  // Every instance goes down before the brief key expires.
  await server.stop();
  running.splice(running.indexOf(server), 1);
  await new Promise((r) => setTimeout(r, 5_000));
  await instance({ KEYPORT_WEBHOOK_SWEEP_MS: "200" });
  await hook.waitFor((events) => events.some((e) => e.type === "key.expired"));
  await new Promise((r) => setTimeout(r, 1_000)); // several more sweeps
  const seen = hook.verified.map((e) => `${e.type} ${e.data.key.name}`).sort();
  expect(seen).toEqual(["key.expired brief", "key.expiring brief", "key.expiring soon"]);
  expect(hook.verified.find((e) => e.type === "key.expiring" && e.data.key.key_id === soon.key_id)!.data.key.expires_at).toBeTruthy();
  expect(hook.verified.find((e) => e.type === "key.expired")!.data.key.key_id).toBe(brief.key_id);
});
