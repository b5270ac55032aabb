// The self-serve portal: its workspace settings, portal sessions (opened by the product's
// backend for one of its customers), and the portal API that the hosted pages and the embedded
// component call with a session, for that customer's own keys only.
import { z } from "zod";
import {
  createPortalKeyBodySchema,
  createPortalSessionBodySchema,
  createdPortalKeyDtoSchema,
  endPortalSessionDtoSchema,
  portalKeyDtoSchema,
  portalSessionDtoSchema,
  portalSettingsBodySchema,
  portalSettingsDtoSchema,
  revokedPortalKeyDtoSchema,
  rollPortalKeyBodySchema,
} from "@/lib/schemas/portal";
import { usagePointSchema, usageQuerySchema } from "@/lib/schemas/usage";
import { defineOperations, uuidPathParam } from "../operation";

const portalSessionIdParam = uuidPathParam("Portal session UUID");
const portalKeyIdParam = uuidPathParam("API key UUID");
const PORTAL_KEY_NOT_FOUND = { description: "`not_found`: the session's identity has no such key in the session's project." };

export const portalSettingsOperations = defineOperations({
  getPortalSettings: {
    method: "GET",
    path: "/api/v1/workspace/portal",
    tags: ["Portal"],
    summary: "The workspace's portal settings",
    description: "The origins whose pages may call the portal API from a browser (`portal_origins`), and the hosted portal's logo and accent colour.",
    role: "member",
    permission: "portal:read",
    responses: { 200: { description: "The settings.", body: portalSettingsDtoSchema } },
  },
  setPortalSettings: {
    method: "PUT",
    path: "/api/v1/workspace/portal",
    tags: ["Portal"],
    summary: "Replace the workspace's portal settings (admin)",
    description:
      "Every field: `portal_origins` (each a scheme, host and optional port, e.g. `https://app.example.com`; at most 20), `logo_url` (https only, or null) and `accent_color` (`#rrggbb`, or null). Audited.",
    role: "admin",
    permission: "portal:write",
    body: portalSettingsBodySchema,
    responses: { 200: { description: "The saved settings.", body: portalSettingsDtoSchema } },
  },
});

export const portalSessionOperations = defineOperations({
  createPortalSession: {
    method: "POST",
    path: "/api/v1/portal/sessions",
    tags: ["Portal"],
    summary: "Open a portal session for one identity (admin)",
    description:
      "For the identity (`identity_id` or `external_id`) in one project, with `permissions` (a subset of `keys:read`, `keys:create`, `keys:roll`, `keys:revoke`, `usage:read`), `environments` (default both), `scopes` new keys may be given (each in the workspace's catalogue), an optional `return_url`, and `expires_in` seconds (default 3600, at most 86400). " +
      "The answer holds `url`, a link whose code works once within 15 minutes (it opens the hosted portal), and `token` (`kpp_…`), for the embedded component; both are shown once. Audited.",
    role: "admin",
    permission: "portal:write",
    body: createPortalSessionBodySchema,
    idempotent: true,
    responses: { 201: { description: "The session, with its link and token.", body: portalSessionDtoSchema } },
    errors: { 404: { description: "`not_found`: no such identity or project in this workspace." } },
  },
  endPortalSession: {
    method: "DELETE",
    path: "/api/v1/portal/sessions/{id}",
    tags: ["Portal"],
    summary: "End a portal session at once (admin, idempotent)",
    description: "Its token, its cookie and its unused link stop working on the next request, on every instance. Audited once.",
    role: "admin",
    permission: "portal:write",
    params: { id: portalSessionIdParam },
    responses: { 200: { description: "Ended (or already ended).", body: endPortalSessionDtoSchema } },
    errors: { 404: { description: "`not_found`: no portal session with this id in this workspace." } },
  },
});

export const portalKeyOperations = defineOperations({
  listPortalKeys: {
    method: "GET",
    path: "/api/v1/portal/keys",
    tags: ["Portal"],
    summary: "The session identity's keys",
    description: "Only the identity's keys in the session's project and environments, newest first; revoked ones too.",
    role: "portal",
    portalPermission: "keys:read",
    responses: { 200: { description: "The keys.", body: z.array(portalKeyDtoSchema) } },
  },
  createPortalKey: {
    method: "POST",
    path: "/api/v1/portal/keys",
    tags: ["Portal"],
    summary: "Create a key for the session's identity",
    description:
      "`name`, `environment` (one the session allows; its first by default), `scopes` (only those the session allows) and `expires_at`. The workspace's policies apply. The only answer that holds the key: it is never shown again.",
    role: "portal",
    portalPermission: "keys:create",
    body: createPortalKeyBodySchema,
    responses: { 201: { description: "The new key, with `key`.", body: createdPortalKeyDtoSchema } },
    errors: { 409: { description: "`conflict`: the workspace's `single_active_key` policy refused, naming the policy." } },
  },
  rollPortalKey: {
    method: "POST",
    path: "/api/v1/portal/keys/{keyId}/roll",
    tags: ["Portal"],
    summary: "Roll one of the identity's keys; the answer holds the new key, once",
    description: "The old key keeps working for `grace_period` (`none`, `1h`, `24h`, `7d`).",
    role: "portal",
    portalPermission: "keys:roll",
    params: { keyId: portalKeyIdParam },
    body: rollPortalKeyBodySchema,
    responses: { 201: { description: "The new key, with `key`.", body: createdPortalKeyDtoSchema } },
    errors: { 404: PORTAL_KEY_NOT_FOUND, 409: { description: "`conflict`: the key is revoked or expired, or was already rolled." } },
  },
  revokePortalKey: {
    method: "DELETE",
    path: "/api/v1/portal/keys/{keyId}",
    tags: ["Portal"],
    summary: "Revoke one of the identity's keys (idempotent)",
    description: "The key stops verifying at once on every instance (within the 5 s staleness bound).",
    role: "portal",
    portalPermission: "keys:revoke",
    params: { keyId: portalKeyIdParam },
    responses: { 200: { description: "Revoked (or already revoked).", body: revokedPortalKeyDtoSchema } },
    errors: { 404: PORTAL_KEY_NOT_FOUND },
  },
  getPortalKeyUsage: {
    method: "GET",
    path: "/api/v1/portal/keys/{keyId}/usage",
    tags: ["Portal"],
    summary: "One of the identity's keys: its verifications over time",
    description: "Valid and invalid verifications per `hour` or `day`, as the workspace's usage API answers them.",
    role: "portal",
    portalPermission: "usage:read",
    params: { keyId: portalKeyIdParam },
    query: usageQuerySchema,
    responses: { 200: { description: "The series, oldest first.", body: z.array(usagePointSchema) } },
    errors: { 404: PORTAL_KEY_NOT_FOUND },
  },
});
