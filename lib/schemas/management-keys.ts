// Management keys in the REST API and the Settings page: the create body (shared by the
// dialog, its server action and the route) and the DTOs. Client-safe.
import { z } from "zod";
import { PERMISSIONS, sortPermissions, type Permission } from "@/lib/auth/permissions";
import { ACTOR_TYPES } from "./audit";
import { storableDate } from "./dates";
import { futureDate, isoDate } from "./keys/domain";
import { freeText } from "./text";

export const MANAGEMENT_KEY_NAME_MAX = 64;

export const managementKeyNameSchema = freeText(
  z
    .string({ error: "Enter a name for the key." })
    .trim()
    .min(1, "Enter a name for the key.")
    .max(MANAGEMENT_KEY_NAME_MAX, `Use at most ${MANAGEMENT_KEY_NAME_MAX} characters.`),
);

export const permissionSchema = z.enum(PERMISSIONS as [Permission, ...Permission[]], {
  error: `Use permissions from the catalogue: ${PERMISSIONS.join(", ")}.`,
});

export const permissionsSchema = z
  .array(permissionSchema, { error: "permissions is a list of permissions." })
  .min(1, "Choose at least one permission.")
  .transform(sortPermissions);

/** POST /api/v1/management-keys: `{"name", "permissions", "expires_at"?}`. */
export const createManagementKeyBodySchema = z
  .strictObject({
    name: managementKeyNameSchema,
    permissions: permissionsSchema,
    expires_at: z.iso
      .datetime({ offset: true, error: "Use an RFC 3339 date-time, e.g. 2030-01-01T00:00:00Z." })
      .pipe(z.coerce.date())
      .pipe(storableDate)
      .pipe(futureDate)
      .nullable()
      .optional(),
  })
  .transform((body) => ({ name: body.name, permissions: body.permissions, expiresAt: body.expires_at ?? null }));
export type CreateManagementKeyInput = z.output<typeof createManagementKeyBodySchema>;

/** The Create dialog's form: the same rules, with the expiry as a date field (empty: never). */
export const createManagementKeyFormSchema = z.strictObject({
  name: managementKeyNameSchema,
  permissions: permissionsSchema,
  expiresOn: z
    .string()
    .regex(/^(\d{4}-\d{2}-\d{2})?$/, "Use a date, e.g. 2030-01-31.")
    .transform((value) => (value ? new Date(`${value}T23:59:59.999Z`) : null))
    .pipe(futureDate.nullable()),
});
export type CreateManagementKeyForm = z.input<typeof createManagementKeyFormSchema>;

/** A management key as the API lists it: never its secret, nor its hash. */
export const managementKeyDtoSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  permissions: z.array(permissionSchema),
  start: z.string(),
  created_at: isoDate,
  created_by: z.strictObject({ id: z.string(), name: z.string(), type: z.enum(ACTOR_TYPES) }),
  expires_at: isoDate.nullable(),
  last_used_at: isoDate.nullable(),
  revoked_at: isoDate.nullable(),
  leaked_at: isoDate.nullable(),
});
export type ManagementKeyDto = z.infer<typeof managementKeyDtoSchema>;

/** The create response: the only place the key itself ever appears. */
export const createdManagementKeyDtoSchema = managementKeyDtoSchema.extend({ key: z.string() });
export type CreatedManagementKeyDto = z.infer<typeof createdManagementKeyDtoSchema>;

export const revokeManagementKeyDtoSchema = z.strictObject({ success: z.literal(true) });
