// Dates for people: relative in the cell, exact on hover. Each formatter is made once: a
// table renders several dates per row, and making an Intl formatter costs far more than
// using one.

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 31_536_000_000],
  ["month", 2_592_000_000],
  ["week", 604_800_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

const RELATIVE = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const EXACT = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const COUNT = new Intl.NumberFormat("en");

export function relativeTime(iso: string, now = Date.now()): string {
  const diff = new Date(iso).getTime() - now;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return RELATIVE.format(Math.round(diff / ms), unit);
  }
  return diff < 0 ? "just now" : "in a moment";
}

/** A count for people: 12,345. */
export const formatCount = (n: number) => COUNT.format(n);

export function exactTime(iso: string): string {
  return `${EXACT.format(new Date(iso))} UTC`;
}

/** A short duration until `iso`: "23 h", "6 d", "45 min", "a moment". */
export function timeLeft(iso: string, now = Date.now()): string {
  const ms = new Date(iso).getTime() - now;
  if (ms >= 2 * 86_400_000) return `${Math.floor(ms / 86_400_000)} d`;
  if (ms >= 3_600_000) return `${Math.floor(ms / 3_600_000)} h`;
  if (ms >= 60_000) return `${Math.floor(ms / 60_000)} min`;
  return "a moment";
}

/** "51–64 of 64": where a page stands among the matching keys ("1–50 of 1,000+" past the count's cap). */
export function pageSummary({ total, totalIsCapped, offset, shown }: { total: number; totalIsCapped: boolean; offset: number | null; shown: number }): string {
  if (total === 0 || shown === 0) return "No keys";
  const of = `${formatCount(total)}${totalIsCapped ? "+" : ""}`;
  // A cursor from before positions were kept says only how many match.
  if (offset === null) return `${of} key${total === 1 && !totalIsCapped ? "" : "s"}`;
  return `${formatCount(offset + 1)}–${formatCount(offset + shown)} of ${of}`;
}
