import "server-only";
import type { ApiKey } from "@/lib/generated/prisma/client";
import { EXPIRING_SOON_DAYS, type KeyRateLimit } from "@/lib/schemas/keys/domain";
import { apiKeyRowSchema, type ApiKeyRow } from "@/lib/schemas/keys/forms";
import { apiKeyDtoSchema, createdApiKeyDtoSchema, type ApiKeyDto, type CreatedApiKeyDto } from "@/lib/schemas/keys/rest";
import { keyStatus } from "./active-keys";
import { toCreditsDto } from "./credits";

/** A key as the data layer hands it out: every column but the hash. */
export type ApiKeyRecord = Omit<ApiKey, "hash">;

/** Prisma `omit` that keeps the hash inside lib/keys. */
export const OMIT_HASH = { hash: true } as const;

/** A date as the API writes it, or null. */
export const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function rateLimitOf(key: Pick<ApiKeyRecord, "rateLimit" | "rateLimitWindowS">): KeyRateLimit | null {
  return key.rateLimit !== null && key.rateLimitWindowS !== null ? { limit: key.rateLimit, windowS: key.rateLimitWindowS } : null;
}

/** A leak report no admin has acknowledged since it came in. */
export function unacknowledgedLeak(key: Pick<ApiKeyRecord, "leakedAt" | "leakUrl" | "leakAcknowledgedAt">) {
  if (!key.leakedAt) return null;
  if (key.leakAcknowledgedAt && key.leakAcknowledgedAt.getTime() >= key.leakedAt.getTime()) return null;
  return { reportedAt: key.leakedAt.toISOString(), url: key.leakUrl };
}

/**
 * Whether a sealed copy of the key is kept and may be revealed as far as the key goes: revoked
 * and expired keys never can (their copy is deleted, or is about to be by the expiry sweep).
 */
export function isRecoverable(key: Pick<ApiKeyRecord, "sealedKey" | "revokedAt" | "expiresAt" | "deactivatedAt">): boolean {
  const status = keyStatus(key);
  return key.sealedKey !== null && (status === "active" || status === "deactivated");
}

/** The REST API's view of a key, parsed so nothing else can slip out. */
export function toApiKeyDto(key: ApiKeyRecord): ApiKeyDto {
  const rateLimit = rateLimitOf(key);
  return apiKeyDtoSchema.parse({
    key_id: key.id,
    name: key.name,
    key_prefix: key.start,
    project_id: key.projectId,
    tenant_id: key.workspaceId,
    scopes: key.scopes,
    is_active: keyStatus(key) === "active",
    status: keyStatus(key),
    is_admin_managed: key.isAdminManaged,
    created_at: key.createdAt.toISOString(),
    created_by: key.createdById,
    expires_at: iso(key.expiresAt),
    last_used_at: iso(key.lastUsedAt),
    environment: key.environment,
    description: key.description,
    revoked_at: iso(key.revokedAt),
    deactivated_at: iso(key.deactivatedAt),
    recoverable: isRecoverable(key),
    rate_limit: rateLimit ? { limit: rateLimit.limit, window_s: rateLimit.windowS } : null,
    allowed_ips: key.allowedIps,
    leaked_at: iso(key.leakedAt),
    rolled_from: key.rolledFromId,
    rolled_to: key.rolledToId,
    identity_id: key.identityId,
    credits: toCreditsDto(key),
  });
}

export function toCreatedApiKeyDto(key: ApiKeyRecord, plaintext: string): CreatedApiKeyDto {
  return createdApiKeyDtoSchema.parse({ ...toApiKeyDto(key), key: plaintext });
}

/** The dashboard table's view of a key. */
export function toApiKeyRow(key: ApiKeyRecord): ApiKeyRow {
  return apiKeyRowSchema.parse({
    id: key.id,
    name: key.name,
    description: key.description,
    start: key.start,
    environment: key.environment,
    status: keyStatus(key),
    projectId: key.projectId,
    scopes: key.scopes,
    lastUsedAt: iso(key.lastUsedAt),
    createdAt: key.createdAt.toISOString(),
    createdByName: key.createdByName,
    expiresAt: iso(key.expiresAt),
    revokedAt: iso(key.revokedAt),
    deactivatedAt: iso(key.deactivatedAt),
    isDefault: key.isAdminManaged,
    recoverable: isRecoverable(key),
    end: isRecoverable(key) ? key.end : null,
    rateLimit: rateLimitOf(key),
    allowedIps: key.allowedIps,
    leak: unacknowledgedLeak(key),
    rolledToId: key.rolledToId,
    rolledAt: iso(key.rolledAt),
    identityId: key.identityId,
    credits: toCreditsDto(key),
    expiresSoon:
      keyStatus(key) === "active" && key.expiresAt !== null && key.expiresAt.getTime() - Date.now() < EXPIRING_SOON_DAYS * 86_400_000,
  });
}
