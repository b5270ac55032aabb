// Free text refuses keys: a key pasted as a name, a description or a URL would sit in
// plaintext in the table, the audit log and its CSV.
import { describe, expect, it } from "vitest";
import { generateKey } from "@/lib/keys/token";
import { editApiKeyFormSchema } from "./keys/forms";
import { createApiKeyBodySchema, updateApiKeyBodySchema } from "./keys/rest";
import { createProjectInputSchema } from "./projects";
import { scopeEntrySchema } from "./policy";
import { KEY_IN_TEXT_MESSAGE } from "./text";
import { createWebhookBodySchema } from "./webhooks";

const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((i) => i.message) ?? [];

describe("free-text fields", () => {
  const live = generateKey({ environment: "live" }).key;
  const test = generateKey({ prefix: "sk", environment: "test" }).key;
  const management = `kpm_${live.slice(8)}`;
  const portal = `kpp_${test.slice(8)}`;

  it.each([live, test, management, portal])("refuse %s with a message that says why", (key) => {
    const cases = [
      createApiKeyBodySchema.safeParse({ name: key }),
      createApiKeyBodySchema.safeParse({ name: "ok", description: `rotated from ${key} on Monday` }),
      updateApiKeyBodySchema.safeParse({ name: key }),
      updateApiKeyBodySchema.safeParse({ description: `x${key}` }),
      editApiKeyFormSchema.safeParse({ name: "ok", description: key }),
      createProjectInputSchema.safeParse({ name: key }),
      scopeEntrySchema.safeParse({ name: "flags:read", description: key }),
      createWebhookBodySchema.safeParse({ url: `https://example.com/hook?token=${key}`, events: ["key.created"] }),
    ];
    for (const result of cases) {
      expect(result.success).toBe(false);
      expect(messages(result)).toContain(KEY_IN_TEXT_MESSAGE);
    }
  });

  it("accept names that only resemble a key's start, and the display start itself", () => {
    for (const name of ["server_prod", "ci_test_runner", "stripe_live_mirror", live.slice(0, 16)]) {
      expect(createApiKeyBodySchema.safeParse({ name, description: `replaces ${live.slice(0, 16)}` }).success, name).toBe(true);
      expect(createProjectInputSchema.safeParse({ name }).success, name).toBe(true);
    }
  });
});
