// A date PostgreSQL cannot store as sent is a 422 with a plain message, wherever a client
// sends one: audit filters, usage's `since`, a key's expiry.
import { describe, expect, it } from "vitest";
import { createApiKeyBodySchema, updateApiKeyBodySchema } from "./keys/rest";
import { auditQuerySchema } from "./audit";
import { DATE_RANGE_MESSAGE } from "./dates";
import { usageQuerySchema } from "./usage";

const messages = (result: { error?: { issues: { message: string }[] } }) => result.error?.issues.map((i) => i.message) ?? [];

describe("dates outside the years PostgreSQL stores", () => {
  it.each(["-000001-01-01", "-271821-04-20T00:00:00Z", "+010000-01-01T00:00:00Z", "275760-09-13", "0000-12-31T00:00:00Z", "99999"])(
    "are refused as audit filters: %s",
    (value) => {
      for (const field of ["from", "to"]) expect(messages(auditQuerySchema.safeParse({ [field]: value }))).toContain(DATE_RANGE_MESSAGE);
    },
  );

  it("are refused as an expiry or a usage start, even when an offset carries them past 9999", () => {
    const late = "9999-12-31T23:59:59-23:59";
    expect(messages(createApiKeyBodySchema.safeParse({ name: "x", expires_at: late }))).toContain(DATE_RANGE_MESSAGE);
    expect(messages(updateApiKeyBodySchema.safeParse({ expires_at: late }))).toContain(DATE_RANGE_MESSAGE);
    expect(messages(usageQuerySchema.safeParse({ since: late }))).toContain(DATE_RANGE_MESSAGE);
  });

  it("leave ordinary dates alone", () => {
    expect(auditQuerySchema.safeParse({ from: "0001-01-01", to: "9999-12-31T23:59:59Z" }).success).toBe(true);
    expect(createApiKeyBodySchema.safeParse({ name: "x", expires_at: "9999-12-31T00:00:00Z" }).success).toBe(true);
  });
});
