// How a key's page words what it shows: a verification's outcome, a rate limit, an instant to
// the second. Client-safe.
import type { KeyRateLimit } from "@/lib/schemas/keys/domain";

const OUTCOME_LABEL: Record<string, string> = {
  malformed: "Not a key",
  bad_checksum: "Mistyped key",
  unknown: "Unknown key",
  revoked: "Revoked key",
  expired: "Expired key",
  ip_not_allowed: "Address not allowed",
  wrong_project: "Wrong project",
  wrong_environment: "Wrong environment",
  missing_scope: "Missing scope",
  rate_limited: "Rate limited",
  unavailable: "Service unavailable",
};

/** A verification's outcome in words: "Valid", "Wrong environment", or the status and code. */
export function outcomeLabel(event: { status: number; code: string | null; reason: string | null }): string {
  if (event.status === 200) return "Valid";
  if (event.reason && OUTCOME_LABEL[event.reason]) return OUTCOME_LABEL[event.reason]!;
  if (event.status === 429) return OUTCOME_LABEL.rate_limited!;
  const code = event.code ?? event.reason;
  return code ? `Refused: ${code.replaceAll("_", " ")}` : `Refused (${event.status})`;
}

const WINDOW_LABEL: Record<number, string> = { 1: "second", 60: "minute", 3600: "hour", 86400: "day" };

/** "100 verifications per minute", "5 verifications every 30 seconds". */
export function rateLimitText(limit: KeyRateLimit): string {
  const count = `${limit.limit.toLocaleString("en")} verification${limit.limit === 1 ? "" : "s"}`;
  const unit = WINDOW_LABEL[limit.windowS];
  return unit ? `${count} per ${unit}` : `${count} every ${limit.windowS.toLocaleString("en")} seconds`;
}

const WITH_SECONDS = new Intl.DateTimeFormat("en", {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
  second: "2-digit",
  hour12: true,
  timeZone: "UTC",
});

/** "Dec 2, 2026, 9:14:05 PM UTC": as the rest of the dashboard writes times, to the second. */
export function exactTimeWithSeconds(at: Date | string): string {
  return `${WITH_SECONDS.format(new Date(at))} UTC`;
}
