// The audit log in sentences: one pure function per action turns an event's recorded fields
// into what a person reads ("Ada Lovelace rolled “billing-worker” with a 1-hour grace period;
// the old key stops at 14:05 UTC."). Client-safe; the raw fields stay available as details.
import type { AuditAction } from "@/lib/schemas/audit";
import { LEAK_RESPONSE_LABEL, SINGLE_ACTIVE_KEY_LABEL, type LeakResponse, type SingleActiveKeyMode } from "@/lib/schemas/policy";

/** An event as the page has it: who, what, and the fields recorded with it. */
export type DescribableEvent = {
  action: string;
  actorName: string;
  metadata: unknown;
};

export type DescribeOptions = {
  /** Whether a time is past or to come ("stops" or "stopped"); now by default. */
  now?: Date;
  /** How a time reads in a sentence; "2:05 PM UTC" today, "Dec 3, 2026, 2:05 PM UTC" otherwise (as the page's times read). */
  formatTime?: (time: Date, now: Date) => string;
};

type Fields = Record<string, unknown>;
type Describer = (actor: string, fields: Fields, options: Required<DescribeOptions>) => string;

const TIME = new Intl.DateTimeFormat("en", { timeStyle: "short", timeZone: "UTC" });
const DATE = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });
const DATE_TIME = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

function defaultFormatTime(time: Date, now: Date): string {
  const sameDay = DATE.format(time) === DATE.format(now);
  return `${sameDay ? TIME.format(time) : DATE_TIME.format(time)} UTC`;
}

const text = (fields: Fields, name: string): string | undefined => {
  const value = fields[name];
  return typeof value === "string" && value !== "" ? value : undefined;
};
const quoted = (value: string) => `“${value}”`;

/** Whether `name` is the one the platform gives a project's default key: `{projectId}_default_{digits}`. */
export function isDefaultKeyName(name: string): boolean {
  return /^[0-9a-f-]{36}_default_\d+$/.test(name);
}

/** A key as a sentence names it: “billing-worker”, or the project's default key. */
function keyName(fields: Fields): string {
  const name = text(fields, "name");
  if (!name) return "a key";
  if (isDefaultKeyName(name)) return "the project's default key";
  return quoted(name);
}

/** "a, b and c". */
function list(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

const GRACE_WORDS: Record<string, string> = { "1h": "a 1-hour", "24h": "a 24-hour", "7d": "a 7-day" };

const KEY_FIELD_WORDS: Record<string, string> = {
  name: "name",
  description: "description",
  scopes: "scopes",
  expiresAt: "expiry",
  rateLimit: "rate limit",
  allowedIps: "IP allowlist",
  identityId: "identity",
  credits: "credits",
};

const WINDOW_WORDS: Record<number, string> = { 1: "second", 60: "minute", 3600: "hour", 86400: "day" };

function rateLimitWords(fields: Fields): string | undefined {
  const limit = fields.rateLimit;
  const window = fields.rateLimitWindowS;
  if (typeof limit !== "number" || typeof window !== "number") return undefined;
  const per = WINDOW_WORDS[window] ?? `${window} seconds`;
  return `${limit.toLocaleString("en")} requests per ${per}`;
}

/** The workspace policy's recorded JSON (before or after), or null when it cannot be read. */
function policyOf(raw: unknown): Record<string, unknown> | null {
  if (typeof raw !== "string") return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const ENVIRONMENTS = [
  ["live", "production"],
  ["test", "staging"],
] as const;

/** What one changed policy setting now says, in words. */
function policyChange(field: string, before: Record<string, unknown> | null, after: Record<string, unknown> | null): string {
  const now = after?.[field];
  const was = before?.[field];
  switch (field) {
    case "singleActiveKey": {
      const label = SINGLE_ACTIVE_KEY_LABEL[now as SingleActiveKeyMode];
      return label ? `single active key set to “${label.split(":")[0]}”` : "the single-active-key rule";
    }
    case "requireExpiry": {
      if (!now || typeof now !== "object") return "which keys must expire";
      const parts = ENVIRONMENTS.flatMap(([env, word]) => {
        const required = (now as Record<string, unknown>)[env];
        const previously = was && typeof was === "object" ? (was as Record<string, unknown>)[env] : undefined;
        if (required === previously) return [];
        return [required ? `${word} keys must expire` : `${word} keys need no expiry`];
      });
      return parts.length ? list(parts) : "which keys must expire";
    }
    case "maxLifetimeDays": {
      if (!now || typeof now !== "object") return "the longest key lifetime";
      const parts = ENVIRONMENTS.flatMap(([env, word]) => {
        const days = (now as Record<string, unknown>)[env];
        const previously = was && typeof was === "object" ? (was as Record<string, unknown>)[env] : undefined;
        if (days === previously) return [];
        return [typeof days === "number" ? `${word} keys live at most ${days} days` : `${word} keys have no longest lifetime`];
      });
      return parts.length ? list(parts) : "the longest key lifetime";
    }
    case "scopes": {
      const count = Array.isArray(now) ? now.length : undefined;
      return count === undefined ? "the scope catalogue" : `the scope catalogue (${count} ${count === 1 ? "scope" : "scopes"})`;
    }
    case "recoverableKeys":
      return now === "on" ? "recoverable keys turned on (new keys are kept sealed)" : "recoverable keys turned off (no key can be revealed)";
    case "leakResponse": {
      const label = LEAK_RESPONSE_LABEL[now as LeakResponse];
      return label ? `leaked keys: ${label.charAt(0).toLowerCase()}${label.slice(1)}` : "what happens to leaked keys";
    }
    default:
      return field;
  }
}

const LEAK_OUTCOME: Record<string, string> = {
  revoked: "it was revoked at once",
  already_revoked: "it was already revoked",
  flagged: "it was flagged and keeps working until an admin acts (the workspace flags leaks rather than revoking them)",
  flagged_default_key: "as the project's default key it cannot be revoked, so it was flagged to be rolled",
};

/** One sentence per action the data layer records. A new action does not compile until it has one. */
const DESCRIBE: Record<AuditAction, Describer> = {
  "api_key.created": (actor, f) => {
    const environment = text(f, "environment") === "live" ? "production " : text(f, "environment") === "test" ? "staging " : "";
    const start = text(f, "start") ? ` (${text(f, "start")}…)` : "";
    const name = keyName(f);
    const what = name === "the project's default key" ? `${name}${start}` : `the ${environment}key ${name}${start}`;
    const scope = f.allProjects === true ? " for all projects" : "";
    const limits = [
      ...(rateLimitWords(f) ? [`limited to ${rateLimitWords(f)}`] : []),
      ...(text(f, "allowedIps") ? [`usable only from ${text(f, "allowedIps")}`] : []),
    ];
    return `${actor} created ${what}${scope}${limits.length ? `, ${list(limits)}` : ""}.`;
  },
  "api_key.rolled": (actor, f, { now, formatTime }) => {
    const grace = text(f, "grace");
    const stopsAt = text(f, "stopsAt") ? new Date(text(f, "stopsAt")!) : null;
    const successor = text(f, "successorStart") ? ` The new key starts ${text(f, "successorStart")}…` : "";
    if (grace === "none" || !grace) {
      return `${actor} rolled ${keyName(f)} with no grace period; the old key stopped at once.${successor}`.trim();
    }
    const period = GRACE_WORDS[grace] ?? `a ${grace}`;
    const stop =
      stopsAt && !Number.isNaN(stopsAt.getTime())
        ? `; the old key ${stopsAt.getTime() > now.getTime() ? "stops" : "stopped"} at ${formatTime(stopsAt, now)}`
        : "";
    return `${actor} rolled ${keyName(f)} with ${period} grace period${stop}.${successor}`.trim();
  },
  "api_key.updated": (actor, f) => {
    const changed = (text(f, "changed") ?? "")
      .split(",")
      .map((field) => field.trim())
      .filter(Boolean)
      .map((field) => KEY_FIELD_WORDS[field] ?? field);
    return changed.length ? `${actor} edited ${keyName(f)}: ${list(changed)}.` : `${actor} edited ${keyName(f)}.`;
  },
  "api_key.revoked": (actor, f) =>
    f.bulk === true ? `${actor} revoked ${keyName(f)}, with other keys at once.` : `${actor} revoked ${keyName(f)}.`,
  "api_key.deactivated": (actor, f) => `${actor} deactivated ${keyName(f)}; it is refused until it is reactivated.`,
  "api_key.reactivated": (actor, f) => `${actor} reactivated ${keyName(f)}; it verifies again.`,
  "api_key.revealed": (actor, f) => `${actor} revealed ${keyName(f)}${text(f, "start") ? ` (${text(f, "start")}…)` : ""}.`,
  "api_key.leaked": (actor, f) => {
    const where = text(f, "url") ? ` at ${text(f, "url")}` : "";
    const outcome = LEAK_OUTCOME[text(f, "action") ?? ""];
    return `${actor} found ${keyName(f)} published${where}${outcome ? `; ${outcome}` : ""}.`;
  },
  "api_key.leak_acknowledged": (actor, f) => `${actor} acknowledged the leak report of ${keyName(f)}.`,
  "project.created": (actor, f) => `${actor} created the project ${text(f, "name") ? quoted(text(f, "name")!) : ""}`.trim() + ".",
  "workspace.created": (actor, f) => `${actor} created the workspace ${text(f, "name") ? quoted(text(f, "name")!) : ""}`.trim() + ".",
  "workspace.policy_changed": (actor, f) => {
    const changed = (text(f, "changed") ?? "")
      .split(",")
      .map((field) => field.trim())
      .filter(Boolean);
    if (changed.length === 0) return `${actor} saved the key policy with no change.`;
    const before = policyOf(f.before);
    const after = policyOf(f.after);
    return `${actor} changed the key policy: ${list(changed.map((field) => policyChange(field, before, after)))}.`;
  },
  "webhook.created": (actor, f) => {
    const events = text(f, "events") ? ` for ${list(text(f, "events")!.split(",").map((e) => e.trim()))}` : "";
    return `${actor} added a webhook to ${text(f, "url") ?? "an endpoint"}${events}.`;
  },
  "webhook.updated": (actor, f) => {
    const url = text(f, "url") ?? "an endpoint";
    const parts = [
      ...(f.enabled === true ? ["turned it on"] : f.enabled === false ? ["turned it off"] : []),
      ...(text(f, "events") ? [`set its events to ${list(text(f, "events")!.split(",").map((e) => e.trim()))}`] : []),
    ];
    return parts.length ? `${actor} changed the webhook to ${url}: ${list(parts)}.` : `${actor} changed the webhook to ${url}.`;
  },
  "webhook.deleted": (actor, f) => `${actor} deleted the webhook to ${text(f, "url") ?? "an endpoint"}.`,
  "webhook.resent": (actor, f) =>
    `${actor} resent ${text(f, "eventType") ? `the ${text(f, "eventType")} event` : "an event"} to ${text(f, "url") ?? "an endpoint"}.`,
  "management_key.created": (actor, f) => {
    const permissions = text(f, "permissions") ? ` with ${list(text(f, "permissions")!.split(" ").filter(Boolean))}` : "";
    return `${actor} created the management key ${managementKeyName(f)}${permissions}.`;
  },
  "management_key.revoked": (actor, f) => `${actor} revoked the management key ${managementKeyName(f)}.`,
  "management_key.leaked": (actor, f) => {
    const where = text(f, "url") ? ` at ${text(f, "url")}` : "";
    const outcome = LEAK_OUTCOME[text(f, "action") ?? ""];
    return `${actor} found the management key ${managementKeyName(f)} published${where}${outcome ? `; ${outcome}` : ""}.`;
  },
  "identity.created": (actor, f) => `${actor} created the identity ${identityName(f)}.`,
  "identity.updated": (actor, f) => {
    const changed = (text(f, "changed") ?? "")
      .split(",")
      .map((field) => field.trim())
      .filter(Boolean);
    return changed.length ? `${actor} edited the identity ${identityName(f)}: ${list(changed)}.` : `${actor} edited the identity ${identityName(f)}.`;
  },
  "identity.deleted": (actor, f) => {
    const revoked = typeof f.revokedKeys === "number" && f.revokedKeys > 0 ? `, revoking its ${f.revokedKeys} active ${f.revokedKeys === 1 ? "key" : "keys"}` : "";
    return `${actor} deleted the identity ${identityName(f)}${revoked}.`;
  },
  "credits.changed": (actor, f) => {
    const whose = text(f, "externalId") ? `the identity ${identityName(f)}` : keyName(f);
    const how = text(f, "op") === "set" ? `set the credits of ${whose} to ${String(f.amount)}` : `added ${String(f.amount)} credits to ${whose}`;
    const reason = text(f, "reason") ? ` (${text(f, "reason")})` : "";
    return `${actor} ${how}; the balance is ${String(f.balance)}${reason}.`;
  },
  "access.denied": (actor, f) =>
    text(f, "permission")
      ? `${actor} tried ${text(f, "attempt") ?? "a management action"} without the permission ${text(f, "permission")}; it was refused.`
      : `${actor} tried ${text(f, "attempt") ?? "an admin action"}, which only admins may do; it was refused.`,
};

/** An identity as its events name it: “external id”. */
function identityName(f: Fields): string {
  return text(f, "externalId") ? quoted(text(f, "externalId")!) : "(unnamed)";
}

/** A management key as its events name it: “name” (start…). */
function managementKeyName(f: Fields): string {
  const name = text(f, "name") ? quoted(text(f, "name")!) : "(unnamed)";
  return text(f, "start") ? `${name} (${text(f, "start")}…)` : name;
}

/** The event in a sentence, in the product's words. An action this version does not know reads plainly. */
export function describeAuditEvent(event: DescribableEvent, options: DescribeOptions = {}): string {
  const fields = event.metadata && typeof event.metadata === "object" && !Array.isArray(event.metadata) ? (event.metadata as Fields) : {};
  const resolved = { now: options.now ?? new Date(), formatTime: options.formatTime ?? defaultFormatTime };
  const describe = (DESCRIBE as Record<string, Describer | undefined>)[event.action];
  return describe ? describe(event.actorName, fields, resolved) : `${event.actorName}: ${event.action}.`;
}

/** The recorded fields, as "Show details" lists them: each a name and its value as text. */
export function auditEventDetails(metadata: unknown): { name: string; value: string }[] {
  if (!metadata || typeof metadata !== "object" || Array.isArray(metadata)) return [];
  return Object.entries(metadata as Fields).map(([name, value]) => ({
    name,
    value: typeof value === "string" ? value : JSON.stringify(value),
  }));
}
