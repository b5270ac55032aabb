// Usage per key: the query of the usage API, a point of a series, and what the charts,
// sparklines, overview and impact numbers show. Client-safe.
import { z } from "zod";
import { storableDate } from "./dates";

export const USAGE_GRANULARITIES = ["hour", "day"] as const;
export type UsageGranularity = (typeof USAGE_GRANULARITIES)[number];

/** The most points a series holds: 30 days by hour, or a year by day. */
export const USAGE_RANGE_MS: Record<UsageGranularity, number> = { hour: 30 * 86_400_000, day: 366 * 86_400_000 };
/** What a series covers when `since` is not given. */
export const USAGE_DEFAULT_MS: Record<UsageGranularity, number> = { hour: 86_400_000, day: 30 * 86_400_000 };
export const SPARKLINE_DAYS = 14;

/** GET /api/v1/projects/{projectId}/keys/{keyId}/usage */
export const usageQuerySchema = z
  .strictObject({
    granularity: z.enum(USAGE_GRANULARITIES, { error: "granularity is hour or day." }).default("day"),
    since: z.iso
      .datetime({ offset: true, error: "since is an RFC 3339 date-time, e.g. 2030-01-01T00:00:00Z." })
      .transform((v) => new Date(v))
      .pipe(storableDate)
      .optional(),
  })
  .superRefine((query, ctx) => {
    // Runs after field issues too, on whatever was sent: only a parsed date is checked here.
    if (!(query.since instanceof Date) || !USAGE_GRANULARITIES.includes(query.granularity)) return;
    const age = Date.now() - query.since.getTime();
    if (age < 0) ctx.addIssue({ code: "custom", path: ["since"], message: "since is in the future." });
    else if (age > USAGE_RANGE_MS[query.granularity]) {
      ctx.addIssue({
        code: "custom",
        path: ["since"],
        message: query.granularity === "hour" ? "Hourly usage goes back at most 30 days." : "Daily usage goes back at most 366 days.",
      });
    }
  });

export const usagePointSchema = z.strictObject({
  at: z.iso.datetime({ offset: true }),
  valid: z.number().int(),
  invalid: z.number().int(),
});
export type UsagePoint = z.infer<typeof usagePointSchema>;

/** A key in the overview's lists. */
export type UsageLeader = { keyId: string; name: string; start: string; projectId: string | null; valid: number; invalid: number };
export type UsageOverview = Record<"day" | "month", { busiest: UsageLeader[]; failing: UsageLeader[] }>;

/** What revoking or rolling a key would cut off: its last 24 hours, and when it was last used. */
export type KeyImpact = { valid: number; invalid: number; lastUsedAt: string | null };
