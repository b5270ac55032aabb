// The form hook's bookkeeping: where messages land, what a retry reuses, and what is shown
// while a call is under way or after a reset. (The e2e specs drive the hook in the dialogs.)
import { describe, expect, it } from "vitest";
import { createApiKeyFormSchema } from "@/lib/schemas/keys/forms";
import { workspacePolicyBodySchema } from "@/lib/schemas/policy";
import type { ActionResult } from "@/lib/schemas/action-result";
import { fieldErrorsOf, idleOutcome, settle, shownOutcome, type FormOutcome } from "./use-action-form";

const refused: ActionResult<never> = {
  ok: false,
  error: { code: "validation_failed", status: 422, message: "Check the highlighted fields.", requestId: "req_1" },
  fieldErrors: { name: ["Enter a name for the key.", "Use letters, numbers, spaces, and _ - . only."] },
};
const local = (epoch = 0, extra: Partial<{ refused: FormOutcome<string> | null; cleared: string[] }> = {}) => ({
  epoch,
  refused: null,
  cleared: [],
  ...extra,
});

describe("the pre-check", () => {
  it("files each issue under the field the server would name", () => {
    const checked = createApiKeyFormSchema.safeParse({ name: "", environment: "live", expiration: "custom", expiresOn: "", scope: "project" });
    expect(checked.success).toBe(false);
    const errors = fieldErrorsOf(checked.error!.issues);
    expect(errors.name?.[0]).toBe("Enter a name for the key.");
    expect(errors.expiresOn).toEqual(["Choose an expiry date."]);
  });

  it("joins nested paths with dots, as lib/actions.ts does", () => {
    const checked = workspacePolicyBodySchema.safeParse({
      single_active_key: "off",
      require_expiry: { live: false, test: false },
      max_lifetime_days: { live: null, test: null },
      scopes: [{ name: "Bad Scope", description: "" }],
      leak_response: "revoke",
    });
    expect(checked.success).toBe(false);
    expect(Object.keys(fieldErrorsOf(checked.error!.issues))).toContain("scopes.0.name");
    expect(fieldErrorsOf([{ path: [], message: "Whole form." }])).toEqual({ form: ["Whole form."] });
  });
});

describe("an answer", () => {
  it("a refusal keeps the attempt's submission id, so a retry replays rather than repeats", () => {
    const after = settle(idleOutcome(0), refused, "offline", "sub-1");
    expect(after).toMatchObject({ submissionId: "sub-1", error: { message: "Check the highlighted fields.", requestId: "req_1" }, refusal: { from: "server" } });
    expect(after.fieldErrors.name?.[0]).toBe("Enter a name for the key.");
  });

  it("a success keeps its data and ends the attempt; a later refusal keeps that data", () => {
    const ok = settle<string>(idleOutcome(0), { ok: true, data: "created" }, "offline", "sub-1");
    expect(ok).toMatchObject({ data: "created", submissionId: null, error: null, fieldErrors: {}, refusal: null });
    expect(settle(ok, refused, "offline", "sub-2")).toMatchObject({ data: "created", submissionId: "sub-2" });
  });

  it("a call that threw says the form's own message, with no field errors", () => {
    const before = settle(idleOutcome(0), refused, "offline", "sub-1");
    expect(settle(before, null, "The key could not be created.", "sub-1")).toMatchObject({
      error: { message: "The key could not be created." },
      fieldErrors: {},
      submissionId: "sub-1",
    });
  });
});

describe("what the form shows", () => {
  const answered = settle<string>(idleOutcome(0), refused, "offline", "sub-1");

  it("nothing of the last refusal while the next call is under way", () => {
    expect(shownOutcome(answered, local(), true)).toMatchObject({ error: null, fieldErrors: {}, refusal: null });
  });

  it("nothing of an answer to a call made before a reset", () => {
    expect(shownOutcome(answered, local(1), false)).toEqual(idleOutcome(1));
  });

  it("the pre-check's refusal over the last answer, with the last success's data", () => {
    const succeeded = settle<string>(idleOutcome(0), { ok: true, data: "saved" }, "offline", "sub-1");
    const client: FormOutcome<string> = { ...idleOutcome(0), fieldErrors: { url: ["Use an https:// URL."] }, refusal: { from: "client" } };
    expect(shownOutcome(succeeded, local(0, { refused: client }), false)).toMatchObject({
      data: "saved",
      fieldErrors: { url: ["Use an https:// URL."] },
      refusal: { from: "client" },
    });
  });

  it("not the messages of a field edited since", () => {
    const both = settle<string>(idleOutcome(0), { ...refused, fieldErrors: { url: ["Use an https:// URL."], events: ["Choose at least one event."] } }, "x", "s");
    expect(shownOutcome(both, local(0, { cleared: ["url"] }), false).fieldErrors).toEqual({ events: ["Choose at least one event."] });
  });
});
