import "server-only";
import { verifyToken } from "@clerk/backend";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { looksLikeJwt, looksLikeKey } from "@/lib/keys/token";
import { identityFromClaims, type SessionIdentity } from "./claims";
import { localKeyPair } from "./local-keys";
import { authMode } from "./mode";

// Session tokens are verified by one function in both modes: Clerk's `verifyToken`, with
// Clerk's JWT public key (CLERK_JWT_KEY) in Clerk mode and the local key pair in local mode.

async function verificationKey(): Promise<{ jwtKey?: string; secretKey?: string }> {
  if (authMode() === "clerk") {
    const { CLERK_JWT_KEY, CLERK_SECRET_KEY } = env();
    return CLERK_JWT_KEY ? { jwtKey: CLERK_JWT_KEY } : { secretKey: CLERK_SECRET_KEY };
  }
  return { jwtKey: (await localKeyPair()).publicKey };
}

/** Verifies a dashboard session token; throws a 401 AppError with a useful detail. */
export async function verifySessionToken(token: string): Promise<SessionIdentity> {
  if (!looksLikeJwt(token)) {
    const isSdkKey = looksLikeKey(token);
    throw new AppError(
      "unauthorized",
      isSdkKey
        ? "This endpoint needs a dashboard session token or a management key (Authorization: Bearer <session JWT or kpm_…>), not an SDK key. SDK keys are for POST /api/v1/keys/verify; create a management key under Settings → Management keys."
        : "The bearer token is not a valid session token.",
    );
  }
  let claims: Record<string, unknown>;
  try {
    // Checks the signature (RS256 only: `none` and HMAC are refused), exp, nbf and iat.
    claims = (await verifyToken(token, await verificationKey())) as unknown as Record<string, unknown>;
  } catch {
    throw new AppError("unauthorized", "The session token is invalid or expired. Sign in again.");
  }
  const identity = identityFromClaims(claims);
  if (!identity) throw new AppError("unauthorized", "The session token has no usable subject.");
  return identity;
}
