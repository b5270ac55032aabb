import { describe, expect, it } from "vitest";
import { allowedExpirationChoices, expiryRule, expiryRuleSentence, followsExpiryRule, lastDateBefore } from "./policy-rules";

const policy = { requireExpiry: { live: true, test: false }, maxLifetimeDays: { live: 90, test: null } };

describe("expiry rules", () => {
  it("offers only the expiries the environment allows, Never and 365 days not under a 90-day maximum", () => {
    expect(allowedExpirationChoices(expiryRule(policy, "live")).map((c) => c.value)).toEqual(["30", "90", "custom"]);
    expect(allowedExpirationChoices(expiryRule(policy, "test")).map((c) => c.value)).toEqual(["never", "30", "90", "365", "custom"]);
    expect(allowedExpirationChoices(expiryRule(undefined, "live")).map((c) => c.value)).toEqual(["never", "30", "90", "365", "custom"]);
    // A maximum alone means a key must expire.
    const short = expiryRule({ requireExpiry: { live: false, test: false }, maxLifetimeDays: { live: 7, test: null } }, "live");
    expect(allowedExpirationChoices(short).map((c) => c.value)).toEqual(["custom"]);
  });

  it("says the rule in words", () => {
    expect(expiryRuleSentence("live", expiryRule(policy, "live"))).toBe("Production keys must expire within 90 days in this workspace.");
    expect(expiryRuleSentence("live", { mustExpire: true, maxDays: null })).toBe("Production keys must have an expiry date in this workspace.");
    expect(expiryRuleSentence("test", expiryRule(policy, "test"))).toBeNull();
    expect(expiryRuleSentence("test", { mustExpire: true, maxDays: 1 })).toBe("Staging keys must expire within 1 day in this workspace.");
  });

  it("names the last whole day before a limit", () => {
    expect(lastDateBefore(new Date("2026-03-10T12:00:00Z"))).toBe("2026-03-09");
    expect(lastDateBefore(new Date("2026-03-10T23:59:59.999Z"))).toBe("2026-03-10");
  });

  it("tells a key that follows the rule from one that breaks it", () => {
    const rule = expiryRule(policy, "live");
    const createdAt = new Date("2026-01-01T00:00:00Z");
    expect(followsExpiryRule(rule, { createdAt, expiresAt: null })).toBe(false);
    expect(followsExpiryRule(rule, { createdAt, expiresAt: new Date("2026-03-01T00:00:00Z") })).toBe(true);
    expect(followsExpiryRule(rule, { createdAt, expiresAt: new Date("2026-06-01T00:00:00Z") })).toBe(false);
    expect(followsExpiryRule(expiryRule(policy, "test"), { createdAt, expiresAt: null })).toBe(true);
  });
});
