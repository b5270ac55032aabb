// The REST API's vocabulary for keys: its bodies and query parameters (snake_case, mapped to
// the domain's inputs) and the DTOs it answers with. Client-safe: imports nothing server-side.
import { z } from "zod";
import { storableDate } from "../dates";
import { COST_MAX, creditsBodySchema, creditsDtoSchema, creditsPatchBodySchema, verifiedIdentitySchema } from "../identities";
import { freeText, storableText } from "../text";
import {
  DEFAULT_ENVIRONMENT,
  DEFAULT_SORT,
  DESCRIPTION_MAX,
  GRACE_PERIODS,
  KEY_NAME_MAX,
  allowedIpsSchema,
  descriptionSchema,
  environmentSchema,
  futureDate,
  isoDate,
  keyNameSchema,
  keySortSchema,
  keyStatusSchema,
  rateLimitNumbers,
  scopesSchema,
  type KeyRateLimit,
} from "./domain";

export const LIST_LIMIT_MAX = 100;
export const LIST_LIMIT_DEFAULT = 50;

/** `rate_limit` in the REST API: `{"limit": N, "window_s": S}`, or null for none. */
export const rateLimitBodySchema = z
  .strictObject(rateLimitNumbers)
  .transform((r): KeyRateLimit => ({ limit: r.limit, windowS: r.window_s }))
  .nullable();

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
    identity_id: z.uuid({ error: "identity_id must be an identity's id (UUID)." }).transform((id) => id.toLowerCase()).nullable().default(null),
    credits: creditsBodySchema.default(null),
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
    identityId: body.identity_id,
    credits: body.credits,
  }));

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


/** A key as the REST API returns it (the documented fields, plus environment, description, revoked_at). */
export const apiKeyDtoSchema = z.strictObject({
  key_id: z.uuid(),
  name: z.string(),
  key_prefix: z.string(),
  project_id: z.uuid().nullable(),
  tenant_id: z.uuid(),
  scopes: z.array(z.string()),
  is_active: z.boolean(),
  /** `active`, `deactivated` (refused until reactivated), `revoked` or `expired`. */
  status: keyStatusSchema,
  is_admin_managed: z.boolean(),
  created_at: isoDate,
  created_by: z.string(),
  expires_at: isoDate.nullable(),
  last_used_at: isoDate.nullable(),
  environment: environmentSchema,
  description: z.string().nullable(),
  revoked_at: isoDate.nullable(),
  deactivated_at: isoDate.nullable(),
  /** Kept sealed, so an admin with `keys:reveal` can reveal it (never the key itself). */
  recoverable: z.boolean(),
  rate_limit: z.strictObject({ limit: z.number().int(), window_s: z.number().int() }).nullable(),
  allowed_ips: z.array(z.string()),
  leaked_at: isoDate.nullable(),
  /** Rotation: the key this one replaced, and the key that replaced it. */
  rolled_from: z.uuid().nullable(),
  rolled_to: z.uuid().nullable(),
  /** The identity that owns the key, and the key's own credits (null: unlimited). */
  identity_id: z.uuid().nullable(),
  credits: creditsDtoSchema,
});
export type ApiKeyDto = z.infer<typeof apiKeyDtoSchema>;

/** The create and roll responses: the only places the key itself ever appears. */
export const createdApiKeyDtoSchema = apiKeyDtoSchema.extend({ key: z.string() });
export type CreatedApiKeyDto = z.infer<typeof createdApiKeyDtoSchema>;

export const revokeApiKeyDtoSchema = z.strictObject({ success: z.literal(true) });

/** POST /api/v1/projects/{projectId}/keys/{keyId}/reveal: a recoverable key, again. */
export const revealedApiKeyDtoSchema = z.strictObject({ key_id: z.uuid(), key: z.string() });
export type RevealedApiKeyDto = z.infer<typeof revealedApiKeyDtoSchema>;

/** POST /api/v1/keys/verify: the optional body. */
export const verifyKeyBodySchema = z.strictObject({
  app_id: z.uuid({ error: "app_id must be a project id (UUID)." }).optional(),
  environment: environmentSchema.optional(),
  scopes: scopesSchema.optional(),
  cost: z
    .number({ error: `cost must be a whole number from 0 to ${COST_MAX}.` })
    .int(`cost must be a whole number from 0 to ${COST_MAX}.`)
    .min(0, `cost must be a whole number from 0 to ${COST_MAX}.`)
    .max(COST_MAX, `cost must be at most ${COST_MAX}.`)
    .optional(),
});

export type VerifyKeyBody = z.infer<typeof verifyKeyBodySchema>;

export const verifyKeyResultSchema = z.strictObject({
  valid: z.literal(true),
  key_id: z.uuid(),
  tenant_id: z.uuid(),
  project_id: z.uuid().nullable(),
  environment: environmentSchema,
  scopes: z.array(z.string()),
  expires_at: isoDate.nullable(),
  name: z.string(),
  /** The identity that owns the key, when it has one. */
  identity: verifiedIdentitySchema.optional(),
  /** The lowest balance that applies after this verification's charge, when one applies. */
  credits: z.strictObject({ remaining: z.number().int() }).optional(),
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
    identity_id: z.uuid({ error: "identity_id must be an identity's id (UUID)." }).transform((id) => id.toLowerCase()).nullable().optional(),
    credits: creditsPatchBodySchema.optional(),
  })
  .transform((body) => ({
    name: body.name,
    description: body.description,
    scopes: body.scopes,
    expiresAt: body.expires_at,
    rateLimit: body.rate_limit,
    allowedIps: body.allowed_ips,
    identityId: body.identity_id,
    credits: body.credits,
  }));

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
