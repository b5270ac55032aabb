// The self-serve portal: what a portal session may do, opening one, the keys it shows, and the
// workspace's portal settings. Client-safe: the hosted pages, the component and the API share it.
import { z } from "zod";
import { storableText } from "./text";
import { storableDate } from "./dates";
import { GRACE_PERIODS, environmentSchema, futureDate, isoDate, keyNameSchema, scopesSchema } from "./keys/domain";

/** What a portal session may be allowed to do with its identity's keys. */
export const PORTAL_PERMISSIONS = ["keys:read", "keys:create", "keys:roll", "keys:revoke", "usage:read"] as const;
export type PortalPermission = (typeof PORTAL_PERMISSIONS)[number];

/** How long a portal session lasts when not said, and at most (seconds). */
export const PORTAL_SESSION_DEFAULT_S = 3600;
export const PORTAL_SESSION_MAX_S = 86_400;
/** How long a portal link's code works, once. */
export const PORTAL_CODE_TTL_MS = 15 * 60_000;
/** The hosted portal's cookie: httpOnly, SameSite=Lax, for `/portal` only. */
export const PORTAL_COOKIE = "keyport_portal";

const httpUrl = (what: string) =>
  storableText(z.string().max(2048, `${what} is at most 2048 characters.`)).pipe(
    z.url({ protocol: /^https?$/, error: `${what} must be an http(s) URL.` }),
  );

/** POST /api/v1/portal/sessions */
export const createPortalSessionBodySchema = z
  .strictObject({
    identity_id: z.uuid({ error: "identity_id must be an identity's id (UUID)." }).optional(),
    external_id: storableText(z.string().min(1, "external_id must not be empty.").max(255, "external_id is at most 255 characters.")).optional(),
    project_id: z.uuid({ error: "project_id must be a project id (UUID)." }),
    permissions: z
      .array(z.enum(PORTAL_PERMISSIONS, { error: `Each permission is one of ${PORTAL_PERMISSIONS.join(", ")}.` }))
      .min(1, "Give the session at least one permission.")
      .transform((permissions) => PORTAL_PERMISSIONS.filter((p) => permissions.includes(p))),
    environments: z
      .array(environmentSchema)
      .min(1, "List at least one environment, or leave environments out for both.")
      .transform((environments) => [...new Set(environments)])
      .optional(),
    scopes: scopesSchema.optional(),
    return_url: httpUrl("return_url").optional(),
    expires_in: z
      .number({ error: "expires_in is a number of seconds." })
      .int("expires_in is a whole number of seconds.")
      .min(60, "expires_in is at least 60 seconds.")
      .max(PORTAL_SESSION_MAX_S, "expires_in is at most 86400 seconds (24 hours).")
      .default(PORTAL_SESSION_DEFAULT_S),
  })
  .refine((body) => (body.identity_id === undefined) !== (body.external_id === undefined), {
    message: "Give either identity_id or external_id (one of them).",
    path: ["identity_id"],
  })
  .meta({
    examples: [
      {
        external_id: "contoso",
        project_id: "3f0e2a3c-1b2c-4d5e-8f90-0a1b2c3d4e5f",
        permissions: ["keys:read", "keys:create", "keys:roll", "keys:revoke", "usage:read"],
        return_url: "https://app.example.com/settings",
        expires_in: 3600,
      },
    ],
  })
  .transform((body) => ({
    identity: body.identity_id !== undefined ? { id: body.identity_id } : { externalId: body.external_id! },
    projectId: body.project_id,
    permissions: body.permissions,
    environments: body.environments ?? environmentSchema.options,
    scopes: body.scopes ?? [],
    returnUrl: body.return_url ?? null,
    expiresInS: body.expires_in,
  }));
export type CreatePortalSessionInput = z.output<typeof createPortalSessionBodySchema>;

export const portalSessionDtoSchema = z.strictObject({
  id: z.uuid(),
  /** The link to hand the customer: its code works once, within 15 minutes. */
  url: z.string(),
  /** The session's token (`kpp_…`), for the component's `Authorization: Bearer`. Shown once. */
  token: z.string(),
  expires_at: isoDate,
});
export type PortalSessionDto = z.infer<typeof portalSessionDtoSchema>;

export const endPortalSessionDtoSchema = z.strictObject({ success: z.literal(true) });

/** DELETE /api/v1/portal/keys/{keyId} */
export const revokedPortalKeyDtoSchema = z.strictObject({ success: z.literal(true) });

/** A key as the portal shows it: its own facts, nothing of the workspace around it. */
export const portalKeyDtoSchema = z.strictObject({
  key_id: z.uuid(),
  name: z.string(),
  key_prefix: z.string(),
  environment: environmentSchema,
  scopes: z.array(z.string()),
  is_active: z.boolean(),
  created_at: isoDate,
  expires_at: isoDate.nullable(),
  last_used_at: isoDate.nullable(),
  revoked_at: isoDate.nullable(),
  rolled_from: z.uuid().nullable(),
  rolled_to: z.uuid().nullable(),
});
export type PortalKeyDto = z.infer<typeof portalKeyDtoSchema>;

/** The create and roll answers: the only places a portal key itself appears. */
export const createdPortalKeyDtoSchema = portalKeyDtoSchema.extend({ key: z.string() });
export type CreatedPortalKeyDto = z.infer<typeof createdPortalKeyDtoSchema>;

/** POST /api/v1/portal/keys */
export const createPortalKeyBodySchema = z
  .strictObject({
    name: keyNameSchema,
    environment: environmentSchema.optional(),
    scopes: scopesSchema.default([]),
    expires_at: z.iso
      .datetime({ offset: true, error: "Use an RFC 3339 date-time, e.g. 2030-01-01T00:00:00Z." })
      .pipe(z.coerce.date())
      .pipe(storableDate)
      .pipe(futureDate)
      .optional(),
  })
  .transform((body) => ({ name: body.name, environment: body.environment, scopes: body.scopes, expiresAt: body.expires_at }));
export type CreatePortalKeyInput = z.output<typeof createPortalKeyBodySchema>;

/** POST /api/v1/portal/keys/{keyId}/roll */
export const rollPortalKeyBodySchema = z.strictObject({
  grace_period: z.enum(GRACE_PERIODS, { error: "Use none, 1h, 24h or 7d: how long the old key keeps working." }),
});

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

/** The workspace's portal settings, as the API and the Settings → Portal page take them. */
export const portalSettingsBodySchema = z
  .strictObject({
    portal_origins: z
      .array(
        storableText(z.string().max(256, "An origin is at most 256 characters.")).refine((value) => {
            try {
              const url = new URL(value);
              return (url.protocol === "https:" || url.protocol === "http:") && url.origin === value;
            } catch {
              return false;
            }
          }, "An origin is a scheme, a host and an optional port, e.g. https://app.example.com (no path, no trailing slash)."),
      )
      .max(20, "List at most 20 origins.")
      .meta({ examples: [["https://app.example.com"]] })
      .transform((origins) => [...new Set(origins)]),
    logo_url: storableText(z.string().max(2048, "The logo URL is at most 2048 characters."))
      .pipe(z.url({ protocol: /^https$/, error: "The logo URL must be an https URL." }))
      .nullable()
      .meta({ examples: ["https://app.example.com/logo.svg"] }),
    accent_color: z.string().regex(HEX_COLOUR, "The accent colour is #rrggbb, e.g. #4f46e5.").nullable().meta({ examples: ["#4f46e5"] }),
  })
  .transform((body) => ({ origins: body.portal_origins, logoUrl: body.logo_url, accentColor: body.accent_color?.toLowerCase() ?? null }));
export type PortalSettingsInput = z.output<typeof portalSettingsBodySchema>;

export const portalSettingsDtoSchema = z.strictObject({
  portal_origins: z.array(z.string()),
  logo_url: z.string().nullable(),
  accent_color: z.string().nullable(),
});
export type PortalSettingsDto = z.infer<typeof portalSettingsDtoSchema>;
