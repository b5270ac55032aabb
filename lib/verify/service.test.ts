// The key service driven with fakes of its inputs: a store, limiters, a recorder and a clock of
// this test's own. The integration tests (lib/data, e2e/api) drive it with the real ones.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { generateKey, generateManagementKey, generatePortalToken, hashKey } from "@/lib/keys/token";
import type { LimitState } from "@/lib/limits/limiter";
import {
  INVALID_MANAGEMENT_KEY_DETAIL,
  INVALID_PORTAL_TOKEN_DETAIL,
  KeyService,
  MANAGEMENT_KEY_ON_VERIFY_DETAIL,
  type Balance,
  type CreditLedger,
  type KeyLimiter,
  type StoredKey,
  type StoredManagementKey,
  type StoredPortalSession,
  type VerificationEntry,
  type VerifyQuestion,
} from "./service";

/** A fixed-window counter per id, in a map: enough to see what the service counts. */
class FakeLimiter implements KeyLimiter<null> {
  readonly counts = new Map<string, number>();
  peeks = 0;

  constructor(
    readonly policy: LimitState["policy"],
    readonly limit: number,
  ) {}

  private state(used: number, exceeded: boolean): LimitState {
    return { policy: this.policy, limit: this.limit, windowS: 60, remaining: Math.max(0, this.limit - used), resetS: 60, exceeded };
  }

  async peek(id: string): Promise<LimitState> {
    this.peeks++;
    const used = this.counts.get(id) ?? 0;
    return this.state(used, used >= this.limit);
  }

  async consume(id: string, points: number): Promise<LimitState> {
    const used = (this.counts.get(id) ?? 0) + points;
    this.counts.set(id, used);
    return this.state(used, used > this.limit);
  }
}

/** Balances in a map, charged all or none, as the contract says: enough to see what the service asks. */
class FakeLedger implements CreditLedger {
  readonly balances = new Map<string, number>();
  readonly charges: { ids: string[]; cost: number }[] = [];

  async charge(balances: readonly Balance[], cost: number) {
    this.charges.push({ ids: balances.map((b) => b.id), cost });
    const exhausted = balances.filter((b) => (this.balances.get(b.id) ?? 0) < Math.max(cost, 1));
    if (exhausted.length > 0) return { ok: false as const, exhausted };
    for (const b of balances) this.balances.set(b.id, this.balances.get(b.id)! - cost);
    return { ok: true as const, remaining: Math.min(...balances.map((b) => this.balances.get(b.id)!)) };
  }
}

function setup(options: { failedLimit?: number; storeDown?: boolean } = {}) {
  const keys = new Map<string, StoredKey>();
  const managementKeys = new Map<string, StoredManagementKey>();
  const portalSessions = new Map<string, StoredPortalSession>();
  const managementUses: string[] = [];
  const lookups: string[] = [];
  let now = Date.parse("2026-12-01T12:00:00Z");
  const failed = new FakeLimiter("failed", options.failedLimit ?? 3);
  const own = new Map<string, FakeLimiter>();
  const shared = new Map<string, FakeLimiter>();
  const ledger = new FakeLedger();
  const usage: { keyId: string; valid: boolean; at: number }[] = [];
  const entries: VerificationEntry[] = [];
  const service = new KeyService<null>({
    store: {
      async findByHash(hash) {
        lookups.push(hash);
        if (options.storeDown) throw new AppError("service_unavailable", "Key verification is temporarily unavailable.");
        return keys.get(hash) ?? null;
      },
      async findManagementKeyByHash(hash) {
        lookups.push(hash);
        if (options.storeDown) throw new AppError("service_unavailable", "Key verification is temporarily unavailable.");
        return managementKeys.get(hash) ?? null;
      },
      async findPortalSessionByHash(hash) {
        lookups.push(hash);
        if (options.storeDown) throw new AppError("service_unavailable", "Key verification is temporarily unavailable.");
        return portalSessions.get(hash) ?? null;
      },
      async projectWorkspace() {
        return null;
      },
    },
    limits: {
      failed: () => failed,
      key: (rateLimit) => {
        const name = `${rateLimit.limit}`;
        if (!own.has(name)) own.set(name, new FakeLimiter("key", rateLimit.limit));
        return own.get(name)!;
      },
      identity: (rateLimit) => {
        const name = `${rateLimit.limit}`;
        if (!shared.has(name)) shared.set(name, new FakeLimiter("identity", rateLimit.limit));
        return shared.get(name)!;
      },
      budget: () => null,
      refusal: (refused) => new AppError("rate_limited", `past ${refused.policy}`),
    },
    credits: ledger,
    recorder: {
      usage: (keyId, valid, at) => usage.push({ keyId, valid, at }),
      verification: (entry) => entries.push(entry),
      managementKeyUsed: (keyId) => managementUses.push(keyId),
    },
    clock: () => now,
    prefixes: ["fp"],
    describe: (error) => (error instanceof AppError ? error : new AppError("internal", "bug")),
  });
  const addKey = (fields: Partial<StoredKey> = {}) => {
    const { key } = generateKey({ environment: "live" });
    const stored: StoredKey = {
      id: `key-${keys.size + 1}`,
      workspaceId: "ws",
      projectId: "project",
      environment: "live",
      scopes: [],
      expiresAt: null,
      name: "a key",
      revoked: false,
      allowedIps: [],
      rateLimit: null,
      identity: null,
      credits: null,
      ...fields,
    };
    keys.set(hashKey(key), stored);
    return { key, stored };
  };
  const addManagementKey = (fields: Partial<StoredManagementKey> = {}) => {
    const { key } = generateManagementKey();
    const stored: StoredManagementKey = {
      id: `mk-${managementKeys.size + 1}`,
      workspaceId: "ws",
      name: "ci",
      permissions: ["keys:read"],
      expiresAt: null,
      revoked: false,
      ...fields,
    };
    managementKeys.set(hashKey(key), stored);
    return { key, stored };
  };
  const addPortalSession = (fields: Partial<StoredPortalSession> = {}) => {
    const { key } = generatePortalToken();
    const stored: StoredPortalSession = {
      id: `ps-${portalSessions.size + 1}`,
      workspaceId: "ws",
      projectId: "project",
      identityId: "identity",
      externalId: "user_1",
      permissions: ["keys:read"],
      environments: ["live", "test"],
      scopes: [],
      returnUrl: null,
      origins: [],
      expiresAt: new Date(now + 3_600_000),
      ended: false,
      ...fields,
    };
    portalSessions.set(hashKey(key), stored);
    return { token: key, stored };
  };
  const authenticatePortal = (token: string, clientIp: string | null = "192.0.2.1") =>
    service.authenticatePortalSession({ requestId: "req_p", clientIp, token });
  const authenticate = (token: string, clientIp: string | null = "192.0.2.1") =>
    service.authenticateManagementKey({ requestId: "req_m", clientIp, token });
  const ask = (question: VerifyQuestion | AppError, clientIp: string | null = "192.0.2.1") =>
    service.verify({ requestId: `req_${entries.length}`, clientIp, userAgent: "test", question });
  return { service, keys, addKey, addManagementKey, addPortalSession, authenticatePortal, authenticate, managementUses, ask, failed, own, shared, ledger, usage, entries, lookups, advance: (ms: number) => (now += ms), now: () => now };
}

describe("KeyService", () => {
  it("accepts a usable key and records it once, as valid", async () => {
    const t = setup();
    const { key, stored } = t.addKey();
    const verdict = await t.ask({ key });
    expect(verdict).toMatchObject({ ok: true, key: { id: stored.id } });
    expect(t.usage).toEqual([{ keyId: stored.id, valid: true, at: t.now() }]);
    expect(t.entries).toHaveLength(1);
    expect(t.entries[0]).toMatchObject({ keyId: stored.id, status: 200, code: null, reason: null, ip: "192.0.2.1", userAgent: "test" });
  });

  it("hands out one verified key per stored key, so that its answer's body is serialised once", async () => {
    const t = setup();
    const { key, stored } = t.addKey({ deactivated: false });
    const first = await t.ask({ key });
    const second = await t.ask({ key });
    if (!first.ok || !second.ok) throw new Error("both verifications should pass");
    expect(second.key).toBe(first.key);
    expect(first.key).not.toHaveProperty("revoked");
    expect(first.key).not.toHaveProperty("deactivated");
    // The key read again (a cache entry that expired, a key that changed) is seen afresh.
    t.keys.set(hashKey(key), { ...stored, name: "renamed" });
    const third = await t.ask({ key });
    if (!third.ok) throw new Error("the verification should pass");
    expect(third.key).not.toBe(first.key);
    expect(third.key.name).toBe("renamed");
  });

  it("counts a verification refused by the key's own limit as invalid, never as a use", async () => {
    const t = setup();
    const { key, stored } = t.addKey({ rateLimit: { limit: 2, windowS: 60 } });
    for (let i = 0; i < 2; i++) expect((await t.ask({ key })).ok).toBe(true);
    const refused = await t.ask({ key });
    expect(refused).toMatchObject({ ok: false, keyId: stored.id, error: { code: "rate_limited" } });
    expect(t.usage.map((u) => u.valid)).toEqual([true, true, false]);
    expect(t.entries.map((e) => e.status)).toEqual([200, 200, 429]);
    expect(t.entries[2]).toMatchObject({ code: "rate_limited", keyId: stored.id });
  });

  it("answers one identical 401 for malformed, mistyped, unknown, revoked and expired keys, each counted against the client", async () => {
    const t = setup({ failedLimit: 100 });
    const live = t.addKey();
    const revoked = t.addKey({ revoked: true });
    const expired = t.addKey({ expiresAt: new Date(t.now() - 1) });
    const unknown = generateKey({ environment: "live" }).key;
    const mistyped = live.key.slice(0, -1) + (live.key.endsWith("A") ? "B" : "A");
    const reasons: (string | undefined)[] = [];
    for (const key of ["fp_live_short", mistyped, unknown, revoked.key, expired.key]) {
      const verdict = await t.ask({ key });
      expect(verdict.ok).toBe(false);
      if (verdict.ok) continue;
      expect(verdict.error).toMatchObject({ code: "invalid_api_key", detail: "The API key is invalid, revoked or expired." });
      reasons.push(verdict.reason);
    }
    expect(reasons).toEqual(["malformed", "bad_checksum", "unknown", "revoked", "expired"]);
    expect(t.failed.counts.get("192.0.2.1")).toBe(5);
    // Only keys that exist count a use; a malformed or mistyped key costs no lookup.
    expect(t.usage.map((u) => u.keyId)).toEqual([revoked.stored.id, expired.stored.id]);
    expect(t.lookups).toHaveLength(3);
  });

  it("refuses a deactivated key with the same 401 as a revoked one, and accepts it again once reactivated", async () => {
    const t = setup({ failedLimit: 100 });
    const revoked = t.addKey({ revoked: true });
    const deactivated = t.addKey({ deactivated: true });
    const answers = [];
    for (const key of [revoked.key, deactivated.key]) {
      const verdict = await t.ask({ key });
      expect(verdict.ok).toBe(false);
      if (!verdict.ok) answers.push({ code: verdict.error.code, detail: verdict.error.detail, status: verdict.error.status });
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(t.entries.map((e) => e.reason)).toEqual(["revoked", "deactivated"]);
    deactivated.stored.deactivated = false;
    expect(await t.ask({ key: deactivated.key })).toMatchObject({ ok: true, key: { id: deactivated.stored.id } });
  });

  it("refuses a client past its failed quota before looking at the key, valid or not", async () => {
    const t = setup({ failedLimit: 2 });
    const { key } = t.addKey();
    await t.ask({ key: "fp_live_short" });
    await t.ask({ key: "fp_live_short" });
    const lookupsBefore = t.lookups.length;
    const refused = await t.ask({ key });
    expect(refused).toMatchObject({ ok: false, keyId: null, error: { code: "rate_limited" } });
    expect(t.lookups).toHaveLength(lookupsBefore);
    expect(t.usage).toEqual([]);
    // Another address is not affected.
    expect((await t.ask({ key }, "192.0.2.2")).ok).toBe(true);
  });

  it("checks expiry against its clock on every verification", async () => {
    const t = setup();
    const { key } = t.addKey({ expiresAt: new Date(t.now() + 1000) });
    expect((await t.ask({ key })).ok).toBe(true);
    t.advance(999);
    expect((await t.ask({ key })).ok).toBe(true);
    t.advance(1);
    expect(await t.ask({ key })).toMatchObject({ ok: false, reason: "expired" });
  });

  it("refuses with a clear 403, counted as an invalid use, a key used for the wrong environment, scope or address", async () => {
    const t = setup();
    const { key, stored } = t.addKey({ scopes: ["flags:read"] });
    expect(await t.ask({ key, environment: "test" })).toMatchObject({ ok: false, reason: "wrong_environment", error: { code: "forbidden" } });
    expect(await t.ask({ key, scopes: ["events:write"] })).toMatchObject({ ok: false, reason: "missing_scope" });
    expect(t.usage).toEqual([
      { keyId: stored.id, valid: false, at: t.now() },
      { keyId: stored.id, valid: false, at: t.now() },
    ]);
    expect(t.failed.counts.size).toBe(0); // a 403 is not a failed authentication
  });

  it("counts a request it could not read (no key) as a failed verification, and records it", async () => {
    const t = setup();
    const verdict = await t.ask(new AppError("unauthorized", "Send the SDK key."));
    expect(verdict).toMatchObject({ ok: false, keyId: null, error: { code: "unauthorized" } });
    expect(t.failed.counts.get("192.0.2.1")).toBe(1);
    expect(t.entries[0]).toMatchObject({ status: 401, code: "unauthorized", keyId: null });
  });

  it("answers 503 when the store cannot tell, and records no use", async () => {
    const t = setup({ storeDown: true });
    const { key } = t.addKey();
    expect(await t.ask({ key })).toMatchObject({ ok: false, error: { code: "service_unavailable" } });
    expect(t.usage).toEqual([]);
    expect(t.entries[0]).toMatchObject({ status: 503, code: "service_unavailable" });
  });

  it("authenticates a usable management key and notes its use", async () => {
    const t = setup();
    const { key, stored } = t.addManagementKey({ permissions: ["keys:read", "keys:write"] });
    expect(await t.authenticate(key)).toEqual({ ok: true, key: { id: stored.id, workspaceId: "ws", name: "ci", permissions: ["keys:read", "keys:write"], expiresAt: null } });
    expect(t.managementUses).toEqual([stored.id]);
    expect(t.failed.counts.size).toBe(0);
  });

  it("answers one identical 401 for malformed, mistyped, unknown, revoked and expired management keys, each counted against the client", async () => {
    const t = setup({ failedLimit: 100 });
    const live = t.addManagementKey();
    const revoked = t.addManagementKey({ revoked: true });
    const expired = t.addManagementKey({ expiresAt: new Date(t.now() - 1) });
    const mistyped = live.key.slice(0, -1) + (live.key.endsWith("A") ? "B" : "A");
    const tokens = ["kpm_short", mistyped, generateManagementKey().key, revoked.key, expired.key];
    const details = new Set<string>();
    for (const token of tokens) {
      const verdict = await t.authenticate(token);
      expect(verdict.ok, token.slice(0, 8)).toBe(false);
      if (!verdict.ok) details.add(JSON.stringify({ code: verdict.error.code, status: verdict.error.status, detail: verdict.error.detail }));
    }
    expect([...details]).toEqual([JSON.stringify({ code: "unauthorized", status: 401, detail: INVALID_MANAGEMENT_KEY_DETAIL })]);
    expect(t.failed.counts.get("192.0.2.1")).toBe(5);
    expect(t.managementUses).toEqual([]);
    // A malformed or mistyped key costs no lookup.
    expect(t.lookups).toHaveLength(3);
  });

  it("refuses a management key from a client past its failed quota", async () => {
    const t = setup({ failedLimit: 1 });
    const { key } = t.addManagementKey();
    await t.authenticate("kpm_short");
    expect(await t.authenticate(key)).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    expect((await t.authenticate(key, "192.0.2.2")).ok).toBe(true);
  });

  it("tells a caller who sends a management key to verify what it is, without looking it up", async () => {
    const t = setup();
    const { key } = t.addManagementKey();
    const verdict = await t.ask({ key });
    expect(verdict).toMatchObject({ ok: false, error: { code: "invalid_api_key", status: 401, detail: MANAGEMENT_KEY_ON_VERIFY_DETAIL } });
    expect(t.lookups).toEqual([]);
    expect(t.failed.counts.get("192.0.2.1")).toBe(1);
  });

  it("authenticates a live portal session by its token, and nothing about it but what the session holds", async () => {
    const t = setup();
    const { token, stored } = t.addPortalSession({ permissions: ["keys:read", "keys:create"] });
    const verdict = await t.authenticatePortal(token);
    const { ended: _ended, ...expected } = stored;
    expect(verdict).toEqual({ ok: true, session: expected });
    expect(t.managementUses).toEqual([]);
  });

  it("answers one identical 401 for malformed, mistyped, unknown, ended and expired portal tokens, each counted against the client", async () => {
    const t = setup({ failedLimit: 100 });
    const live = t.addPortalSession();
    const ended = t.addPortalSession({ ended: true });
    const expired = t.addPortalSession({ expiresAt: new Date(t.now()) });
    const mistyped = live.token.slice(0, -1) + (live.token.endsWith("A") ? "B" : "A");
    const tokens = ["kpp_short", mistyped, generatePortalToken().key, ended.token, expired.token, generateManagementKey().key];
    const details = new Set<string>();
    for (const token of tokens) {
      const verdict = await t.authenticatePortal(token);
      expect(verdict.ok, token.slice(0, 8)).toBe(false);
      if (!verdict.ok) details.add(JSON.stringify({ code: verdict.error.code, status: verdict.error.status, detail: verdict.error.detail }));
    }
    expect([...details]).toEqual([JSON.stringify({ code: "unauthorized", status: 401, detail: INVALID_PORTAL_TOKEN_DETAIL })]);
    expect(t.failed.counts.get("192.0.2.1")).toBe(6);
    // Malformed, mistyped and foreign tokens cost no lookup.
    expect(t.lookups).toHaveLength(3);
  });

  it("shares the failed quota between management keys and portal tokens", async () => {
    const t = setup({ failedLimit: 1 });
    const { token } = t.addPortalSession();
    await t.authenticate("kpm_short");
    expect(await t.authenticatePortal(token)).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    expect((await t.authenticatePortal(token, "192.0.2.2")).ok).toBe(true);
  });

  it("tells a caller who sends a portal token to verify what it is, without looking it up", async () => {
    const t = setup();
    const { token } = t.addPortalSession();
    const verdict = await t.ask({ key: token });
    expect(verdict).toMatchObject({ ok: false, error: { code: "invalid_api_key", status: 401 } });
    if (!verdict.ok) expect(verdict.error.detail).toMatch(/portal session token/);
    expect(t.lookups).toEqual([]);
  });

  describe("credits", () => {
    const identity = (id: string, fields: Partial<NonNullable<StoredKey["identity"]>> = {}) => ({
      id,
      externalId: `ext-${id}`,
      meta: { plan: "pro" },
      rateLimit: null,
      credits: null,
      ...fields,
    });
    const balance = (kind: Balance["kind"], id: string, refill: Balance["refill"] = null): Balance => ({ kind, id, refill, refilledAt: null });

    it("charges the cost to the key's balance and its identity's, and answers the lowest left", async () => {
      const t = setup();
      t.ledger.balances.set("k1", 10).set("i1", 4);
      const { key } = t.addKey({ credits: balance("key", "k1"), identity: identity("i1", { credits: balance("identity", "i1") }) });
      const verdict = await t.ask({ key, cost: 3 });
      expect(verdict).toMatchObject({ ok: true, credits: { remaining: 1 } });
      expect(t.ledger.charges).toEqual([{ ids: ["k1", "i1"], cost: 3 }]);
      expect([t.ledger.balances.get("k1"), t.ledger.balances.get("i1")]).toEqual([7, 1]);
    });

    it("refuses with usage_exceeded, charging nothing, when one balance cannot pay; Retry-After waits for its refill", async () => {
      const t = setup();
      t.ledger.balances.set("k1", 10).set("i1", 1);
      const { key, stored } = t.addKey({
        credits: balance("key", "k1"),
        identity: identity("i1", { credits: balance("identity", "i1", { interval: "daily", dayOfMonth: null }) }),
      });
      const verdict = await t.ask({ key, cost: 2 });
      expect(verdict.ok).toBe(false);
      if (verdict.ok) return;
      expect(verdict.error.code).toBe("usage_exceeded");
      expect(verdict.error.status).toBe(429);
      // The clock says 2026-12-01T12:00:00Z: the daily refill is 12 hours away.
      expect(verdict.error.headers?.["retry-after"]).toBe(String(12 * 3600));
      expect([t.ledger.balances.get("k1"), t.ledger.balances.get("i1")]).toEqual([10, 1]);
      expect(t.usage).toEqual([{ keyId: stored.id, valid: false, at: t.now() }]);
      expect(t.entries[0]).toMatchObject({ status: 429, code: "usage_exceeded", reason: "usage_exceeded" });
    });

    it("has no Retry-After when the balance that cannot pay never refills", async () => {
      const t = setup();
      t.ledger.balances.set("k1", 0);
      const { key } = t.addKey({ credits: balance("key", "k1") });
      const verdict = await t.ask({ key });
      expect(verdict.ok).toBe(false);
      if (!verdict.ok) expect(verdict.error.headers?.["retry-after"]).toBeUndefined();
    });

    it("charges 1 by default, never a key without credits, and never a refused verification", async () => {
      const t = setup();
      t.ledger.balances.set("k1", 5);
      const limited = t.addKey({ credits: balance("key", "k1"), scopes: ["a"] });
      const unlimited = t.addKey();
      expect(await t.ask({ key: limited.key })).toMatchObject({ ok: true, credits: { remaining: 4 } });
      const free = await t.ask({ key: unlimited.key });
      expect(free.ok && free.credits).toBe(undefined);
      expect((await t.ask({ key: limited.key, scopes: ["b"] })).ok).toBe(false);
      expect(t.ledger.charges).toEqual([{ ids: ["k1"], cost: 1 }]);
    });

    it("counts every key of an identity against the identity's shared limit", async () => {
      const t = setup();
      const owner = identity("i1", { rateLimit: { limit: 2, windowS: 60 } });
      const a = t.addKey({ identity: owner });
      const b = t.addKey({ identity: owner });
      expect((await t.ask({ key: a.key })).ok).toBe(true);
      expect((await t.ask({ key: b.key })).ok).toBe(true);
      const third = await t.ask({ key: a.key });
      expect(third).toMatchObject({ ok: false, error: { code: "rate_limited" } });
      expect(third.limits.map((l) => l.policy)).toEqual(["failed", "identity"]);
    });
  });
});
