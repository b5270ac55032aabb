// zod schemas for API keys: inputs (shared by the Create dialog, the server action and the
// REST handler) and output DTOs (what may leave the server). Client-safe: imports nothing
// server-side.
import { z } from "zod";
import { storableText } from "./text";

export const KEY_NAME_MAX = 64;
export const DESCRIPTION_MAX = 500;
export const SCOPES_MAX = 100;
export const LIST_LIMIT_MAX = 100;
export const LIST_LIMIT_DEFAULT = 50;

/** Scopes offered as checkboxes in the dashboard. The API accepts any well-formed scope. */
export const SCOPE_CATALOG = [
  { value: "flags:read", label: "Read flags", hint: "Evaluate feature flags" },
  { value: "events:write", label: "Send events", hint: "Track exposures and events" },
  { value: "config:read", label: "Read config", hint: "Fetch remote configuration" },
  { value: "analytics:read", label: "Read analytics", hint: "Query reports" },
] as const;

export const environmentSchema = z.enum(["live", "test"], {
  error: "Choose live (Production) or test (Staging).",
});
export type Environment = z.infer<typeof environmentSchema>;

export const ENVIRONMENTS = environmentSchema.options;
/**
 * The environment of a key when none is chosen, in the Create dialog and the REST API alike:
 * Production, as every project's default key is and as the product's docs list it first.
 */
export const DEFAULT_ENVIRONMENT: Environment = "live";
export const ENVIRONMENT_LABEL: Record<Environment, string> = { live: "Production", test: "Staging" };

export const keyNameSchema = z
  .string({ error: "Enter a name for the key." })
  .trim()
  .min(1, "Enter a name for the key.")
  .max(KEY_NAME_MAX, `Use at most ${KEY_NAME_MAX} characters.`)
  .regex(/^[A-Za-z0-9 _.-]+$/, "Use letters, numbers, spaces, and _ - . only.");

export const descriptionSchema = storableText()
  .trim()
  .max(DESCRIPTION_MAX, `Use at most ${DESCRIPTION_MAX} characters.`)
  .transform((value) => (value === "" ? undefined : value))
  .optional();

export const scopeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9:._-]{0,63}$/, "A scope is lowercase letters, digits and : . _ - (at most 64).");

export const scopesSchema = z
  .array(scopeSchema)
  .max(SCOPES_MAX, `A key can have at most ${SCOPES_MAX} scopes.`)
  .transform((scopes) => [...new Set(scopes)]);

const futureDate = z.date().refine((date) => date.getTime() > Date.now(), "Choose a time in the future.");

/** The data layer's input for creating a key. */
export const createApiKeyInputSchema = z.object({
  name: keyNameSchema,
  environment: environmentSchema.default(DEFAULT_ENVIRONMENT),
  description: descriptionSchema,
  expiresAt: futureDate.optional(),
  scopes: scopesSchema.default([]),
  allProjects: z.boolean().default(false),
});
export type CreateApiKeyInput = z.input<typeof createApiKeyInputSchema>;

/** POST /api/v1/projects/{projectId}/keys: the documented body, mapped to the data layer's input. */
export const createApiKeyBodySchema = z
  .strictObject({
    name: keyNameSchema,
    environment: environmentSchema.default(DEFAULT_ENVIRONMENT),
    description: descriptionSchema,
    expires_at: z.iso
      .datetime({ offset: true, error: "Use an RFC 3339 date-time, e.g. 2030-01-01T00:00:00Z." })
      .pipe(z.coerce.date())
      .pipe(futureDate)
      .optional(),
    scopes: scopesSchema.default([]),
    all_projects: z.boolean().default(false),
  })
  .transform((body) => ({
    name: body.name,
    environment: body.environment,
    description: body.description,
    expiresAt: body.expires_at,
    scopes: body.scopes,
    allProjects: body.all_projects,
  }));

export const EXPIRATION_CHOICES = [
  { value: "never", label: "Never" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "365 days" },
  { value: "custom", label: "Custom date" },
] as const;

/** The Create dialog's fields (strings from a form), mapped to the data layer's input. */
export const createApiKeyFormSchema = z
  .object({
    name: keyNameSchema,
    environment: environmentSchema,
    description: descriptionSchema,
    expiration: z.enum(["never", "30", "90", "365", "custom"], { error: "Choose when the key expires." }),
    expiresOn: z.string().optional(),
    scope: z.enum(["project", "workspace"], { error: "Choose which projects the key covers." }),
    scopes: scopesSchema.default([]),
  })
  .superRefine((form, ctx) => {
    if (form.expiration !== "custom") return;
    const date = parseDateOnly(form.expiresOn);
    if (!date) ctx.addIssue({ code: "custom", path: ["expiresOn"], message: "Choose an expiry date." });
    else if (date.getTime() <= Date.now()) {
      ctx.addIssue({ code: "custom", path: ["expiresOn"], message: "Choose a date in the future." });
    }
  })
  .transform((form) => ({
    name: form.name,
    environment: form.environment,
    description: form.description,
    expiresAt: expirationDate(form.expiration, form.expiresOn),
    scopes: form.scopes,
    allProjects: form.scope === "workspace",
  }));
export type CreateApiKeyForm = z.input<typeof createApiKeyFormSchema>;

function parseDateOnly(value: string | undefined): Date | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  // A custom date means "through the end of that day", in UTC.
  const date = new Date(`${value}T23:59:59.999Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

function expirationDate(choice: string, customDate: string | undefined): Date | undefined {
  if (choice === "never") return undefined;
  if (choice === "custom") return parseDateOnly(customDate) ?? undefined;
  return new Date(Date.now() + Number(choice) * 24 * 60 * 60 * 1000);
}

export const KEY_STATUSES = ["active", "revoked", "expired"] as const;
export const keyStatusSchema = z.enum(KEY_STATUSES);
export type KeyStatus = z.infer<typeof keyStatusSchema>;
export const KEY_STATUS_LABEL: Record<KeyStatus, string> = { active: "Active", revoked: "Revoked", expired: "Expired" };

export const KEY_SORTS = ["created", "name", "last_used", "expires"] as const;
export const keySortSchema = z.enum(KEY_SORTS);
export type KeySort = z.infer<typeof keySortSchema>;
export const DEFAULT_SORT: KeySort = "created";
export type SortOrder = "asc" | "desc";

/** Each sort's natural direction: newest, A-Z, most recently used, soonest to expire. */
export const DEFAULT_SORT_ORDER: Record<KeySort, SortOrder> = {
  created: "desc",
  name: "asc",
  last_used: "desc",
  expires: "asc",
};

/** Query parameters of a key listing, shared by the REST API and the dashboard's URL. */
export const listApiKeysQuerySchema = z.strictObject({
  environment: environmentSchema.optional(),
  status: keyStatusSchema.optional(),
  q: storableText().trim().max(KEY_NAME_MAX).optional(),
  sort: keySortSchema.default(DEFAULT_SORT),
  order: z.enum(["asc", "desc"]).optional(),
  limit: z.coerce
    .number()
    .int("limit must be a whole number.")
    .min(1, "limit must be at least 1.")
    .max(LIST_LIMIT_MAX, `limit must be at most ${LIST_LIMIT_MAX}.`)
    .default(LIST_LIMIT_DEFAULT),
  cursor: z
    .string()
    .max(512)
    .regex(/^[A-Za-z0-9_-]*$/, "Use the cursor from a Link header or a previous page.")
    .optional(),
});
export type ListApiKeysQuery = z.output<typeof listApiKeysQuerySchema>;

const isoDate = z.iso.datetime({ offset: true });

/** A key as the REST API returns it (the documented fields, plus environment, description, revoked_at). */
export const apiKeyDtoSchema = z.strictObject({
  key_id: z.uuid(),
  name: z.string(),
  key_prefix: z.string(),
  project_id: z.uuid().nullable(),
  tenant_id: z.uuid(),
  scopes: z.array(z.string()),
  is_active: z.boolean(),
  is_admin_managed: z.boolean(),
  created_at: isoDate,
  created_by: z.string(),
  expires_at: isoDate.nullable(),
  last_used_at: isoDate.nullable(),
  environment: environmentSchema,
  description: z.string().nullable(),
  revoked_at: isoDate.nullable(),
});
export type ApiKeyDto = z.infer<typeof apiKeyDtoSchema>;

/** The create response: the only place the key itself ever appears. */
export const createdApiKeyDtoSchema = apiKeyDtoSchema.extend({ key: z.string() });
export type CreatedApiKeyDto = z.infer<typeof createdApiKeyDtoSchema>;

export const revokeApiKeyDtoSchema = z.strictObject({ success: z.literal(true) });

/** A row of the dashboard's keys table. */
export const apiKeyRowSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  start: z.string(),
  environment: environmentSchema,
  status: keyStatusSchema,
  projectId: z.uuid().nullable(),
  scopes: z.array(z.string()),
  lastUsedAt: isoDate.nullable(),
  createdAt: isoDate,
  createdByName: z.string(),
  expiresAt: isoDate.nullable(),
  revokedAt: isoDate.nullable(),
  isDefault: z.boolean(),
});
export type ApiKeyRow = z.infer<typeof apiKeyRowSchema>;

/** The table column each sort orders by. */
export const SORT_COLUMN: Record<KeySort, keyof ApiKeyRow> = {
  created: "createdAt",
  name: "name",
  last_used: "lastUsedAt",
  expires: "expiresAt",
};

/** POST /api/v1/keys/verify: the optional body. */
export const verifyKeyBodySchema = z.strictObject({
  app_id: z.uuid({ error: "app_id must be a project id (UUID)." }).optional(),
  environment: environmentSchema.optional(),
  scopes: scopesSchema.optional(),
});

export const verifyKeyResultSchema = z.strictObject({
  valid: z.literal(true),
  key_id: z.uuid(),
  tenant_id: z.uuid(),
  project_id: z.uuid().nullable(),
  environment: environmentSchema,
  scopes: z.array(z.string()),
  expires_at: isoDate.nullable(),
  name: z.string(),
});
export type VerifyKeyResult = z.infer<typeof verifyKeyResultSchema>;
