// Workspace key policies: the REST API's body (GET and PUT /api/v1/workspace/policy), the
// Policies page's form, and the data layer's view. Client-safe.
import { z } from "zod";
import { SCOPES_MAX, scopeSchema, type Environment } from "./keys/domain";
import { freeText } from "./text";

export const SINGLE_ACTIVE_KEY_MODES = ["off", "project_environment", "workspace"] as const;
export type SingleActiveKeyMode = (typeof SINGLE_ACTIVE_KEY_MODES)[number];
export const SINGLE_ACTIVE_KEY_LABEL: Record<SingleActiveKeyMode, string> = {
  off: "Off: any number of active keys",
  project_environment: "One active key per project and environment",
  workspace: "One active key in the whole workspace",
};

export const LEAK_RESPONSES = ["revoke", "flag"] as const;
export type LeakResponse = (typeof LEAK_RESPONSES)[number];
export const LEAK_RESPONSE_LABEL: Record<LeakResponse, string> = {
  revoke: "Revoke the key at once",
  flag: "Only flag it (the key keeps working)",
};

export const RECOVERABLE_KEYS = ["off", "on"] as const;
export type RecoverableKeys = (typeof RECOVERABLE_KEYS)[number];
export const RECOVERABLE_KEYS_LABEL: Record<RecoverableKeys, string> = {
  off: "Off: keys are shown once, never again",
  on: "On: admins can reveal new keys later",
};
/** The trade-off, in one sentence (Settings → Policies says it beside the choice). */
export const RECOVERABLE_KEYS_TRADE_OFF =
  "Recoverable keys let an admin with keys:reveal see a key again later, at the cost of keeping every new key encrypted in the database, where a stolen database plus KEYPORT_SECRET would expose them.";
/** What each choice does to the sealed copies already kept. */
export const RECOVERABLE_KEYS_EFFECT: Record<RecoverableKeys, string> = {
  on: "New keys are kept sealed from now on; keys created while this was off can never be revealed.",
  off: "New keys are no longer kept. Sealed copies of existing keys stay encrypted but cannot be revealed until this is turned on again; a key's copy is deleted when it is revoked or expires.",
};

export const LIFETIME_DAYS_MAX = 3650;
export const SCOPE_DESCRIPTION_MAX = 200;

export type ScopeEntry = { name: string; description: string };

/** The workspace's key policy, as the data layer holds it. */
export type WorkspacePolicy = {
  singleActiveKey: SingleActiveKeyMode;
  requireExpiry: Record<Environment, boolean>;
  maxLifetimeDays: Record<Environment, number | null>;
  scopes: ScopeEntry[];
  leakResponse: LeakResponse;
  recoverableKeys: RecoverableKeys;
};

/** A policy as a PUT sends it: `recoverable_keys` may be left out, which keeps it as it is. */
export type WorkspacePolicyInput = Omit<WorkspacePolicy, "recoverableKeys"> & { recoverableKeys?: RecoverableKeys | undefined };

const lifetime = z
  .number({ error: "Use a whole number of days, or null for no limit." })
  .int("Use a whole number of days.")
  .min(1, "Use at least 1 day.")
  .max(LIFETIME_DAYS_MAX, `Use at most ${LIFETIME_DAYS_MAX} days.`)
  .nullable();

export const scopeEntrySchema = z.strictObject({
  name: scopeSchema,
  description: freeText()
    .trim()
    .max(SCOPE_DESCRIPTION_MAX, `A description is at most ${SCOPE_DESCRIPTION_MAX} characters.`),
});

export const scopeCatalogSchema = z
  .array(scopeEntrySchema)
  .max(SCOPES_MAX, `A workspace has at most ${SCOPES_MAX} scopes.`)
  .superRefine((scopes, ctx) => {
    const seen = new Set<string>();
    scopes.forEach((scope, index) => {
      if (seen.has(scope.name)) ctx.addIssue({ code: "custom", path: [index, "name"], message: `The scope ${scope.name} is listed twice.` });
      seen.add(scope.name);
    });
  });

/** PUT /api/v1/workspace/policy: the whole policy (GET returns the same shape). */
export const workspacePolicyBodySchema = z
  .strictObject({
    single_active_key: z.enum(SINGLE_ACTIVE_KEY_MODES, { error: "Use off, project_environment or workspace." }),
    require_expiry: z.strictObject({ live: z.boolean(), test: z.boolean() }),
    max_lifetime_days: z.strictObject({ live: lifetime, test: lifetime }),
    scopes: scopeCatalogSchema,
    leak_response: z.enum(LEAK_RESPONSES, { error: "Use revoke or flag." }),
    recoverable_keys: z
      .enum(RECOVERABLE_KEYS, { error: "Use off or on." })
      .optional()
      .meta({ description: "`on`: new keys are also kept sealed, so an admin with `keys:reveal` can reveal them. Left out: unchanged." }),
    /** What GET answers can be sent back as it is: the read-only list is ignored. */
    violations: z.array(z.unknown()).optional().meta({ readOnly: true, description: "Read-only: what GET answers; ignored when sent." }),
  })
  .transform(
    (body): WorkspacePolicyInput => ({
      singleActiveKey: body.single_active_key,
      requireExpiry: body.require_expiry,
      maxLifetimeDays: body.max_lifetime_days,
      scopes: body.scopes,
      leakResponse: body.leak_response,
      recoverableKeys: body.recoverable_keys,
    }),
  );

/** A key that breaks the policy as it now stands (a change never revokes; it lists them). */
export const policyViolationSchema = z.strictObject({
  key_id: z.uuid(),
  name: z.string(),
  environment: z.enum(["live", "test"]),
  project_id: z.uuid().nullable(),
  policy: z.enum(["single_active_key", "require_expiry", "max_lifetime_days", "scopes"]),
  detail: z.string(),
});
export type PolicyViolation = z.infer<typeof policyViolationSchema>;

export const workspacePolicyDtoSchema = z.strictObject({
  single_active_key: z.enum(SINGLE_ACTIVE_KEY_MODES),
  require_expiry: z.strictObject({ live: z.boolean(), test: z.boolean() }),
  max_lifetime_days: z.strictObject({ live: z.number().int().nullable(), test: z.number().int().nullable() }),
  scopes: z.array(z.strictObject({ name: z.string(), description: z.string() })),
  leak_response: z.enum(LEAK_RESPONSES),
  recoverable_keys: z.enum(RECOVERABLE_KEYS),
  /** Active keys that break the policy. */
  violations: z.array(policyViolationSchema).meta({ readOnly: true, description: "Active keys that break the policy (read-only)." }),
});
export type WorkspacePolicyDto = z.infer<typeof workspacePolicyDtoSchema>;

export function toWorkspacePolicyDto(policy: WorkspacePolicy, violations: PolicyViolation[]): WorkspacePolicyDto {
  return workspacePolicyDtoSchema.parse({
    single_active_key: policy.singleActiveKey,
    require_expiry: policy.requireExpiry,
    max_lifetime_days: policy.maxLifetimeDays,
    scopes: policy.scopes,
    leak_response: policy.leakResponse,
    recoverable_keys: policy.recoverableKeys,
    violations,
  });
}
