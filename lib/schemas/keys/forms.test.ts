// The Create and Edit dialogs' identity and credits fields: checked with the API's credits
// rules, each message on the field it belongs to, and an edit that keeps the balance.
import { describe, expect, it } from "vitest";
import { createApiKeyFormSchema, editApiKeyFormSchema } from "./forms";

const create = { name: "metered", environment: "live", expiration: "never", scope: "project", scopes: [] } as const;
const edit = { name: "metered", description: "" } as const;
const fields = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.map((issue) => [issue.path.join("."), issue.message]) ?? [];

describe("a key's identity and credits in the dialogs", () => {
  it("creates with an identity and a balance that refills monthly", () => {
    const parsed = createApiKeyFormSchema.parse({
      ...create,
      identityId: "6F9619FF-8B86-4011-B42D-00CF4FC964FF",
      creditsMode: "limited",
      creditsRemaining: "50",
      refillInterval: "monthly",
      refillAmount: "200",
      refillDay: "5",
      lowThreshold: "10",
    });
    expect(parsed.identityId).toBe("6f9619ff-8b86-4011-b42d-00cf4fc964ff");
    expect(parsed.credits).toEqual({ remaining: 50, refill: { amount: 200, interval: "monthly", dayOfMonth: 5 }, lowThreshold: 10 });
    expect(createApiKeyFormSchema.parse(create)).toMatchObject({ identityId: null, credits: null });
  });

  it("puts each refusal on its own field, with the API's words", () => {
    expect(fields(createApiKeyFormSchema.safeParse({ ...create, creditsMode: "limited", creditsRemaining: "" }))).toEqual([
      ["creditsRemaining", "remaining must be a whole number of credits."],
    ]);
    expect(
      fields(createApiKeyFormSchema.safeParse({ ...create, creditsMode: "limited", creditsRemaining: "5", refillInterval: "monthly", refillAmount: "", refillDay: "40", lowThreshold: "-1" })),
    ).toEqual([
      ["refillAmount", "amount must be a whole number of credits."],
      ["refillDay", "day_of_month must be from 1 to 31."],
      ["lowThreshold", "low_threshold must be a whole number of credits."],
    ]);
    expect(fields(createApiKeyFormSchema.safeParse({ ...create, identityId: "cust_1" }))).toEqual([["identityId", "Choose an identity from the list, or No identity."]]);
  });

  it("edits without a balance to keep the key's, and needs one to set it", () => {
    expect(editApiKeyFormSchema.parse({ ...edit, identityId: "", creditsMode: "limited", balance: "keep", lowThreshold: "5" })).toMatchObject({
      identityId: null,
      credits: { remaining: undefined, refill: null, lowThreshold: 5 },
    });
    expect(fields(editApiKeyFormSchema.safeParse({ ...edit, creditsMode: "limited", balance: "set", creditsRemaining: "" }))).toEqual([
      ["creditsRemaining", "remaining must be a whole number of credits."],
    ]);
    // A form without these fields leaves them as they are.
    const untouched = editApiKeyFormSchema.parse(edit);
    expect(untouched.identityId).toBeUndefined();
    expect(untouched.credits).toBeUndefined();
  });
});
