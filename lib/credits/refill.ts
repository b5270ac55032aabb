// When balances refill: every day at 00:00 UTC, or every month on its `day_of_month` at 00:00
// UTC (on the month's last day when the month is shorter). A refill sets the balance to its
// amount: nothing rolls over. Pure, so the clock is whatever the caller says it is.
import type { CreditRefill } from "@/lib/schemas/identities";

const DAY_MS = 86_400_000;

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();

/** The refill moment of `refill` in a month (month 0-11, any year): its day, clamped. */
function monthlyMoment(year: number, month: number, day: number): number {
  const normalized = new Date(Date.UTC(year, month, 1));
  const y = normalized.getUTCFullYear();
  const m = normalized.getUTCMonth();
  return Date.UTC(y, m, Math.min(day, daysInMonth(y, m)));
}

/** The latest refill moment at or before `now` (ms since the epoch). */
export function lastRefillAt(refill: Pick<CreditRefill, "interval" | "dayOfMonth">, now: number): number {
  if (refill.interval === "daily") return Math.floor(now / DAY_MS) * DAY_MS;
  const today = new Date(now);
  const day = refill.dayOfMonth ?? 1;
  const thisMonth = monthlyMoment(today.getUTCFullYear(), today.getUTCMonth(), day);
  return thisMonth <= now ? thisMonth : monthlyMoment(today.getUTCFullYear(), today.getUTCMonth() - 1, day);
}

/** The first refill moment after `now`. */
export function nextRefillAt(refill: Pick<CreditRefill, "interval" | "dayOfMonth">, now: number): number {
  if (refill.interval === "daily") return Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
  const today = new Date(now);
  const day = refill.dayOfMonth ?? 1;
  const thisMonth = monthlyMoment(today.getUTCFullYear(), today.getUTCMonth(), day);
  return thisMonth > now ? thisMonth : monthlyMoment(today.getUTCFullYear(), today.getUTCMonth() + 1, day);
}

/**
 * The refill moment a balance has not received yet, or null when none is due: the latest one
 * at or before `now`, when the balance was last refilled (or set) before it. Refills missed
 * while nothing ran collapse into one, since a refill sets rather than adds.
 */
export function dueRefill(refill: Pick<CreditRefill, "interval" | "dayOfMonth"> | null, refilledAt: number | null, now: number): number | null {
  if (!refill) return null;
  const last = lastRefillAt(refill, now);
  return refilledAt === null || refilledAt < last ? last : null;
}
