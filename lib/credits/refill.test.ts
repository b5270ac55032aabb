import { describe, expect, it } from "vitest";
import { dueRefill, lastRefillAt, nextRefillAt } from "./refill";

const at = (iso: string) => Date.parse(iso);
const daily = { interval: "daily" as const, dayOfMonth: null };
const monthly = (dayOfMonth: number) => ({ interval: "monthly" as const, dayOfMonth });

describe("refill moments", () => {
  it("refills daily at 00:00 UTC", () => {
    expect(lastRefillAt(daily, at("2026-12-03T06:00:00Z"))).toBe(at("2026-12-03T00:00:00Z"));
    expect(nextRefillAt(daily, at("2026-12-03T06:00:00Z"))).toBe(at("2026-12-04T00:00:00Z"));
    // Exactly at midnight, that midnight is the last refill, and the next is a day later.
    expect(lastRefillAt(daily, at("2026-12-03T00:00:00Z"))).toBe(at("2026-12-03T00:00:00Z"));
    expect(nextRefillAt(daily, at("2026-12-03T00:00:00Z"))).toBe(at("2026-12-04T00:00:00Z"));
  });

  it("refills monthly on its day at 00:00 UTC", () => {
    expect(lastRefillAt(monthly(15), at("2026-12-20T10:00:00Z"))).toBe(at("2026-12-15T00:00:00Z"));
    expect(lastRefillAt(monthly(15), at("2026-12-10T10:00:00Z"))).toBe(at("2026-11-15T00:00:00Z"));
    expect(nextRefillAt(monthly(15), at("2026-12-10T10:00:00Z"))).toBe(at("2026-12-15T00:00:00Z"));
    expect(nextRefillAt(monthly(15), at("2026-12-20T10:00:00Z"))).toBe(at("2027-01-15T00:00:00Z"));
    expect(lastRefillAt(monthly(1), at("2027-01-01T00:00:00Z"))).toBe(at("2027-01-01T00:00:00Z"));
  });

  it("refills on the last day of a month shorter than its day", () => {
    expect(nextRefillAt(monthly(31), at("2027-02-01T00:00:00Z"))).toBe(at("2027-02-28T00:00:00Z"));
    expect(nextRefillAt(monthly(31), at("2028-02-01T00:00:00Z"))).toBe(at("2028-02-29T00:00:00Z"));
    expect(nextRefillAt(monthly(31), at("2027-04-01T00:00:00Z"))).toBe(at("2027-04-30T00:00:00Z"));
    expect(lastRefillAt(monthly(30), at("2027-03-05T00:00:00Z"))).toBe(at("2027-02-28T00:00:00Z"));
    expect(nextRefillAt(monthly(31), at("2027-02-28T00:00:00Z"))).toBe(at("2027-03-31T00:00:00Z"));
  });

  it("crosses the year both ways", () => {
    expect(nextRefillAt(monthly(5), at("2026-12-06T00:00:00Z"))).toBe(at("2027-01-05T00:00:00Z"));
    expect(lastRefillAt(monthly(5), at("2027-01-04T23:59:59Z"))).toBe(at("2026-12-05T00:00:00Z"));
  });
});

describe("a due refill, as the clock moves", () => {
  it("is due once the clock passes a refill moment the balance has not had", () => {
    let now = at("2026-12-03T23:59:59.999Z");
    const setAt = at("2026-12-03T08:00:00Z");
    expect(dueRefill(daily, setAt, now)).toBeNull();
    now += 1;
    expect(dueRefill(daily, setAt, now)).toBe(at("2026-12-04T00:00:00Z"));
    // Once it is applied (refilled_at = that moment), it is not due again until the next one.
    expect(dueRefill(daily, at("2026-12-04T00:00:00Z"), now + 3_600_000)).toBeNull();
  });

  it("makes up refills missed while nothing ran with one refill, never several", () => {
    const setAt = at("2026-09-10T00:00:00Z");
    expect(dueRefill(monthly(31), setAt, at("2027-02-28T12:00:00Z"))).toBe(at("2027-02-28T00:00:00Z"));
    expect(dueRefill(monthly(31), setAt, at("2027-02-27T12:00:00Z"))).toBe(at("2027-01-31T00:00:00Z"));
  });

  it("is never due without a refill, and always due for a balance never refilled", () => {
    expect(dueRefill(null, null, at("2026-12-03T00:00:00Z"))).toBeNull();
    expect(dueRefill(daily, null, at("2026-12-03T05:00:00Z"))).toBe(at("2026-12-03T00:00:00Z"));
  });
});
