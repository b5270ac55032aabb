// What people read for the keys' vocabulary: environments, statuses, and the choices the
// dialogs offer. Client-safe.
import type { Environment, GracePeriodChoice, KeyStatus } from "./domain";

export const ENVIRONMENT_LABEL: Record<Environment, string> = { live: "Production", test: "Staging" };

export const KEY_STATUS_LABEL: Record<KeyStatus, string> = { active: "Active", revoked: "Revoked", expired: "Expired", deactivated: "Deactivated" };

export const GRACE_PERIOD_LABEL: Record<GracePeriodChoice, string> = {
  none: "None: stop the old key now",
  "1h": "1 hour",
  "24h": "24 hours",
  "7d": "7 days",
};

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
