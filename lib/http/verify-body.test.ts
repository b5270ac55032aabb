import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { verifyKeyBodySchema } from "@/lib/schemas/keys/rest";
import { parseVerifyKeyBody } from "./verify-body";

// The verify route checks the bodies SDKs send on every request without running zod. That
// shortcut must never answer differently from the schema, for any JSON a client can send.

const uuid = fc.uuid({ version: [1, 2, 3, 4, 5, 6, 7, 8] });
const nearUuid = fc.oneof(
  uuid.map((id) => id.toUpperCase()),
  uuid.map((id) => id.slice(1)),
  uuid.map((id) => `${id} `),
  uuid.map((id) => id.replace(/-/g, "")),
  fc.constantFrom("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "00000000-0000-0000-0000-000000000001", ""),
);
const environment = fc.oneof(fc.constantFrom("live", "test", "Live", "production", ""), fc.jsonValue());
/** Bodies shaped like an SDK's, with values right, nearly right and wrong; and any JSON at all. */
const body = fc.oneof(
  fc.record({ app_id: fc.oneof(uuid, nearUuid, fc.jsonValue()), environment }, { requiredKeys: [] }),
  fc.record({ app_id: uuid, environment, scopes: fc.jsonValue() }, { requiredKeys: [] }),
  fc.dictionary(fc.constantFrom("app_id", "environment", "scopes", "__proto__", "constructor", "extra"), fc.jsonValue()),
  fc.jsonValue(),
);

/** What a client can put on the wire: JSON text, parsed the way the route parses it. */
const asSent = (value: unknown) => JSON.parse(JSON.stringify(value) ?? "null") as unknown;

describe("the verify body's direct check", () => {
  it("agrees with the schema on every JSON body: accepted alike with the same data, refused alike with the same issues", () => {
    fc.assert(
      fc.property(body, (value) => {
        const raw = asSent(value);
        const direct = parseVerifyKeyBody(raw);
        const schema = verifyKeyBodySchema.safeParse(raw);
        expect(direct.success).toBe(schema.success);
        if (direct.success && schema.success) expect(direct.data).toStrictEqual(schema.data);
        else expect(direct.error?.issues).toEqual(schema.error?.issues);
      }),
      { numRuns: 5000 },
    );
  });

  it("accepts the SDKs' everyday bodies, and refuses a near miss with the schema's message", () => {
    const appId = "0193a5b0-7d1c-7e3f-8a2b-3c4d5e6f7a8b";
    expect(parseVerifyKeyBody({})).toStrictEqual({ success: true, data: {} });
    expect(parseVerifyKeyBody(JSON.parse(`{"app_id":"${appId}"}`))).toStrictEqual({ success: true, data: { app_id: appId } });
    expect(parseVerifyKeyBody(JSON.parse(`{"app_id":"${appId}","environment":"test"}`))).toStrictEqual({ success: true, data: { app_id: appId, environment: "test" } });
    const nearMiss = parseVerifyKeyBody({ app_id: appId.slice(1) });
    expect(nearMiss.success).toBe(false);
    expect(nearMiss.error?.issues[0]).toMatchObject({ path: ["app_id"], message: "app_id must be a project id (UUID)." });
    expect(parseVerifyKeyBody(JSON.parse('{"__proto__":{"app_id":"x"}}')).success).toBe(false);
  });

  it("reads no body as {}, and refuses a JSON null: an object is required", () => {
    expect(parseVerifyKeyBody(undefined)).toStrictEqual({ success: true, data: {} });
    for (const raw of [null, [], "x", 1, true]) expect(parseVerifyKeyBody(raw).success, JSON.stringify(raw)).toBe(false);
  });
});
