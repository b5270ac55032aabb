import { describe, expect, it } from "vitest";
import { exactTimeWithSeconds, outcomeLabel, rateLimitText } from "./describe";
import { countdownText } from "./live-countdown";

describe("a key page's words", () => {
  it("names a verification's outcome", () => {
    expect(outcomeLabel({ status: 200, code: null, reason: null })).toBe("Valid");
    expect(outcomeLabel({ status: 403, code: "forbidden", reason: "wrong_environment" })).toBe("Wrong environment");
    expect(outcomeLabel({ status: 429, code: "rate_limited", reason: null })).toBe("Rate limited");
    expect(outcomeLabel({ status: 401, code: "some_new_code", reason: null })).toBe("Refused: some new code");
    expect(outcomeLabel({ status: 500, code: null, reason: null })).toBe("Refused (500)");
  });

  it("says a rate limit in words", () => {
    expect(rateLimitText({ limit: 100, windowS: 60 })).toBe("100 verifications per minute");
    expect(rateLimitText({ limit: 1, windowS: 86400 })).toBe("1 verification per day");
    expect(rateLimitText({ limit: 1500, windowS: 30 })).toBe("1,500 verifications every 30 seconds");
  });

  it("gives an instant to the second, in UTC", () => {
    expect(exactTimeWithSeconds("2026-12-02T21:04:05.900Z")).toBe("Dec 2, 2026, 9:04:05 PM UTC");
  });

  it("counts down with a unit that moves", () => {
    const until = new Date("2026-12-02T12:00:00Z");
    const at = (ms: number) => countdownText(until, until.getTime() - ms);
    expect(at(27 * 60_000 + 5_000)).toBe("27 min 5 s");
    expect(at(26 * 60_000 + 59_000)).toBe("26 min 59 s");
    expect(at(12_000)).toBe("12 s");
    expect(at(3 * 3_600_000 + 4 * 60_000)).toBe("3 h 4 min");
    expect(at(2 * 86_400_000 + 5 * 3_600_000)).toBe("2 d 5 h");
    expect(at(0)).toBe("now");
    expect(at(-5000)).toBe("now");
  });
});
