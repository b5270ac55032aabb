import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, type AuditAction } from "@/lib/schemas/audit";
import { auditEventDetails, describeAuditEvent } from "./describe";

const now = new Date("2026-12-02T13:05:00Z");
const ada = "Ada Lovelace";
const say = (action: string, metadata: unknown, actorName = ada) => describeAuditEvent({ action, actorName, metadata }, { now });

const PROJECT = "3f1c2a4e-7b9d-4c1e-8f2a-9b8c7d6e5f4a";

/** Each action the data layer records, with the fields it records, and the sentence it reads as. */
const CASES: Record<AuditAction, { metadata: Record<string, unknown>; actor?: string; sentence: string }[]> = {
  "api_key.created": [
    {
      metadata: { name: "billing-worker", environment: "live", allProjects: false, start: "fp_live_Ab12" },
      sentence: "Ada Lovelace created the production key “billing-worker” (fp_live_Ab12…).",
    },
    {
      metadata: {
        name: "ci",
        environment: "test",
        allProjects: true,
        start: "fp_test_Zz90",
        rateLimit: 100,
        rateLimitWindowS: 60,
        allowedIps: "10.0.0.0/8, 192.0.2.1",
      },
      sentence:
        "Ada Lovelace created the staging key “ci” (fp_test_Zz90…) for all projects, limited to 100 requests per minute and usable only from 10.0.0.0/8, 192.0.2.1.",
    },
    {
      metadata: { name: `${PROJECT}_default_123456`, environment: "live", allProjects: false, start: "fp_live_Qq11" },
      sentence: "Ada Lovelace created the project's default key (fp_live_Qq11…).",
    },
  ],
  "api_key.rolled": [
    {
      metadata: { name: "billing-worker", start: "fp_live_Ab12", grace: "1h", stopsAt: "2026-12-02T14:05:00.000Z", successorId: "x", successorStart: "fp_live_Cd34" },
      sentence: "Ada Lovelace rolled “billing-worker” with a 1-hour grace period; the old key stops at 2:05 PM UTC. The new key starts fp_live_Cd34…",
    },
    {
      metadata: { name: "billing-worker", start: "fp_live_Ab12", grace: "7d", stopsAt: "2026-11-20T09:30:00.000Z", successorId: "x", successorStart: "fp_live_Cd34" },
      sentence: "Ada Lovelace rolled “billing-worker” with a 7-day grace period; the old key stopped at Nov 20, 2026, 9:30 AM UTC. The new key starts fp_live_Cd34…",
    },
    {
      metadata: { name: "billing-worker", start: "fp_live_Ab12", grace: "none", stopsAt: "2026-12-02T13:00:00.000Z", successorId: "x", successorStart: "fp_live_Cd34" },
      sentence: "Ada Lovelace rolled “billing-worker” with no grace period; the old key stopped at once. The new key starts fp_live_Cd34…",
    },
  ],
  "api_key.updated": [
    {
      metadata: { name: "billing-worker", start: "fp_live_Ab12", changed: "name, expiresAt, rateLimit" },
      sentence: "Ada Lovelace edited “billing-worker”: name, expiry and rate limit.",
    },
    { metadata: { sample: 3 }, sentence: "Ada Lovelace edited a key." },
  ],
  "api_key.revoked": [
    { metadata: { name: "billing-worker", start: "fp_live_Ab12" }, sentence: "Ada Lovelace revoked “billing-worker”." },
    { metadata: { name: "old", start: "fp_live_Ab12", bulk: true }, sentence: "Ada Lovelace revoked “old”, with other keys at once." },
  ],
  "api_key.deactivated": [
    { metadata: { name: "billing-worker", start: "fp_live_Ab12" }, sentence: "Ada Lovelace deactivated “billing-worker”; it is refused until it is reactivated." },
  ],
  "api_key.reactivated": [
    { metadata: { name: "billing-worker", start: "fp_live_Ab12" }, sentence: "Ada Lovelace reactivated “billing-worker”; it verifies again." },
  ],
  "api_key.revealed": [
    { metadata: { name: "billing-worker", start: "fp_live_Ab12" }, sentence: "Ada Lovelace revealed “billing-worker” (fp_live_Ab12…)." },
  ],
  "api_key.leaked": [
    {
      actor: "Secret scanning",
      metadata: { name: "billing-worker", start: "fp_live_Ab12", url: "https://github.com/acme/app/blob/main/.env", source: "content", type: "keyport_live", action: "revoked" },
      sentence: "Secret scanning found “billing-worker” published at https://github.com/acme/app/blob/main/.env; it was revoked at once.",
    },
    {
      actor: "Secret scanning",
      metadata: { name: "ci", start: "fp_test_Zz90", url: "", source: "content", type: "keyport_test", action: "flagged" },
      sentence: "Secret scanning found “ci” published; it was flagged and keeps working until an admin acts (the workspace flags leaks rather than revoking them).",
    },
    {
      actor: "Secret scanning",
      metadata: { name: `${PROJECT}_default_654321`, start: "fp_live_Qq11", url: "https://gist.github.com/x", action: "flagged_default_key" },
      sentence: "Secret scanning found the project's default key published at https://gist.github.com/x; as the project's default key it cannot be revoked, so it was flagged to be rolled.",
    },
    {
      actor: "Secret scanning",
      metadata: { name: "old", start: "fp_live_Ab12", url: "https://gist.github.com/y", action: "already_revoked" },
      sentence: "Secret scanning found “old” published at https://gist.github.com/y; it was already revoked.",
    },
  ],
  "api_key.leak_acknowledged": [
    { metadata: { name: "billing-worker", start: "fp_live_Ab12" }, sentence: "Ada Lovelace acknowledged the leak report of “billing-worker”." },
  ],
  "project.created": [{ metadata: { name: "Checkout" }, sentence: "Ada Lovelace created the project “Checkout”." }],
  "workspace.created": [{ metadata: { name: "Acme", clerkOrganizationId: "org_1" }, sentence: "Ada Lovelace created the workspace “Acme”." }],
  "workspace.policy_changed": [
    {
      metadata: {
        changed: "requireExpiry, maxLifetimeDays",
        before: JSON.stringify({ singleActiveKey: "off", requireExpiry: { live: false, test: false }, maxLifetimeDays: { live: null, test: null }, scopes: [], leakResponse: "revoke" }),
        after: JSON.stringify({ singleActiveKey: "off", requireExpiry: { live: true, test: false }, maxLifetimeDays: { live: 90, test: null }, scopes: [], leakResponse: "revoke" }),
      },
      sentence: "Ada Lovelace changed the key policy: production keys must expire and production keys live at most 90 days.",
    },
    {
      metadata: {
        changed: "singleActiveKey, scopes, leakResponse",
        before: JSON.stringify({ singleActiveKey: "off", scopes: [], leakResponse: "revoke" }),
        after: JSON.stringify({ singleActiveKey: "workspace", scopes: [{ name: "flags:read", description: "" }], leakResponse: "flag" }),
      },
      sentence:
        "Ada Lovelace changed the key policy: single active key set to “One active key in the whole workspace”, the scope catalogue (1 scope) and leaked keys: only flag it (the key keeps working).",
    },
    { metadata: { changed: "", before: "{}", after: "{}" }, sentence: "Ada Lovelace saved the key policy with no change." },
  ],
  "webhook.created": [
    {
      metadata: { webhookId: "w1", url: "https://hooks.acme.test/keyport", events: "key.created, key.revoked" },
      sentence: "Ada Lovelace added a webhook to https://hooks.acme.test/keyport for key.created and key.revoked.",
    },
  ],
  "webhook.updated": [
    { metadata: { webhookId: "w1", url: "https://hooks.acme.test/keyport", enabled: false }, sentence: "Ada Lovelace changed the webhook to https://hooks.acme.test/keyport: turned it off." },
    {
      metadata: { webhookId: "w1", url: "https://hooks.acme.test/keyport", enabled: true, events: "key.leaked" },
      sentence: "Ada Lovelace changed the webhook to https://hooks.acme.test/keyport: turned it on and set its events to key.leaked.",
    },
  ],
  "webhook.deleted": [{ metadata: { webhookId: "w1", url: "https://hooks.acme.test/keyport" }, sentence: "Ada Lovelace deleted the webhook to https://hooks.acme.test/keyport." }],
  "webhook.resent": [
    {
      metadata: { webhookId: "w1", url: "https://hooks.acme.test/keyport", eventType: "key.revoked", messageId: "msg_1", deliveryId: "d1", resentAs: "d2" },
      sentence: "Ada Lovelace resent the key.revoked event to https://hooks.acme.test/keyport.",
    },
  ],
  "management_key.created": [
    {
      metadata: { name: "ci", start: "kpm_Ab12", permissions: "keys:read keys:write", expires_at: null },
      sentence: "Ada Lovelace created the management key “ci” (kpm_Ab12…) with keys:read and keys:write.",
    },
  ],
  "identity.created": [
    { metadata: { identityId: PROJECT, externalId: "contoso", name: "Contoso", credits: 10000 }, sentence: "Ada Lovelace created the identity “contoso”." },
  ],
  "identity.updated": [
    { metadata: { identityId: PROJECT, externalId: "contoso", changed: "credits, rate limit" }, sentence: "Ada Lovelace edited the identity “contoso”: credits and rate limit." },
  ],
  "identity.deleted": [
    { metadata: { identityId: PROJECT, externalId: "contoso", revokedKeys: 0 }, sentence: "Ada Lovelace deleted the identity “contoso”." },
    { metadata: { identityId: PROJECT, externalId: "contoso", revokedKeys: 2 }, sentence: "Ada Lovelace deleted the identity “contoso”, revoking its 2 active keys." },
  ],
  "credits.changed": [
    {
      metadata: { op: "add", amount: 500, balance: 1500, reason: "goodwill", identityId: PROJECT, externalId: "contoso" },
      sentence: "Ada Lovelace added 500 credits to the identity “contoso”; the balance is 1500 (goodwill).",
    },
    { metadata: { op: "set", amount: 100, balance: 100, reason: null, name: "billing-worker", start: "fp_live_Ab12" }, sentence: "Ada Lovelace set the credits of “billing-worker” to 100; the balance is 100." },
  ],
  "management_key.revoked": [
    { metadata: { name: "ci", start: "kpm_Ab12" }, sentence: "Ada Lovelace revoked the management key “ci” (kpm_Ab12…)." },
  ],
  "management_key.leaked": [
    {
      actor: "GitHub secret scanning",
      metadata: { name: "ci", start: "kpm_Ab12", url: "https://github.com/acme/app/blob/main/.env", source: "content", type: "keyport_management_key", action: "revoked" },
      sentence: "GitHub secret scanning found the management key “ci” (kpm_Ab12…) published at https://github.com/acme/app/blob/main/.env; it was revoked at once.",
    },
  ],
  "access.denied": [
    {
      actor: "ci",
      metadata: { attempt: "POST /api/v1/projects/p1/keys", permission: "keys:write" },
      sentence: "ci tried POST /api/v1/projects/p1/keys without the permission keys:write; it was refused.",
    },
    {
      actor: "Max Mustermann",
      metadata: { attempt: "POST /api/v1/projects/p1/keys" },
      sentence: "Max Mustermann tried POST /api/v1/projects/p1/keys, which only admins may do; it was refused.",
    },
  ],
};

/** The actions the data layer's code writes, read from its source: `action: "…"` in each recordAuditEvent call. */
function actionsWrittenByTheDataLayer(): Set<string> {
  const root = path.resolve(import.meta.dirname, "..", "data");
  const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
  const found = new Set<string>();
  for (const file of files) {
    const source = readFileSync(path.join(root, file), "utf8");
    for (const call of source.matchAll(/recordAuditEvent\([^]*?action: "([a-z_]+\.[a-z_]+)"/g)) found.add(call[1]!);
    // The sample activity writes its events in SQL.
    for (const row of source.matchAll(/INSERT INTO audit_events[^]*?'([a-z_]+\.[a-z_]+)'/g)) found.add(row[1]!);
  }
  return found;
}

describe("describeAuditEvent", () => {
  it("has a sentence for every action the data layer writes", () => {
    const written = actionsWrittenByTheDataLayer();
    expect(written.size).toBeGreaterThanOrEqual(12);
    for (const action of written) {
      expect(AUDIT_ACTIONS, action).toContain(action);
      expect(CASES[action as AuditAction]?.length ?? 0, action).toBeGreaterThan(0);
    }
  });

  for (const action of AUDIT_ACTIONS) {
    it(`reads ${action} as a sentence`, () => {
      for (const { metadata, actor, sentence } of CASES[action]) {
        expect(say(action, metadata, actor)).toBe(sentence);
      }
    });
  }

  it("never shows raw field names or ids in a sentence", () => {
    for (const action of AUDIT_ACTIONS) {
      for (const { metadata, actor } of CASES[action]) {
        const sentence = say(action, metadata, actor);
        expect(sentence).not.toMatch(/successorId|stopsAt|allProjects|webhookId|[0-9a-f]{8}-[0-9a-f]{4}-/);
        expect(sentence).toMatch(/\.$|…$/);
      }
    }
  });

  it("reads an action it does not know, or fields that are missing, plainly", () => {
    expect(say("api_key.teleported", { name: "x" })).toBe("Ada Lovelace: api_key.teleported.");
    expect(say("api_key.rolled", null)).toBe("Ada Lovelace rolled a key with no grace period; the old key stopped at once.");
    expect(say("project.created", {})).toBe("Ada Lovelace created the project.");
  });
});

describe("auditEventDetails", () => {
  it("lists the raw fields, values as text", () => {
    expect(auditEventDetails({ name: "x", allProjects: false, rateLimit: 5 })).toEqual([
      { name: "name", value: "x" },
      { name: "allProjects", value: "false" },
      { name: "rateLimit", value: "5" },
    ]);
    expect(auditEventDetails(null)).toEqual([]);
  });
});
