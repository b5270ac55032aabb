import { describe, expect, it } from "vitest";
import { newRequestId, requestIdTime } from "./request-id";

describe("request ids", () => {
  it("look like req_ and 24 base62 characters, carry the time they were issued, and never repeat", () => {
    const before = Date.now();
    const ids = Array.from({ length: 10_000 }, () => newRequestId());
    const after = Date.now();
    for (const id of ids.slice(0, 100)) {
      expect(id).toMatch(/^req_[0-9A-Za-z]{24}$/);
      expect(requestIdTime(id)).toBeGreaterThanOrEqual(before);
      expect(requestIdTime(id)).toBeLessThanOrEqual(after);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(requestIdTime(newRequestId(Date.UTC(2080, 0, 1)))).toBe(Date.UTC(2080, 0, 1));
  });

  it("sort by the time they were issued", () => {
    const ids = [5, 61, 62, 3_844, Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1) + 1].map((t) => newRequestId(t));
    expect([...ids].sort()).toEqual(ids.map((id) => id));
  });

  it("read no time from what is not one of ours", () => {
    for (const id of ["req_short", "nope", `req_${"a".repeat(25)}`, "req_!!!!!!!!!!!!!!!!!!!!!!!!"]) expect(requestIdTime(id)).toBeNull();
  });
});
