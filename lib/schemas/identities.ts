// Identities (the customers of a product built on Keyport) and their credits: the REST API's
// bodies and queries, shared by the dashboard's dialogs and their server actions, and the DTOs
// the API answers with. Client-safe: imports nothing server-side.
import { z } from "zod";
import { isoDate, rateLimitNumbers, type KeyRateLimit } from "./keys/domain";
import { freeText, storableText, textProblem } from "./text";

export const EXTERNAL_ID_MAX = 255;
export const IDENTITY_NAME_MAX = 255;
/** The largest `meta` an identity may carry, as UTF-8 JSON. */
export const META_MAX_BYTES = 4096;
/** The largest balance, refill or change: far below PostgreSQL's integer, so additions never overflow it. */
export const CREDITS_MAX = 1_000_000_000;
/** What one verification may cost at most. */
export const COST_MAX = 1000;
export const CREDIT_REASON_MAX = 500;
export const IDENTITY_LIST_LIMIT_MAX = 100;
export const IDENTITY_LIST_LIMIT_DEFAULT = 50;

export const REFILL_INTERVALS = ["daily", "monthly"] as const;
export type RefillInterval = (typeof REFILL_INTERVALS)[number];

/** A refill as the data layer takes it: set the balance to `amount` at each refill moment. */
export type CreditRefill = { amount: number; interval: RefillInterval; dayOfMonth: number | null };
/** Credits as the data layer takes them; null (where it is taken) means unlimited. */
export type Credits = { remaining: number; refill: CreditRefill | null; lowThreshold: number | null };
/**
 * Credits as an edit gives them: without `remaining`, the balance is kept as it is when the
 * edit is written (verifications may have spent some since the editor read it).
 */
export type CreditsPatch = Omit<Credits, "remaining"> & { remaining: number | undefined };

/** A whole number of credits: 0 to CREDITS_MAX. */
export function creditAmount(field: string) {
  return z
    .number({ error: `${field} must be a whole number of credits.` })
    .int(`${field} must be a whole number of credits.`)
    .min(0, `${field} cannot be negative.`)
    .max(CREDITS_MAX, `${field} must be at most ${CREDITS_MAX.toLocaleString("en-US")}.`);
}

export const externalIdSchema = freeText(
  z
    .string({ error: "Enter the identity's external id." })
    .min(1, "Enter the identity's external id.")
    .max(EXTERNAL_ID_MAX, `Use at most ${EXTERNAL_ID_MAX} characters.`),
);

export const identityNameSchema = freeText()
  .trim()
  .max(IDENTITY_NAME_MAX, `Use at most ${IDENTITY_NAME_MAX} characters.`)
  .transform((value) => (value === "" ? null : value))
  .nullable();

/** Where a JSON value holds text PostgreSQL cannot store as sent, or null. */
function jsonTextProblem(value: unknown): string | null {
  if (typeof value === "string") return textProblem(value);
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = jsonTextProblem(item);
      if (problem) return problem;
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const [name, item] of Object.entries(value)) {
      const problem = textProblem(name) ?? jsonTextProblem(item);
      if (problem) return problem;
    }
  }
  return null;
}

/** `meta`: a JSON object of at most 4 KiB, returned with every valid verification. */
export const metaSchema = z
  .record(z.string(), z.unknown(), { error: "meta must be a JSON object." })
  .superRefine((value, ctx) => {
    const bytes = new TextEncoder().encode(JSON.stringify(value)).length;
    if (bytes > META_MAX_BYTES) {
      ctx.addIssue({ code: "custom", message: `meta must be at most ${META_MAX_BYTES} bytes of JSON (this is ${bytes}).` });
      return;
    }
    const problem = jsonTextProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
export type IdentityMeta = z.infer<typeof metaSchema>;

/** `refill` in the API: `{"amount", "interval", "day_of_month"?}`. */
export const refillBodySchema = z
  .strictObject({
    amount: creditAmount("amount"),
    interval: z.enum(REFILL_INTERVALS, { error: "interval is daily or monthly." }),
    day_of_month: z
      .number({ error: "day_of_month must be a whole number from 1 to 31." })
      .int("day_of_month must be a whole number from 1 to 31.")
      .min(1, "day_of_month must be from 1 to 31.")
      .max(31, "day_of_month must be from 1 to 31.")
      .optional(),
  })
  .superRefine((refill, ctx) => {
    if (refill.interval === "daily" && refill.day_of_month !== undefined) {
      ctx.addIssue({ code: "custom", path: ["day_of_month"], message: "day_of_month applies to monthly refills only." });
    }
  })
  .meta({ examples: [{ amount: 10_000, interval: "monthly", day_of_month: 1 }] })
  .transform((refill): CreditRefill => ({
    amount: refill.amount,
    interval: refill.interval,
    dayOfMonth: refill.interval === "monthly" ? (refill.day_of_month ?? 1) : null,
  }));

/** `credits` in the API: `{"remaining", "refill"?, "low_threshold"?}`, or null for unlimited. */
export const creditsBodySchema = z
  .strictObject({
    remaining: creditAmount("remaining"),
    refill: refillBodySchema.nullable().optional(),
    low_threshold: creditAmount("low_threshold").nullable().optional(),
  })
  .transform((credits): Credits => ({ remaining: credits.remaining, refill: credits.refill ?? null, lowThreshold: credits.low_threshold ?? null }))
  .nullable();

/**
 * `credits` in a PATCH: as on create, except that `remaining` may be left out to keep the
 * current balance (refill and low_threshold are replaced as given). Null: unlimited.
 */
export const creditsPatchBodySchema = z
  .strictObject({
    remaining: creditAmount("remaining")
      .optional()
      .meta({ description: "The new balance, written to the ledger as a set. Leave it out to keep the current balance; required when the balance is unlimited." }),
    refill: refillBodySchema.nullable().optional(),
    low_threshold: creditAmount("low_threshold").nullable().optional(),
  })
  .transform((credits): CreditsPatch => ({ remaining: credits.remaining, refill: credits.refill ?? null, lowThreshold: credits.low_threshold ?? null }))
  .nullable();

/** `rate_limit` of an identity: shared by all its keys; null for none. */
export const identityRateLimitBodySchema = z
  .strictObject(rateLimitNumbers)
  .transform((r): KeyRateLimit => ({ limit: r.limit, windowS: r.window_s }))
  .nullable();

/** POST /api/v1/identities */
export const createIdentityBodySchema = z
  .strictObject({
    external_id: externalIdSchema,
    name: identityNameSchema.optional(),
    meta: metaSchema.optional(),
    credits: creditsBodySchema.optional(),
    rate_limit: identityRateLimitBodySchema.optional(),
  })
  .transform((body) => ({
    externalId: body.external_id,
    name: body.name ?? null,
    meta: body.meta ?? {},
    credits: body.credits ?? null,
    rateLimit: body.rate_limit ?? null,
  }));
export type CreateIdentityInput = z.output<typeof createIdentityBodySchema>;

/** PATCH /api/v1/identities/{id}: the fields to change, each optional (`null` clears). */
export const updateIdentityBodySchema = z
  .strictObject({
    external_id: externalIdSchema.optional(),
    name: identityNameSchema.optional(),
    meta: metaSchema.optional(),
    credits: creditsPatchBodySchema.optional(),
    rate_limit: identityRateLimitBodySchema.optional(),
  })
  .transform((body) => ({
    externalId: body.external_id,
    name: body.name,
    meta: body.meta,
    credits: body.credits,
    rateLimit: body.rate_limit,
  }));
export type IdentityChanges = z.output<typeof updateIdentityBodySchema>;

const cursorSchema = z
  .string()
  .max(512)
  .regex(/^[A-Za-z0-9_-]*$/, "Use the cursor from a Link header or a previous page.")
  .optional();

const limitSchema = (max: number, fallback: number) =>
  z.coerce
    .number()
    .int("limit must be a whole number.")
    .min(1, "limit must be at least 1.")
    .max(max, `limit must be at most ${max}.`)
    .default(fallback);

/** GET /api/v1/identities: newest first, searched with `q`, or one by its exact `external_id`. */
export const listIdentitiesQuerySchema = z.strictObject({
  q: storableText().trim().max(EXTERNAL_ID_MAX).optional(),
  external_id: storableText().max(EXTERNAL_ID_MAX).optional(),
  limit: limitSchema(IDENTITY_LIST_LIMIT_MAX, IDENTITY_LIST_LIMIT_DEFAULT),
  cursor: cursorSchema,
});
export type ListIdentitiesQuery = z.output<typeof listIdentitiesQuerySchema>;

/** DELETE /api/v1/identities/{id}: `?revoke_keys=true` revokes its active keys with it. */
export const deleteIdentityQuerySchema = z.strictObject({
  revoke_keys: z.enum(["true", "false"], { error: "revoke_keys is true or false." }).default("false").transform((value) => value === "true"),
});

export const refillDtoSchema = z.strictObject({
  amount: z.number().int(),
  interval: z.enum(REFILL_INTERVALS),
  day_of_month: z.number().int().nullable(),
});

/** Credits as the API shows them; null: unlimited. */
export const creditsDtoSchema = z
  .strictObject({
    remaining: z.number().int(),
    refill: refillDtoSchema.nullable(),
    low_threshold: z.number().int().nullable(),
    /** When the balance was last refilled (or set), and when the next refill is due. */
    refilled_at: isoDate.nullable(),
    next_refill_at: isoDate.nullable(),
  })
  .nullable();
export type CreditsDto = z.infer<typeof creditsDtoSchema>;

/** An identity as the API returns it. */
export const identityDtoSchema = z.strictObject({
  id: z.uuid(),
  external_id: z.string(),
  name: z.string().nullable(),
  meta: z.record(z.string(), z.unknown()),
  credits: creditsDtoSchema,
  rate_limit: z.strictObject({ limit: z.number().int(), window_s: z.number().int() }).nullable(),
  key_count: z.number().int(),
  created_at: isoDate,
  updated_at: isoDate,
});
export type IdentityDto = z.infer<typeof identityDtoSchema>;

/** An identity as the key dialogs' picker offers it. */
export type IdentityChoice = { id: string; externalId: string; name: string | null };
/** How many identities the picker shows for one search. */
export const IDENTITY_CHOICES_SHOWN = 8;

export const deleteIdentityDtoSchema = z.strictObject({ success: z.literal(true), revoked_keys: z.number().int() });

/** The identity a valid verification's key belongs to. */
export const verifiedIdentitySchema = z.strictObject({
  id: z.uuid(),
  external_id: z.string(),
  meta: z.record(z.string(), z.unknown()),
});

/** POST …/credits: add to a balance, or set it. */
export const CREDIT_OPS = ["add", "set"] as const;
export const creditChangeBodySchema = z
  .strictObject({
    op: z.enum(CREDIT_OPS, { error: "op is add or set." }),
    amount: creditAmount("amount"),
    reason: freeText()
      .trim()
      .max(CREDIT_REASON_MAX, `Use at most ${CREDIT_REASON_MAX} characters.`)
      .transform((value) => (value === "" ? null : value))
      .nullable()
      .optional(),
  })
  .transform((body) => ({ op: body.op, amount: body.amount, reason: body.reason ?? null }));
export type CreditChange = z.output<typeof creditChangeBodySchema>;

export const LEDGER_KINDS = ["refill", "add", "set"] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** One change to a balance, as the ledger lists it. */
export const ledgerEntryDtoSchema = z.strictObject({
  id: z.uuid(),
  kind: z.enum(LEDGER_KINDS),
  amount: z.number().int(),
  balance: z.number().int(),
  reason: z.string().nullable(),
  actor: z.strictObject({ id: z.string(), name: z.string(), type: z.string() }),
  created_at: isoDate,
});
export type LedgerEntryDto = z.infer<typeof ledgerEntryDtoSchema>;

/** How many ledger entries an identity's page shows at a time (the latest, then each "Show older"). */
export const LEDGER_PAGE_SIZE = 20;

/** GET …/credits/ledger: newest first, keyset-paged. */
export const ledgerQuerySchema = z.strictObject({
  limit: limitSchema(IDENTITY_LIST_LIMIT_MAX, IDENTITY_LIST_LIMIT_DEFAULT),
  cursor: cursorSchema,
});
export type LedgerQuery = z.output<typeof ledgerQuerySchema>;

/** The answer to a balance change: the balance as it now is, and the ledger entry. */
export const creditChangeDtoSchema = z.strictObject({
  credits: creditsDtoSchema,
  entry: ledgerEntryDtoSchema,
});
