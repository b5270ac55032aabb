// The dashboard's vocabulary for keys: the Create and Edit dialogs' fields (text from a form,
// mapped to the domain's inputs) and a row of the keys table. Client-safe.
import { z } from "zod";
import { creditsBodySchema, creditsDtoSchema, creditsPatchBodySchema } from "../identities";
import { freeText } from "../text";
import {
  ALLOWED_IPS_MAX,
  DESCRIPTION_MAX,
  RATE_LIMIT_MAX,
  allowedIpsSchema,
  descriptionSchema,
  environmentSchema,
  isoDate,
  keyNameSchema,
  keyStatusSchema,
  scopesSchema,
  type KeySort,
} from "./domain";

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

/** The dialogs' fields for a key's credits, as the form names them, by the API's location. */
const CREDIT_FORM_FIELD: Record<string, string> = {
  remaining: "creditsRemaining",
  "refill.amount": "refillAmount",
  "refill.interval": "refillInterval",
  "refill.day_of_month": "refillDay",
  low_threshold: "lowThreshold",
};

/** Text as a number when it is one; NaN when empty (so a missing amount is refused, never read as "keep"). */
const amountOf = (text: string | undefined) => {
  const value = (text ?? "").trim();
  return value === "" ? Number.NaN : /^\d+$/.test(value) ? Number(value) : value;
};

/**
 * The identity and credits fields of the Create and Edit dialogs (an identity id, or empty for
 * none). Credits are "unlimited" or "limited"; when the Edit dialog opens on a limited key, `balance` is "keep" (the balance
 * verifications are spending is kept, read when the edit is written) until the admin chooses
 * to "set" a new one.
 */
const keyCreditsFormFields = {
  identityId: z
    .string()
    .optional()
    .transform((value, ctx): string | null | undefined => {
      if (value === undefined) return undefined;
      if (value === "") return null;
      if (!z.uuid().safeParse(value).success) {
        ctx.addIssue({ code: "custom", message: "Choose an identity from the list, or No identity." });
        return z.NEVER;
      }
      return value.toLowerCase();
    }),
  creditsMode: z.enum(["unlimited", "limited"], { error: "Choose unlimited credits or a balance." }).optional(),
  balance: z.enum(["keep", "set"]).default("set"),
  creditsRemaining: z.string().optional(),
  refillInterval: z.enum(["none", "daily", "monthly"], { error: "Choose how the balance refills." }).default("none"),
  refillAmount: z.string().optional(),
  refillDay: z.string().optional(),
  lowThreshold: z.string().optional(),
};
type KeyCreditsFields = z.output<z.ZodObject<typeof keyCreditsFormFields>>;

/** The form's credits as the API's `credits` body (null: unlimited), for its own schema to check. */
function creditsBodyOf(form: KeyCreditsFields): unknown {
  if (form.creditsMode !== "limited") return null;
  const blank = (text: string | undefined) => (text ?? "").trim() === "";
  return {
    ...(form.balance === "keep" ? {} : { remaining: amountOf(form.creditsRemaining) }),
    refill:
      form.refillInterval === "none"
        ? null
        : {
            amount: amountOf(form.refillAmount),
            interval: form.refillInterval,
            ...(form.refillInterval === "monthly" ? { day_of_month: blank(form.refillDay) ? 1 : amountOf(form.refillDay) } : {}),
          },
    low_threshold: blank(form.lowThreshold) ? null : amountOf(form.lowThreshold),
  };
}

/** Checks the form's credits with the API's schema, each issue on the field it came from. */
function refineCredits(schema: z.ZodType, form: KeyCreditsFields, ctx: z.RefinementCtx) {
  const parsed = schema.safeParse(creditsBodyOf(form));
  if (parsed.success) return;
  for (const issue of parsed.error.issues) {
    ctx.addIssue({ code: "custom", path: [CREDIT_FORM_FIELD[issue.path.map(String).join(".")] ?? "creditsRemaining"], message: issue.message });
  }
}

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
    ...keyCreditsFormFields,
  })
  .superRefine((form, ctx) => {
    refineCredits(creditsBodySchema, form, ctx);
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
    identityId: form.identityId ?? null,
    credits: creditsBodySchema.parse(creditsBodyOf(form)),
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

/** The Edit dialog's fields (strings from a form), mapped to the data layer's changes. */
export const editApiKeyFormSchema = z
  .object({
    name: keyNameSchema,
    description: freeText().max(DESCRIPTION_MAX, `Use at most ${DESCRIPTION_MAX} characters.`),
    scopes: scopesSchema.default([]),
    /** Empty: unchanged; else a date (through its end, UTC), earlier than the current expiry. */
    expiresOn: z.string().optional(),
    ...keyProtectionFormFields,
    ...keyCreditsFormFields,
  })
  .superRefine((form, ctx) => {
    refineCredits(creditsPatchBodySchema, form, ctx);
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
    // A form without these fields leaves the key's identity and credits as they are.
    identityId: form.identityId,
    credits: form.creditsMode === undefined ? undefined : creditsPatchBodySchema.parse(creditsBodyOf(form)),
  }));
export type EditApiKeyForm = z.input<typeof editApiKeyFormSchema>;

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
  deactivatedAt: isoDate.nullable(),
  isDefault: z.boolean(),
  /** Kept sealed, so an admin can reveal it (while the workspace keeps recoverable keys). */
  recoverable: z.boolean(),
  /** A recoverable key's last four characters, for its masked form; null for other keys. */
  end: z.string().nullable(),
  rateLimit: z.strictObject({ limit: z.number().int(), windowS: z.number().int() }).nullable(),
  allowedIps: z.array(z.string()),
  /** An unacknowledged leak report: the dashboard shows a banner until an admin acknowledges it. */
  leak: z.strictObject({ reportedAt: isoDate, url: z.string().nullable() }).nullable(),
  rolledToId: z.uuid().nullable(),
  rolledAt: isoDate.nullable(),
  /** The identity that owns the key, and the key's own credits (null: unlimited). */
  identityId: z.uuid().nullable(),
  credits: creditsDtoSchema,
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
