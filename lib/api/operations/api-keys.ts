// A project's API keys: list, create, edit, deactivate and reactivate, reveal, revoke, roll,
// and their usage.
import { z } from "zod";
import {
  apiKeyDtoSchema,
  bulkRevokeBodySchema,
  bulkRevokeResultDtoSchema,
  createApiKeyBodySchema,
  createdApiKeyDtoSchema,
  listApiKeysQuerySchema,
  revealedApiKeyDtoSchema,
  revokeApiKeyDtoSchema,
  rollApiKeyBodySchema,
  updateApiKeyBodySchema,
} from "@/lib/schemas/keys/rest";
import { usagePointSchema, usageQuerySchema } from "@/lib/schemas/usage";
import { PROJECT_OR_KEY_NOT_FOUND } from "../errors";
import { defineOperations } from "../operation";
import { keyIdParam, projectIdParam } from "./params";

export const apiKeyOperations = defineOperations({
  listApiKeys: {
    method: "GET",
    path: "/api/v1/projects/{projectId}/keys",
    tags: ["API keys"],
    summary: "List API keys for a project",
    description:
      "Includes keys that cover every project of the workspace (`project_id: null`). Filtered, searched and sorted on the server; pages with `Link: <…>; rel=\"next\"` (keyset cursors).",
    role: "member",
    permission: "keys:read",
    params: { projectId: projectIdParam },
    query: listApiKeysQuerySchema,
    responses: { 200: { description: "The keys.", body: z.array(apiKeyDtoSchema), headers: ["Link", "x-total-count"] } },
    errors: { 404: PROJECT_OR_KEY_NOT_FOUND },
  },
  createApiKey: {
    method: "POST",
    path: "/api/v1/projects/{projectId}/keys",
    tags: ["API keys"],
    summary: "Create an API key (admin)",
    description: "The only response that ever holds the key itself: store it now, it is never shown again.",
    role: "admin",
    permission: "keys:write",
    params: { projectId: projectIdParam },
    body: createApiKeyBodySchema,
    idempotent: true,
    responses: { 201: { description: "The new key, with `key`.", body: createdApiKeyDtoSchema } },
    errors: {
      404: PROJECT_OR_KEY_NOT_FOUND,
      409: {
        description:
          "`idempotency_in_flight` (with `Retry-After`), or `conflict`: the workspace's `single_active_key` policy (or its cap on active keys) refused, naming the policy.",
        headers: ["Retry-After"],
      },
    },
  },
  updateApiKey: {
    method: "PATCH",
    path: "/api/v1/projects/{projectId}/keys/{keyId}",
    tags: ["API keys"],
    summary: "Edit a key (admin)",
    description:
      "Changes `name`, `description`, `scopes`, `rate_limit`, `allowed_ips`, `identity_id` and `credits`, and moves `expires_at` earlier (never later, never past the workspace's maximum lifetime). `credits` replaces the refill and `low_threshold`; with `remaining` it also sets the balance (written to the key's ledger as a `set`), and without it the balance is kept as it is when the change is written (leaving `remaining` out of an unlimited balance's credits is a 422). Every instance sees the change on its next verification.",
    role: "admin",
    permission: "keys:write",
    params: { projectId: projectIdParam, keyId: keyIdParam },
    body: updateApiKeyBodySchema,
    responses: { 200: { description: "The key as it now is.", body: apiKeyDtoSchema } },
    errors: {
      404: PROJECT_OR_KEY_NOT_FOUND,
      409: { description: "`conflict`: the key is revoked or expired." },
      422: { description: "`validation_failed`: invalid path, query or body; `errors[]` locates every issue. Among them: `credits` without `remaining` while the key's balance is unlimited." },
    },
  },
  revokeApiKey: {
    method: "DELETE",
    path: "/api/v1/projects/{projectId}/keys/{keyId}",
    tags: ["API keys"],
    summary: "Revoke an API key (admin, idempotent)",
    description:
      "A soft delete: the key stops verifying at once on every instance (within the 5 s staleness bound). Revoking a revoked key succeeds again.",
    role: "admin",
    permission: "keys:write",
    params: { projectId: projectIdParam, keyId: keyIdParam },
    responses: { 200: { description: "Revoked (or already revoked).", body: revokeApiKeyDtoSchema } },
    errors: { 404: PROJECT_OR_KEY_NOT_FOUND, 409: { description: "The project's default key cannot be revoked." } },
  },
  deactivateApiKey: {
    method: "POST",
    path: "/api/v1/projects/{projectId}/keys/{keyId}/deactivate",
    tags: ["API keys"],
    summary: "Deactivate a key (admin)",
    description:
      "The key is refused (the same `401 invalid_api_key` as a revoked key) at once on the instance that answered, and on every instance within the 5 s staleness bound, until it is reactivated. Deactivating a deactivated key succeeds again. Audited (`api_key.deactivated`); webhook `key.deactivated`.",
    role: "admin",
    permission: "keys:write",
    params: { projectId: projectIdParam, keyId: keyIdParam },
    responses: { 200: { description: "The key as it now is (`status: \"deactivated\"`).", body: apiKeyDtoSchema } },
    errors: { 404: PROJECT_OR_KEY_NOT_FOUND, 409: { description: "`conflict`: the project's default key, or a revoked or expired key, cannot be deactivated." } },
  },
  reactivateApiKey: {
    method: "POST",
    path: "/api/v1/projects/{projectId}/keys/{keyId}/reactivate",
    tags: ["API keys"],
    summary: "Reactivate a deactivated key (admin)",
    description:
      "The key verifies again, with everything it had. Reactivating counts as activating: the workspace's `single_active_key` policy (and its cap on active keys) applies. Reactivating an active key succeeds again. Audited (`api_key.reactivated`); webhook `key.reactivated`.",
    role: "admin",
    permission: "keys:write",
    params: { projectId: projectIdParam, keyId: keyIdParam },
    responses: { 200: { description: "The key as it now is.", body: apiKeyDtoSchema } },
    errors: {
      404: PROJECT_OR_KEY_NOT_FOUND,
      409: { description: "`conflict`: the key is revoked (revocation is final) or expired, or the `single_active_key` policy refused, naming the key that is active." },
    },
  },
  revealApiKey: {
    method: "POST",
    path: "/api/v1/projects/{projectId}/keys/{keyId}/reveal",
    tags: ["API keys"],
    summary: "Reveal a recoverable key (admin, keys:reveal)",
    description:
      "The key itself, for a key created while the workspace's `recoverable_keys` policy was on. Needs its own permission, `keys:reveal` (`keys:write` does not include it). Every reveal is audited (`api_key.revealed`: who, when, the request id and IP). The answer carries `Cache-Control: no-store`.",
    role: "admin",
    permission: "keys:reveal",
    params: { projectId: projectIdParam, keyId: keyIdParam },
    responses: { 200: { description: "The key, with `key`.", body: revealedApiKeyDtoSchema } },
    errors: {
      404: PROJECT_OR_KEY_NOT_FOUND,
      409: {
        description:
          "`conflict`, with why: the key was created while recoverable keys were off (never revealable), it is revoked or expired (its sealed copy is deleted), or the policy is off now (until it is turned on again).",
      },
    },
  },
  bulkRevokeApiKeys: {
    method: "POST",
    path: "/api/v1/projects/{projectId}/keys/bulk-revoke",
    tags: ["API keys"],
    summary: "Revoke up to 1,000 keys (admin)",
    description:
      "Each key is revoked on its own, with its own audit event; one refusal never holds up the rest. Each result is `revoked`, `already_revoked`, `not_found` (including ids that are not UUIDs, and keys of another project) or `refused` (a project's default key), with a detail.",
    role: "admin",
    permission: "keys:write",
    params: { projectId: projectIdParam },
    body: bulkRevokeBodySchema,
    responses: { 200: { description: "What happened to each key.", body: bulkRevokeResultDtoSchema } },
    errors: { 404: PROJECT_OR_KEY_NOT_FOUND },
  },
  rollApiKey: {
    method: "POST",
    path: "/api/v1/projects/{projectId}/keys/{keyId}/roll",
    tags: ["API keys"],
    summary: "Roll a key (admin); the response holds the new key, once",
    description:
      "A new key with everything of the old one (name, description, environment, projects, scopes, rate limit, allowlist; its expiry, never later), linked both ways (`rolled_from`, `rolled_to`). The old key keeps working for `grace_period` and stops at that instant on every instance; `none` stops it at once, as a revoke does. A default key's replacement stays the project's default key.",
    role: "admin",
    permission: "keys:write",
    params: { projectId: projectIdParam, keyId: keyIdParam },
    body: rollApiKeyBodySchema,
    idempotent: true,
    responses: { 201: { description: "The new key, with `key`.", body: createdApiKeyDtoSchema } },
    errors: {
      404: PROJECT_OR_KEY_NOT_FOUND,
      409: {
        description: "`conflict`: the key is revoked or expired, or was already rolled (the detail names its successor); or `idempotency_in_flight`.",
        headers: ["Retry-After"],
      },
    },
  },
  getApiKeyUsage: {
    method: "GET",
    path: "/api/v1/projects/{projectId}/keys/{keyId}/usage",
    tags: ["API keys"],
    summary: "A key's verifications over time",
    description:
      "Valid and invalid verifications per `hour` (from the verification log: the last 30 days at most, and only while `KEYPORT_RECORD_VERIFICATIONS` is on) or per `day` (the daily counts, a year at most), one point per bucket from `since` (default: the last 24 hours, or the last 30 days) to now, zeros included. Counts are written every `KEYPORT_USAGE_FLUSH_MS` (1 s), by the process that answered the verification.",
    role: "member",
    permission: "usage:read",
    params: { projectId: projectIdParam, keyId: keyIdParam },
    query: usageQuerySchema,
    queryDocs: {
      granularity: { description: "`hour` or `day`. Defaults to `day`." },
      since: { description: "RFC 3339 date-time; rounded down to its bucket." },
    },
    responses: { 200: { description: "The series, oldest first.", body: z.array(usagePointSchema) } },
    errors: { 404: PROJECT_OR_KEY_NOT_FOUND },
  },
});
