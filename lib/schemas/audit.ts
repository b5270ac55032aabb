// The audit log: its actions, the query of the page and the API, and an event as the API
// returns it. Client-safe.
import { z } from "zod";
import { containsKey } from "@/lib/keys/shape";
import { storableDate } from "./dates";
import { requestIdSchema } from "./requests";
import { storableText } from "./text";

export const AUDIT_ACTIONS = [
  "api_key.created",
  "api_key.rolled",
  "api_key.updated",
  "api_key.revoked",
  "api_key.deactivated",
  "api_key.reactivated",
  "api_key.revealed",
  "api_key.leaked",
  "api_key.leak_acknowledged",
  "project.created",
  "workspace.created",
  "workspace.policy_changed",
  "webhook.created",
  "webhook.updated",
  "webhook.deleted",
  "webhook.resent",
  "access.denied",
  "management_key.created",
  "management_key.revoked",
  "management_key.leaked",
  "identity.created",
  "identity.updated",
  "identity.deleted",
  "credits.changed",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ACTION_LABEL: Record<AuditAction, string> = {
  "api_key.created": "Key created",
  "api_key.rolled": "Key rolled",
  "api_key.updated": "Key edited",
  "api_key.revoked": "Key revoked",
  "api_key.deactivated": "Key deactivated",
  "api_key.reactivated": "Key reactivated",
  "api_key.revealed": "Key revealed",
  "api_key.leaked": "Key reported leaked",
  "api_key.leak_acknowledged": "Leak acknowledged",
  "project.created": "Project created",
  "workspace.created": "Workspace created",
  "workspace.policy_changed": "Policy changed",
  "webhook.created": "Webhook added",
  "webhook.updated": "Webhook changed",
  "webhook.deleted": "Webhook deleted",
  "webhook.resent": "Webhook event resent",
  "access.denied": "Admin action refused",
  "management_key.created": "Management key created",
  "management_key.revoked": "Management key revoked",
  "management_key.leaked": "Management key reported leaked",
  "identity.created": "Identity created",
  "identity.updated": "Identity edited",
  "identity.deleted": "Identity deleted",
  "credits.changed": "Credits changed",
};

/** Who acted: a person, a management key, Keyport itself, or a secret scanner's report. */
export const ACTOR_TYPES = ["user", "management_key", "system", "scanner"] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export const ACTOR_TYPE_LABEL: Record<ActorType, string> = {
  user: "Person",
  management_key: "Management key",
  system: "Keyport",
  scanner: "Secret scanner",
};

export const AUDIT_PAGE_MAX = 100;
export const AUDIT_PAGE_DEFAULT = 50;

const instant = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), "Use a date (2030-01-31) or an RFC 3339 date-time.")
  .transform((v) => new Date(v))
  .pipe(storableDate);

const auditFilterFields = {
  key_id: z.uuid({ error: "key_id must be a key id (UUID)." }).optional(),
  actor: storableText().trim().min(1).max(200).optional(),
  action: z.enum(AUDIT_ACTIONS, { error: `Use one of: ${AUDIT_ACTIONS.join(", ")}.` }).optional(),
  from: instant.optional(),
  to: instant.optional(),
  request_id: requestIdSchema.optional(),
};

/** GET /api/v1/audit-events/export: the filters, for every matching event as CSV. */
export const auditExportQuerySchema = z.strictObject(auditFilterFields);
export type AuditExportQuery = z.output<typeof auditExportQuerySchema>;

/** GET /api/v1/audit-events (and the Audit log page's URL). */
export const auditQuerySchema = z.strictObject({
  ...auditFilterFields,
  cursor: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]*$/, "Use the cursor from a Link header or a previous page.")
    .optional(),
  limit: z.coerce
    .number()
    .int("limit must be a whole number.")
    .min(1, "limit must be at least 1.")
    .max(AUDIT_PAGE_MAX, `limit must be at most ${AUDIT_PAGE_MAX}.`)
    .default(AUDIT_PAGE_DEFAULT),
  /** `csv` is the export's older spelling: the list redirects it there. */
  format: z.enum(["json", "csv"], { error: "format is json or csv." }).default("json"),
});
export type AuditQuery = z.output<typeof auditQuerySchema>;

export const auditEventDtoSchema = z.strictObject({
  event_id: z.uuid(),
  created_at: z.iso.datetime({ offset: true }),
  action: z.enum(AUDIT_ACTIONS),
  actor: z.strictObject({ id: z.string(), name: z.string(), type: z.enum(ACTOR_TYPES) }),
  key_id: z.uuid().nullable(),
  project_id: z.uuid().nullable(),
  request_id: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEventDto = z.infer<typeof auditEventDtoSchema>;

// The Audit log page's filters: each read on its own, so one bad value is reported beside its
// field and the others still apply. The key filter takes a key's name or start (the data layer
// finds the keys); times are UTC, as the page shows them.

/** What the page says when a time filter cannot be read. */
export const AUDIT_DATE_HINT = "Enter a date like 2026-12-01 or 2026-12-01 14:30 (UTC).";

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_AND_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A time typed into the page's From or To filter, in UTC: a date (From: its first moment; To:
 * its last, so the day is included), a date and a time, or a full date-time with an offset.
 */
export function parseAuditTime(value: string, edge: "from" | "to"): Date | null {
  const text = value.trim();
  const parts = DATE_ONLY.exec(text) ?? DATE_AND_TIME.exec(text);
  let date: Date;
  if (parts) {
    const [year, month, day, hour = "0", minute = "0", second = "0"] = parts.slice(1);
    const dateOnly = parts.length === 4 || parts[4] === undefined;
    date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)));
    // 2026-02-31 is not a date: Date.UTC would roll it over into March.
    if (date.getUTCDate() !== Number(day) || date.getUTCMonth() !== Number(month) - 1 || Number(hour) > 23 || Number(minute) > 59) return null;
    if (Number(year) < 100) date.setUTCFullYear(Number(year));
    if (dateOnly && edge === "to") date = new Date(date.getTime() + 86_400_000 - 1);
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(text)) {
    date = new Date(text);
  } else {
    return null;
  }
  return Number.isNaN(date.getTime()) || !storableDate.safeParse(date).success ? null : date;
}

export const AUDIT_PAGE_FILTERS = ["for_key", "actor", "action", "from", "to", "request_id"] as const;
export type AuditPageFilterName = (typeof AUDIT_PAGE_FILTERS)[number];

export type AuditPageQuery = {
  /** A key's name or start, as typed (`for_key` in the URL: `key` would read as a credential). */
  key?: string;
  /** A key's id: the older links' form, still followed. */
  keyId?: string;
  actor?: string;
  action?: AuditAction;
  from?: Date;
  to?: Date;
  requestId?: string;
  cursor?: string;
};

const pageFields = {
  for_key: storableText()
    .trim()
    .min(1)
    .max(200, "A key's name or start is at most 200 characters.")
    .refine((v) => !containsKey(v), "That is a whole key, which is a secret: enter its name or its start (the first characters the table shows)."),
  key_id: z.uuid(),
  actor: storableText().trim().min(1).max(200),
  action: z.enum(AUDIT_ACTIONS, { error: "Choose an action from the list." }),
  request_id: requestIdSchema,
  cursor: z.string().max(200).regex(/^[A-Za-z0-9_-]*$/),
};

/** The page's URL, read filter by filter: what applies, and a plain message for each field that does not. */
export function parseAuditPageQuery(raw: Record<string, string | undefined>): {
  query: AuditPageQuery;
  errors: Partial<Record<AuditPageFilterName, string>>;
} {
  const query: AuditPageQuery = {};
  const errors: Partial<Record<AuditPageFilterName, string>> = {};
  const value = (name: string) => {
    const v = raw[name]?.trim();
    return v ? v : undefined;
  };
  for (const edge of ["from", "to"] as const) {
    const text = value(edge);
    if (text === undefined) continue;
    const time = parseAuditTime(text, edge);
    if (time) query[edge] = time;
    else errors[edge] = AUDIT_DATE_HINT;
  }
  if (query.from && query.to && query.from > query.to) errors.to = "Enter a time after From.";
  if (errors.to) delete query.to;
  const read = <K extends keyof typeof pageFields>(name: K): z.output<(typeof pageFields)[K]> | undefined => {
    const text = value(name);
    if (text === undefined) return undefined;
    const parsed = pageFields[name].safeParse(text);
    if (parsed.success) return parsed.data as z.output<(typeof pageFields)[K]>;
    if (name !== "key_id" && name !== "cursor") errors[name as AuditPageFilterName] = parsed.error.issues[0]?.message ?? "This filter is not valid.";
    return undefined;
  };
  const key = read("for_key");
  if (key) query.key = key.replace(/(…|\.\.\.)$/, "");
  const keyId = read("key_id");
  if (keyId) query.keyId = keyId;
  const actor = read("actor");
  if (actor) query.actor = actor;
  const action = read("action");
  if (action) query.action = action;
  const requestId = read("request_id");
  if (requestId) query.requestId = requestId;
  const cursor = read("cursor");
  if (cursor) query.cursor = cursor;
  return { query, errors };
}

/** A page filter's time as a zod field: the same reading and the same plain message as the page. */
const pageTime = (edge: "from" | "to") =>
  z.string().transform((value, ctx) => {
    const time = parseAuditTime(value, edge);
    if (!time) {
      ctx.addIssue({ code: "custom", message: AUDIT_DATE_HINT });
      return z.NEVER;
    }
    return time;
  });

/** Most keys the download's `key_ids` names: the keys a start the page was given stands for. */
export const AUDIT_EXPORT_KEY_IDS_MAX = 200;

/**
 * GET /settings/audit-log/export: the Audit log page's filters, as its URL holds them. A filter
 * by a key's start arrives as the ids of the keys it stands for (`key_ids`): text that starts
 * like a key is never accepted in a URL the API answers.
 */
export const auditPageExportQuerySchema = z.strictObject({
  for_key: pageFields.for_key.optional(),
  key_ids: z
    .string()
    .transform((v) => v.split(",").filter(Boolean))
    .pipe(z.array(z.uuid()).max(AUDIT_EXPORT_KEY_IDS_MAX))
    .optional(),
  key_id: pageFields.key_id.optional(),
  actor: pageFields.actor.optional(),
  action: pageFields.action.optional(),
  from: pageTime("from").optional(),
  to: pageTime("to").optional(),
  request_id: pageFields.request_id.optional(),
});
