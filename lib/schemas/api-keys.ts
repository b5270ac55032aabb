// zod schemas for API keys: inputs (shared by the Create dialog, the server action and the
// REST handler) and output DTOs (what may leave the server). Client-safe: imports nothing
// server-side.
import { z } from "zod";
import { canonicalIpEntry } from "@/lib/http/client-ip";
import { storableDate } from "./dates";
import { freeText, refuseKeys, storableText } from "./text";

export const KEY_NAME_MAX = 64;
export const DESCRIPTION_MAX = 500;
export const SCOPES_MAX = 100;
export const LIST_LIMIT_MAX = 100;
export const LIST_LIMIT_DEFAULT = 50;
export const ALLOWED_IPS_MAX = 100;
export const RATE_LIMIT_MAX = 1_000_000_000;
export const RATE_LIMIT_WINDOW_MAX_S = 86_400;

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

export const keyNameSchema = refuseKeys(
  z
    .string({ error: "Enter a name for the key." })
    .trim()
    .min(1, "Enter a name for the key.")
    .max(KEY_NAME_MAX, `Use at most ${KEY_NAME_MAX} characters.`)
    .regex(/^[A-Za-z0-9 _.-]+$/, "Use letters, numbers, spaces, and _ - . only."),
);

export const descriptionSchema = freeText()
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

/** A key's own rate limit: at most `limit` verifications per `windowS` seconds. */
export type KeyRateLimit = { limit: number; windowS: number };

const rateLimitNumbers = {
  limit: z
    .number({ error: "limit must be a whole number of verifications." })
    .int("limit must be a whole number of verifications.")
    .min(1, "limit must be at least 1.")
    .max(RATE_LIMIT_MAX, `limit must be at most ${RATE_LIMIT_MAX}.`),
  window_s: z
    .number({ error: "window_s must be a whole number of seconds." })
    .int("window_s must be a whole number of seconds.")
    .min(1, "window_s must be at least 1 second.")
    .max(RATE_LIMIT_WINDOW_MAX_S, `window_s must be at most ${RATE_LIMIT_WINDOW_MAX_S} (one day).`),
};

/** `rate_limit` in the REST API: `{"limit": N, "window_s": S}`, or null for none. */
export const rateLimitBodySchema = z
  .strictObject(rateLimitNumbers)
  .transform((r): KeyRateLimit => ({ limit: r.limit, windowS: r.window_s }))
  .nullable();

const rateLimitInputSchema = z.object({ limit: rateLimitNumbers.limit, windowS: rateLimitNumbers.window_s }).nullable();

/**
 * `allowed_ips`: addresses and CIDR ranges, IPv4 and IPv6, stored in canonical form without
 * duplicates, at most 100 of them once duplicates are gone. Each bad entry is reported at
 * its own index.
 */
export const allowedIpsSchema = z
  .array(
    z
      .string({ error: "Each entry is an IP address or CIDR range, as a string." })
      .max(64, "An entry is at most 64 characters.")
      .transform((entry, ctx) => {
        const canonical = canonicalIpEntry(entry);
        if (canonical === null) {
          ctx.addIssue({ code: "custom", message: `"${entry.slice(0, 64)}" is not an IP address or CIDR range (e.g. 203.0.113.0/24, 2001:db8::/32, 10.1.2.3).` });
          return z.NEVER;
        }
        return canonical;
      }),
  )
  .max(ALLOWED_IPS_MAX * 10, `A key allows at most ${ALLOWED_IPS_MAX} addresses or ranges.`)
  .transform((entries) => [...new Set(entries)])
  .refine((entries) => entries.length <= ALLOWED_IPS_MAX, `A key allows at most ${ALLOWED_IPS_MAX} addresses or ranges.`);

const futureDate = z.date().refine((date) => date.getTime() > Date.now(), "Choose a time in the future.");

/** The data layer's input for creating a key. */
export const createApiKeyInputSchema = z.object({
  name: keyNameSchema,
  environment: environmentSchema.default(DEFAULT_ENVIRONMENT),
  description: descriptionSchema,
  expiresAt: futureDate.optional(),
  scopes: scopesSchema.default([]),
  allProjects: z.boolean().default(false),
  rateLimit: rateLimitInputSchema.default(null),
  allowedIps: allowedIpsSchema.default([]),
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
      .pipe(storableDate)
      .pipe(futureDate)
      .optional(),
    scopes: scopesSchema.default([]),
    all_projects: z.boolean().default(false),
    rate_limit: rateLimitBodySchema.default(null),
    allowed_ips: allowedIpsSchema.default([]),
  })
  .transform((body) => ({
    name: body.name,
    environment: body.environment,
    description: body.description,
    expiresAt: body.expires_at,
    scopes: body.scopes,
    allProjects: body.all_projects,
    rateLimit: body.rate_limit,
    allowedIps: body.allowed_ips,
  }));

export const EXPIRATION_CHOICES = [
  { value: "never", label: "Never" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "365 days" },
  { value: "custom", label: "Custom date" },
] as const;

/** The windows a key's rate limit can be set to in the dashboard. */
export const RATE_LIMIT_WINDOWS = [
  { value: "1", label: "per second" },
  { value: "60", label: "per minute" },
  { value: "3600", label: "per hour" },
  { value: "86400", label: "per day" },
] as const;

/** Splits the dialog's allowlist text: one entry per line, or separated by commas or spaces. */
export function allowlistEntries(text: string | undefined): string[] {
  return (text ?? "").split(/[\s,]+/).filter(Boolean);
}

/**
 * The rate limit and IP allowlist as a dialog's form sends them (text), checked with the
 * API's own rules and reported on the field they came from.
 */
const keyProtectionFormFields = {
  rateLimit: z
    .string()
    .optional()
    .transform((text, ctx): number | null => {
      const value = text?.trim() ?? "";
      if (value === "") return null;
      const n = Number(value);
      if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > RATE_LIMIT_MAX) {
        ctx.addIssue({ code: "custom", message: `Enter a whole number from 1 to ${RATE_LIMIT_MAX}, or leave it empty for no limit.` });
        return z.NEVER;
      }
      return n;
    }),
  rateLimitWindow: z.enum(["1", "60", "3600", "86400"], { error: "Choose the limit's window." }).default("60"),
  allowedIps: z
    .string()
    .max(ALLOWED_IPS_MAX * 65, `A key allows at most ${ALLOWED_IPS_MAX} addresses or ranges.`)
    .optional()
    .transform((text, ctx): string[] => {
      const parsed = allowedIpsSchema.safeParse(allowlistEntries(text));
      if (parsed.success) return parsed.data;
      ctx.addIssue({ code: "custom", message: parsed.error.issues[0]?.message ?? "Check the allowlist." });
      return z.NEVER;
    }),
};

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
    ...keyProtectionFormFields,
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
    rateLimit: form.rateLimit === null ? null : { limit: form.rateLimit, windowS: Number(form.rateLimitWindow) },
    allowedIps: form.allowedIps,
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

/** Within this many days of its expiry, an active key shows "Expires soon". */
export const EXPIRING_SOON_DAYS = 7;

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
  rate_limit: z.strictObject({ limit: z.number().int(), window_s: z.number().int() }).nullable(),
  allowed_ips: z.array(z.string()),
  leaked_at: isoDate.nullable(),
  /** Rotation: the key this one replaced, and the key that replaced it. */
  rolled_from: z.uuid().nullable(),
  rolled_to: z.uuid().nullable(),
});
export type ApiKeyDto = z.infer<typeof apiKeyDtoSchema>;

/** The create and roll responses: the only places the key itself ever appears. */
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
  rateLimit: z.strictObject({ limit: z.number().int(), windowS: z.number().int() }).nullable(),
  allowedIps: z.array(z.string()),
  /** An unacknowledged leak report: the dashboard shows a banner until an admin acknowledges it. */
  leak: z.strictObject({ reportedAt: isoDate, url: z.string().nullable() }).nullable(),
  rolledToId: z.uuid().nullable(),
  rolledAt: isoDate.nullable(),
  /** Active, and expiring within EXPIRING_SOON_DAYS. */
  expiresSoon: z.boolean(),
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

export type VerifyKeyBody = z.infer<typeof verifyKeyBodySchema>;

const UUID = z.regexes.uuid();
const isEnvironment = (value: unknown): value is Environment => value === "live" || value === "test";

/**
 * A verify body, parsed exactly as verifyKeyBodySchema parses it (lib/schemas/api-keys.test.ts
 * proves the two agree on any JSON). The bodies SDKs send on every request, `{}` or only
 * `app_id` and `environment` with valid values, are checked directly, without building zod's
 * result; anything else, every invalid body included, goes through the schema. `undefined`
 * stands for a request without a body.
 */
export function parseVerifyKeyBody(raw: unknown): z.ZodSafeParseResult<VerifyKeyBody> {
  // No body is the empty object; a JSON `null` is refused by the schema like any non-object.
  if (raw === undefined) return { success: true, data: {} };
  if (raw !== null && typeof raw === "object" && Object.getPrototypeOf(raw) === Object.prototype) {
    const body = raw as Record<string, unknown>;
    for (const name in body) if (name !== "app_id" && name !== "environment") return verifyKeyBodySchema.safeParse(raw);
    const { app_id, environment } = body;
    if ((app_id === undefined || (typeof app_id === "string" && UUID.test(app_id))) && (environment === undefined || isEnvironment(environment))) {
      const data: VerifyKeyBody = {};
      if (app_id !== undefined) data.app_id = app_id;
      if (environment !== undefined) data.environment = environment;
      return { success: true, data };
    }
  }
  return verifyKeyBodySchema.safeParse(raw);
}

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

const expiresAtField = z.iso
  .datetime({ offset: true, error: "Use an RFC 3339 date-time, e.g. 2030-01-01T00:00:00Z." })
  .pipe(z.coerce.date())
  .pipe(storableDate)
  .pipe(futureDate);

/** PATCH /api/v1/projects/{projectId}/keys/{keyId}: the fields to change, each optional. */
export const updateApiKeyBodySchema = z
  .strictObject({
    name: keyNameSchema.optional(),
    description: freeText()
      .trim()
      .max(DESCRIPTION_MAX, `Use at most ${DESCRIPTION_MAX} characters.`)
      .transform((value) => (value === "" ? null : value))
      .nullable()
      .optional(),
    scopes: scopesSchema.optional(),
    expires_at: expiresAtField.optional(),
    rate_limit: rateLimitBodySchema.optional(),
    allowed_ips: allowedIpsSchema.optional(),
  })
  .transform((body) => ({
    name: body.name,
    description: body.description,
    scopes: body.scopes,
    expiresAt: body.expires_at,
    rateLimit: body.rate_limit,
    allowedIps: body.allowed_ips,
  }));

export const GRACE_PERIODS = ["none", "1h", "24h", "7d"] as const;
export type GracePeriodChoice = (typeof GRACE_PERIODS)[number];
export const GRACE_PERIOD_LABEL: Record<GracePeriodChoice, string> = {
  none: "None: stop the old key now",
  "1h": "1 hour",
  "24h": "24 hours",
  "7d": "7 days",
};

/** POST /api/v1/projects/{projectId}/keys/{keyId}/roll */
export const rollApiKeyBodySchema = z.strictObject({
  grace_period: z.enum(GRACE_PERIODS, { error: "Use none, 1h, 24h or 7d: how long the old key keeps working." }),
});

/** POST /api/v1/projects/{projectId}/keys/bulk-revoke */
export const bulkRevokeBodySchema = z.strictObject({
  key_ids: z
    .array(z.string({ error: "Each key id is a string." }).max(64, "A key id is at most 64 characters."), {
      error: "key_ids is an array of key ids.",
    })
    .min(1, "List at least one key id.")
    .max(1000, "At most 1,000 keys per request."),
});

export const bulkRevokeResultDtoSchema = z.strictObject({
  results: z.array(
    z.strictObject({
      key_id: z.string(),
      status: z.enum(["revoked", "already_revoked", "not_found", "refused"]),
      detail: z.string(),
    }),
  ),
});

/** The Edit dialog's fields (strings from a form), mapped to the data layer's changes. */
export const editApiKeyFormSchema = z
  .object({
    name: keyNameSchema,
    description: freeText().max(DESCRIPTION_MAX, `Use at most ${DESCRIPTION_MAX} characters.`),
    scopes: scopesSchema.default([]),
    /** Empty: unchanged; else a date (through its end, UTC), earlier than the current expiry. */
    expiresOn: z.string().optional(),
    ...keyProtectionFormFields,
  })
  .superRefine((form, ctx) => {
    if (!form.expiresOn) return;
    const date = parseDateOnly(form.expiresOn);
    if (!date) ctx.addIssue({ code: "custom", path: ["expiresOn"], message: "Choose a valid date." });
    else if (date.getTime() <= Date.now()) ctx.addIssue({ code: "custom", path: ["expiresOn"], message: "Choose a date in the future." });
  })
  .transform((form) => ({
    name: form.name,
    description: form.description.trim() === "" ? null : form.description.trim(),
    scopes: form.scopes,
    expiresAt: form.expiresOn ? (parseDateOnly(form.expiresOn) ?? undefined) : undefined,
    rateLimit: form.rateLimit === null ? null : { limit: form.rateLimit, windowS: Number(form.rateLimitWindow) },
    allowedIps: form.allowedIps,
  }));
export type EditApiKeyForm = z.input<typeof editApiKeyFormSchema>;
