import { describe, expect, it } from "vitest";
import { AUDIT_DATE_HINT, auditPageExportQuerySchema, parseAuditPageQuery, parseAuditTime } from "./audit";

describe("parseAuditTime", () => {
  it("reads a date as its first moment (From) or its last (To), in UTC", () => {
    expect(parseAuditTime("2026-12-01", "from")?.toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(parseAuditTime("2026-12-01", "to")?.toISOString()).toBe("2026-12-01T23:59:59.999Z");
  });

  it("reads a date and a time, with a space or a T, and a full date-time with an offset", () => {
    expect(parseAuditTime("2026-12-01 14:30", "from")?.toISOString()).toBe("2026-12-01T14:30:00.000Z");
    expect(parseAuditTime(" 2026-12-01T14:30:15 ", "to")?.toISOString()).toBe("2026-12-01T14:30:15.000Z");
    expect(parseAuditTime("2026-12-01T14:30:00+02:00", "from")?.toISOString()).toBe("2026-12-01T12:30:00.000Z");
  });

  it("refuses what is not a date", () => {
    for (const text of ["yesterday", "2026-02-31", "2026-12-01 25:00", "12/01/2026", "2026-13-01", ""]) {
      expect(parseAuditTime(text, "from"), text).toBeNull();
    }
  });
});

describe("parseAuditPageQuery", () => {
  it("applies the filters it can read and says plainly what it cannot", () => {
    const { query, errors } = parseAuditPageQuery({ for_key: "billing-worker…", from: "last week", to: "2026-12-01", action: "api_key.rolled" });
    expect(query).toEqual({ key: "billing-worker", to: new Date("2026-12-01T23:59:59.999Z"), action: "api_key.rolled" });
    expect(errors).toEqual({ from: AUDIT_DATE_HINT });
    expect(errors.from).not.toMatch(/RFC/);
  });

  it("refuses a To before From, and a whole key as the key filter", () => {
    const { query, errors } = parseAuditPageQuery({ from: "2026-12-02", to: "2026-12-01", for_key: `fp_live_${"A".repeat(36)}` });
    expect(errors.to).toBe("Enter a time after From.");
    expect(errors.for_key).toMatch(/whole key/);
    expect(query).toEqual({ from: new Date("2026-12-02T00:00:00.000Z") });
  });
});

describe("auditPageExportQuerySchema", () => {
  it("takes the page's filters, and a start's keys by id", () => {
    const id = "3f1c2a4e-7b9d-4c1e-8f2a-9b8c7d6e5f4a";
    expect(auditPageExportQuerySchema.parse({ key_ids: `${id},${id}`, from: "2026-12-01" })).toEqual({
      key_ids: [id, id],
      from: new Date("2026-12-01T00:00:00.000Z"),
    });
    const refused = auditPageExportQuerySchema.safeParse({ to: "soon" });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe(AUDIT_DATE_HINT);
  });
});
