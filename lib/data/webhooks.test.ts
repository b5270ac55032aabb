// The webhook queue in the data layer, on the real database: what is queued and for whom,
// claims that never overlap, leases that run out, retries that double and give up, expiry
// events queued once however many sweeps run, and a signing secret that is never stored bare.
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import {
  claimWebhookDeliveries,
  createApiKey,
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  queueExpiryEvents,
  recordWebhookAttempt,
  retryDelayMs,
  revokeApiKey,
  rollApiKey,
  sendTestWebhook,
  updateApiKey,
  updateWebhookEndpoint,
  type Caller,
  type ClaimedDelivery,
} from "@/lib/data";
import type { WebhookEventType } from "@/lib/schemas/webhooks";
import { dumpDatabase, newWorkspace } from "@/test/fixtures";

const DAY = 86_400_000;
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  // Deleting an endpoint deletes its deliveries: nothing is left for another test to claim.
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function endpoint(caller: Caller, events: WebhookEventType[]) {
  // A local receiver's address: private endpoints are allowed here, as in local mode.
  const input = { url: `http://127.0.0.1:9/${randomUUID()}`, events };
  const created = await createWebhookEndpoint(caller, { input, allowPrivate: true });
  // A test may have deleted it already.
  cleanups.push(() => deleteWebhookEndpoint(caller, { endpointId: created.id }).catch(() => undefined));
  return created;
}

/** Claims everything due, keeping only this test's deliveries (by endpoint URL). */
async function claimOf(url: string, leaseMs = 60_000): Promise<ClaimedDelivery[]> {
  const claimed = await claimWebhookDeliveries(100, leaseMs);
  return claimed.filter((delivery) => delivery.url === url);
}

describe("queueing", () => {
  it("queues each key event for the enabled endpoints that subscribe to it, with the key as the API shows it", async () => {
    const { workspace, project, admin, caller } = await newWorkspace("Hooks");
    const created = await endpoint(caller, ["key.created", "key.rolled"]);
    const revoked = await endpoint(caller, ["key.revoked", "key.updated"]);
    const disabled = await endpoint(caller, ["key.created"]);
    await updateWebhookEndpoint(caller, { endpointId: disabled.id, changes: { disabled: true } });

    const { apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "hooked" } });
    await updateApiKey(caller, { keyId: apiKey.id, changes: { name: "renamed" } });
    const { apiKey: successor } = await rollApiKey(caller, { keyId: apiKey.id, grace: "1h" });
    await revokeApiKey(caller, { keyId: successor.id });

    const byEndpoint = async (id: string) =>
      (await listWebhookDeliveries(workspace.id, { endpointId: id })).map((d) => ({ type: d.eventType, body: JSON.parse(d.payload) })).reverse();
    const first = await byEndpoint(created.id);
    expect(first.map((d) => d.type)).toEqual(["key.created", "key.rolled"]);
    expect(first[0]!.body).toMatchObject({ type: "key.created", data: { key: { key_id: apiKey.id, name: "hooked" }, actor: { id: admin.userId } } });
    expect(first[0]!.body.data.key).not.toHaveProperty("key");
    expect(first[1]!.body.data).toMatchObject({ key: { key_id: successor.id }, previous_key: { key_id: apiKey.id }, grace: "1h" });
    const second = await byEndpoint(revoked.id);
    expect(second.map((d) => d.type)).toEqual(["key.updated", "key.revoked"]);
    expect(second[0]!.body.data.changed).toEqual(["name"]);
    expect(second[1]!.body.data.key).toMatchObject({ key_id: successor.id, is_active: false });
    expect(await byEndpoint(disabled.id)).toEqual([]);
    // One event, one message id, on every endpoint that receives it; a new id per event.
    const ids = (await listWebhookDeliveries(workspace.id)).map((d) => d.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("skips endpoints deleted while keys are created: every create succeeds, whatever the race", async () => {
    const { workspace, project, caller } = await newWorkspace("Race");
    const hooks = await Promise.all(Array.from({ length: 8 }, () => endpoint(caller, ["key.created"])));
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 24 }, (_, i) => createApiKey(caller, { projectId: project.id, input: { name: `raced ${i}` } })),
      ...hooks.map((hook) => deleteWebhookEndpoint(caller, { endpointId: hook.id })),
    ]);
    expect(outcomes.filter((o) => o.status === "rejected").map((o) => String((o as PromiseRejectedResult).reason))).toEqual([]);
    expect(await listWebhookEndpoints(workspace.id)).toEqual([]);
  });

  it("keeps the signing secret sealed: returned once, never listed, never stored as it is", async () => {
    const { workspace, caller } = await newWorkspace("Sealed");
    const created = await endpoint(caller, ["key.created"]);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const [listed] = await listWebhookEndpoints(workspace.id);
    expect(Object.keys(listed!)).not.toContain("secretSealed");
    const dump = await dumpDatabase();
    expect(dump).not.toContain(created.secret.slice("whsec_".length, "whsec_".length + 20));
    await sendTestWebhook(caller, { endpointId: created.id });
    const [claimed] = await claimOf(created.url);
    expect(claimed!.secret).toBe(created.secret);
  });
});

describe("claims", () => {
  it("gives concurrent workers disjoint deliveries, and none again while leased", async () => {
    const { caller } = await newWorkspace("Claims");
    const hook = await endpoint(caller, ["key.created"]);
    const queued = await Promise.all(Array.from({ length: 24 }, () => sendTestWebhook(caller, { endpointId: hook.id })));
    const claims = await Promise.all(Array.from({ length: 4 }, () => claimWebhookDeliveries(10, 60_000)));
    const mine = claims.flat().filter((d) => d.url === hook.url).map((d) => d.id);
    expect(mine.length).toBe(24);
    expect(new Set(mine)).toEqual(new Set(queued.map((d) => d.id)));
    expect(await claimOf(hook.url)).toEqual([]);
  });

  it("takes a delivery back when its worker's lease runs out, and ignores that worker's late answer", async () => {
    const { workspace, caller } = await newWorkspace("Lease");
    const hook = await endpoint(caller, ["key.created"]);
    await sendTestWebhook(caller, { endpointId: hook.id });
    const [first] = await claimOf(hook.url, 1);
    expect(first!.attempt).toBe(1);
    await new Promise((r) => setTimeout(r, 20));
    const [again] = await claimOf(hook.url);
    expect(again).toMatchObject({ id: first!.id, attempt: 2 });
    // The first worker comes back late: its answer no longer counts.
    await recordWebhookAttempt(first!, { ok: false, status: 500, error: "late" });
    let [delivery] = await listWebhookDeliveries(workspace.id, { endpointId: hook.id });
    expect(delivery).toMatchObject({ status: "delivering", attempts: 2, lastError: null });
    await recordWebhookAttempt(again!, { ok: true, status: 204, error: null });
    [delivery] = await listWebhookDeliveries(workspace.id, { endpointId: hook.id });
    expect(delivery).toMatchObject({ status: "succeeded", attempts: 2, responseStatus: 204 });
    expect(delivery!.deliveredAt).not.toBeNull();
  });

  it("holds back a disabled endpoint's deliveries until it is enabled again", async () => {
    const { caller } = await newWorkspace("Paused");
    const hook = await endpoint(caller, ["key.created"]);
    const queued = await sendTestWebhook(caller, { endpointId: hook.id });
    await updateWebhookEndpoint(caller, { endpointId: hook.id, changes: { disabled: true } });
    expect(await claimOf(hook.url)).toEqual([]);
    await updateWebhookEndpoint(caller, { endpointId: hook.id, changes: { disabled: false } });
    expect((await claimOf(hook.url)).map((d) => d.id)).toEqual([queued.id]);
  });
});

describe("retries", () => {
  it("doubles the delay each time, with at most 20% jitter either way", () => {
    expect([1, 2, 3, 4, 10].map((n) => retryDelayMs(n, 1000, 0.5))).toEqual([1000, 2000, 4000, 8000, 512_000]);
    expect(retryDelayMs(3, 1000, 0)).toBe(3200);
    expect(retryDelayMs(3, 1000, 1)).toBe(4800);
  });

  it("schedules a failed attempt for later, and marks it failed once the retry window has closed", async () => {
    const { workspace, caller } = await newWorkspace("Retry");
    const hook = await endpoint(caller, ["key.created"]);
    await sendTestWebhook(caller, { endpointId: hook.id });
    const [claimed] = await claimOf(hook.url);
    const before = Date.now();
    expect(await recordWebhookAttempt(claimed!, { ok: false, status: 503, error: "The endpoint answered 503." })).toBe("pending");
    let [delivery] = await listWebhookDeliveries(workspace.id, { endpointId: hook.id });
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, responseStatus: 503, lastError: "The endpoint answered 503." });
    const delay = delivery!.nextAttemptAt.getTime() - before;
    expect(delay).toBeGreaterThanOrEqual(retryDelayMs(1, undefined, 0) - 50);
    expect(delay).toBeLessThanOrEqual(retryDelayMs(1, undefined, 1) + 1000);
    expect(await claimOf(hook.url)).toEqual([]); // not due yet

    // An event from 25 hours ago: its next retry would fall outside the 24-hour window.
    await sendTestWebhook(caller, { endpointId: hook.id });
    const [late] = await claimOf(hook.url);
    const outcome = await recordWebhookAttempt({ ...late!, createdAt: new Date(Date.now() - 25 * 3_600_000) }, { ok: false, status: null, error: "refused" });
    expect(outcome).toBe("failed");
    [delivery] = await listWebhookDeliveries(workspace.id, { endpointId: hook.id });
    expect(delivery).toMatchObject({ id: late!.id, status: "failed", lastError: "refused" });
  });
});

describe("expiry events", () => {
  it("queues key.expiring and key.expired once each, however many sweeps run at once, and none for a revoked key", async () => {
    const { workspace, project, caller } = await newWorkspace("Expiry");
    const hook = await endpoint(caller, ["key.expiring", "key.expired"]);
    const { apiKey } = await createApiKey(caller, { projectId: project.id, input: { name: "soon", expiresAt: new Date(Date.now() + 2 * DAY) } });
    const { apiKey: revoked } = await createApiKey(caller, { projectId: project.id, input: { name: "gone", expiresAt: new Date(Date.now() + 2 * DAY) } });
    await revokeApiKey(caller, { keyId: revoked.id });
    const { apiKey: later } = await createApiKey(caller, { projectId: project.id, input: { name: "later", expiresAt: new Date(Date.now() + 30 * DAY) } });

    await Promise.all([queueExpiryEvents(), queueExpiryEvents(), queueExpiryEvents()]);
    await queueExpiryEvents();
    const events = async () =>
      (await listWebhookDeliveries(workspace.id, { endpointId: hook.id })).map((d) => `${d.eventType} ${JSON.parse(d.payload).data.key.key_id}`).sort();
    expect(await events()).toEqual([`key.expiring ${apiKey.id}`]);

    // Three days on, the first key has expired (as if every instance had been down meanwhile).
    const threeDaysOn = new Date(Date.now() + 3 * DAY);
    await Promise.all([queueExpiryEvents(threeDaysOn), queueExpiryEvents(threeDaysOn)]);
    expect(await events()).toEqual([`key.expired ${apiKey.id}`, `key.expiring ${apiKey.id}`].sort());
    expect((await events()).some((e) => e.endsWith(later.id) || e.endsWith(revoked.id))).toBe(false);
  });
});
