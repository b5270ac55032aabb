// The audit log: its actions, the query of the page and the API, and an event as the API
// returns it. Client-safe.
import { z } from "zod";
import { storableDate } from "./dates";
import { requestIdSchema } from "./requests";
import { storableText } from "./text";

export const AUDIT_ACTIONS = [
  "api_key.created",
  "api_key.rolled",
  "api_key.updated",
  "api_key.revoked",
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
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ACTION_LABEL: Record<AuditAction, string> = {
  "api_key.created": "Key created",
  "api_key.rolled": "Key rolled",
  "api_key.updated": "Key edited",
  "api_key.revoked": "Key revoked",
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
