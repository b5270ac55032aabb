import { describe, expect, it } from "vitest";
import { pageSummary, timeLeft } from "./format";

describe("pageSummary", () => {
  it("says where the page stands among the matching keys", () => {
    expect(pageSummary({ total: 64, totalIsCapped: false, offset: 50, shown: 14 })).toBe("51–64 of 64");
    expect(pageSummary({ total: 64, totalIsCapped: false, offset: 0, shown: 50 })).toBe("1–50 of 64");
    expect(pageSummary({ total: 1000, totalIsCapped: true, offset: 1200, shown: 50 })).toBe("1,201–1,250 of 1,000+");
    expect(pageSummary({ total: 0, totalIsCapped: false, offset: 0, shown: 0 })).toBe("No keys");
    expect(pageSummary({ total: 1, totalIsCapped: false, offset: null, shown: 1 })).toBe("1 key");
    expect(pageSummary({ total: 7, totalIsCapped: false, offset: null, shown: 7 })).toBe("7 keys");
  });
});

describe("timeLeft", () => {
  it("counts down in the largest whole unit", () => {
    const now = Date.UTC(2030, 0, 1);
    const at = (ms: number) => new Date(now + ms).toISOString();
    expect(timeLeft(at(27 * 60_000 + 5_000), now)).toBe("27 min");
    expect(timeLeft(at(26 * 60_000 + 59_000), now)).toBe("26 min");
    expect(timeLeft(at(23.5 * 3_600_000), now)).toBe("23 h");
    expect(timeLeft(at(6.5 * 86_400_000), now)).toBe("6 d");
    expect(timeLeft(at(30_000), now)).toBe("a moment");
  });
});
