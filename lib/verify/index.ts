import "server-only";
import { getCreditLedger, getKeyStore, recordManagementKeyUse, recordUsage, recordVerification } from "@/lib/data";
import { acceptedKeyPrefixes, env } from "@/lib/env";
import { toAppError } from "@/lib/http/problem";
import { RedisBudget, failedVerificationLimiter, identityLimiter, keyLimiter, rateLimitedError } from "@/lib/limits";
import { newRequestId } from "@/lib/http/request-id";
import type { Environment } from "@/lib/schemas/keys/domain";
import { KeyService, type VerifyFailureReason, type VerifiedKey } from "./service";

// The process's key service, given the real store (the revocation-aware cache over the
// database), the real limiters (memory or Redis), the real credit ledger (exact charges in the
// database), the real recorder (daily counts and the
// verification log) and the real clock.

export {
  INVALID_MANAGEMENT_KEY_DETAIL,
  INVALID_TOKEN_CHALLENGE,
  KeyService,
  MANAGEMENT_KEY_ON_VERIFY_DETAIL,
  type ManagementVerdict,
  type VerifiedManagementKey,
  UNKNOWN_CLIENT,
  VERIFY_FAILURE_REASONS,
  type Verdict,
  type VerifiedKey,
  type VerifyFailureReason,
  type VerifyQuestion,
} from "./service";

const globalForService = globalThis as unknown as { keyportKeyService?: KeyService<RedisBudget> };

/** The key service, shared by the production server's bundle and Next's. */
export function keyService(): KeyService<RedisBudget> {
  return (globalForService.keyportKeyService ??= new KeyService<RedisBudget>({
    store: getKeyStore(),
    limits: {
      // KEYPORT_FAILED_VERIFY_LIMIT=0 switches the per-IP limit off (a firewall in front does it).
      failed: () => (env().KEYPORT_FAILED_VERIFY_LIMIT > 0 ? failedVerificationLimiter() : null),
      key: keyLimiter,
      identity: identityLimiter,
      budget: () => new RedisBudget(),
      refusal: rateLimitedError,
    },
    credits: getCreditLedger(),
    recorder: { usage: recordUsage, verification: recordVerification, managementKeyUsed: recordManagementKeyUse },
    clock: () => Date.now(),
    prefixes: acceptedKeyPrefixes(),
    describe: toAppError,
  }));
}

export type VerifyOutcome =
  | { valid: true; key: VerifiedKey }
  | { valid: false; reason: VerifyFailureReason | "rate_limited" | "unavailable"; keyId: string | null; detail: string };

/**
 * Verifies a key with no HTTP request around it (the data layer's integration tests): the same
 * decision and the same recording as the verify route, from an unknown address.
 */
export async function verifyApiKey(
  key: string,
  options: { appId?: string; environment?: Environment; scopes?: string[]; cost?: number; clientIp?: string | null } = {},
): Promise<VerifyOutcome> {
  const verdict = await keyService().verify({
    requestId: newRequestId(),
    clientIp: options.clientIp ?? null,
    userAgent: null,
    question: { key, appId: options.appId, environment: options.environment, scopes: options.scopes, cost: options.cost },
  });
  if (verdict.ok) return { valid: true, key: verdict.key };
  const reason = verdict.reason ?? (verdict.error.code === "rate_limited" ? "rate_limited" : "unavailable");
  return { valid: false, reason, keyId: verdict.keyId, detail: verdict.error.detail };
}
