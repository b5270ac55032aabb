// The vocabulary of API keys themselves: what a key is made of and the rules on each part,
// whoever asks (the REST API, the dashboard's forms, the data layer). Client-safe: imports
// nothing server-side. The REST API's words are in rest.ts, the dashboard's in forms.ts, and
// what people read in labels.ts.
import { z } from "zod";
import { canonicalIpEntry } from "@/lib/net/ip";
import type { Credits } from "../identities";
import { freeText, refuseKeys } from "../text";

export const KEY_NAME_MAX = 64;
export const DESCRIPTION_MAX = 500;
export const SCOPES_MAX = 100;
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

export const rateLimitNumbers = {
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

/** A key's own rate limit as the data layer takes it, or null for none. */
export const rateLimitInputSchema = z.object({ limit: rateLimitNumbers.limit, windowS: rateLimitNumbers.window_s }).nullable();

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

/** A moment that has not come yet. */
export const futureDate = z.date().refine((date) => date.getTime() > Date.now(), "Choose a time in the future.");

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
  /** The identity that owns the key (checked against the workspace by the data layer). */
  identityId: z.string().nullable().default(null),
  /** The key's own credits, already checked by the REST body or the form; null: unlimited. */
  credits: z.custom<Credits | null>().default(null),
});
export type CreateApiKeyInput = z.input<typeof createApiKeyInputSchema>;

/** Within this many days of its expiry, an active key shows "Expires soon". */
export const EXPIRING_SOON_DAYS = 7;

export const KEY_STATUSES = ["active", "revoked", "expired", "deactivated"] as const;
export const keyStatusSchema = z.enum(KEY_STATUSES);
export type KeyStatus = z.infer<typeof keyStatusSchema>;

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

export const GRACE_PERIODS = ["none", "1h", "24h", "7d"] as const;
export type GracePeriodChoice = (typeof GRACE_PERIODS)[number];

/** A date-time as the server writes it: RFC 3339, with an offset. */
export const isoDate = z.iso.datetime({ offset: true });
