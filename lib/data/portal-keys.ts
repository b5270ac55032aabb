import "server-only";
import { AppError } from "@/lib/errors";
import { portalKeyDtoSchema, createdPortalKeyDtoSchema, type CreatePortalKeyInput, type CreatedPortalKeyDto, type PortalKeyDto } from "@/lib/schemas/portal";
import type { UsageGranularity, UsagePoint } from "@/lib/schemas/usage";
import type { VerifiedPortalSession } from "@/lib/verify/service";
import { keyStatus } from "./active-keys";
import { insertApiKey, revokeApiKey, rollApiKey, type GracePeriod } from "./api-keys";
import { inTransaction, prisma, type Tx } from "./client";
import { enforceNewKeyPolicy } from "./policies";
import { OMIT_HASH, type ApiKeyRecord } from "./records";
import type { Caller } from "./types";
import { getUsageSeries } from "./usage";

// The portal's keys: what one portal session sees and changes. A session reaches only its
// identity's keys in its project and environments; anything else (another identity's key,
// another project's, another workspace's) is the same 404. The workspace's policies hold for
// every key made here, as for keys made in the dashboard.

const NOT_FOUND = "No such key among yours.";

/** The keys a session may see: its identity's, in its project, in its environments. */
function sessionKeys(session: VerifiedPortalSession) {
  return {
    workspaceId: session.workspaceId,
    projectId: session.projectId,
    identityId: session.identityId,
    environment: { in: session.environments },
  };
}

export function toPortalKeyDto(key: ApiKeyRecord): PortalKeyDto {
  return portalKeyDtoSchema.parse({
    key_id: key.id,
    name: key.name,
    key_prefix: key.start,
    environment: key.environment,
    scopes: key.scopes,
    is_active: keyStatus(key) === "active",
    created_at: key.createdAt.toISOString(),
    expires_at: key.expiresAt?.toISOString() ?? null,
    last_used_at: key.lastUsedAt?.toISOString() ?? null,
    revoked_at: key.revokedAt?.toISOString() ?? null,
    rolled_from: key.rolledFromId,
    rolled_to: key.rolledToId,
  });
}

async function getPortalKeyOrThrow(session: VerifiedPortalSession, keyId: string, db: Tx = prisma): Promise<ApiKeyRecord> {
  const key = await db.apiKey.findFirst({ where: { id: keyId, ...sessionKeys(session) }, omit: OMIT_HASH });
  if (!key) throw new AppError("not_found", NOT_FOUND);
  return key;
}

/** The session identity's keys, newest first (revoked ones too). */
export async function listPortalKeys(session: VerifiedPortalSession): Promise<PortalKeyDto[]> {
  const keys = await prisma.apiKey.findMany({
    where: sessionKeys(session),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
    omit: OMIT_HASH,
  });
  return keys.map(toPortalKeyDto);
}

/**
 * Creates a key for the session's identity: in an environment the session allows (its first
 * when none is asked for), with scopes the session allows, under the workspace's policies.
 */
export async function createPortalKey(
  caller: Caller,
  options: { session: VerifiedPortalSession; input: CreatePortalKeyInput; tx?: Tx },
): Promise<CreatedPortalKeyDto> {
  const { session, input } = options;
  const environment = input.environment ?? session.environments[0]!;
  if (!session.environments.includes(environment)) {
    throw new AppError("validation_failed", `This session makes ${session.environments.join(" and ")} keys only.`, {
      errors: [{ location: "body.environment", message: `Choose ${session.environments.join(" or ")}.`, value: environment }],
    });
  }
  const outside = input.scopes.flatMap((scope, index) =>
    session.scopes.includes(scope) ? [] : [{ location: `body.scopes.${index}`, message: `This session cannot give the scope ${scope}.`, value: scope }],
  );
  if (outside.length > 0) {
    throw new AppError(
      "validation_failed",
      session.scopes.length ? `New keys may have only these scopes: ${session.scopes.join(", ")}.` : "New keys here cannot have scopes.",
      { errors: outside },
    );
  }
  return inTransaction(options.tx, async (tx) => {
    await enforceNewKeyPolicy(tx, session.workspaceId, { environment, projectId: session.projectId, scopes: input.scopes, expiresAt: input.expiresAt });
    const { key, apiKey } = await insertApiKey(tx, caller, {
      projectId: session.projectId,
      identityId: session.identityId,
      name: input.name,
      environment,
      scopes: input.scopes,
      expiresAt: input.expiresAt,
    });
    return createdPortalKeyDtoSchema.parse({ ...toPortalKeyDto(apiKey), key });
  });
}

/** Rolls one of the identity's keys; its replacement stays the identity's. */
export async function rollPortalKey(
  caller: Caller,
  options: { session: VerifiedPortalSession; keyId: string; grace: GracePeriod },
): Promise<CreatedPortalKeyDto> {
  await getPortalKeyOrThrow(options.session, options.keyId);
  const { key, apiKey } = await rollApiKey(caller, { keyId: options.keyId, projectId: options.session.projectId, grace: options.grace });
  return createdPortalKeyDtoSchema.parse({ ...toPortalKeyDto(apiKey), key });
}

/** Revokes one of the identity's keys (idempotent). */
export async function revokePortalKey(caller: Caller, options: { session: VerifiedPortalSession; keyId: string }): Promise<void> {
  await getPortalKeyOrThrow(options.session, options.keyId);
  await revokeApiKey(caller, { keyId: options.keyId, projectId: options.session.projectId });
}

/** One of the identity's keys: its verifications over time. */
export async function getPortalKeyUsage(
  session: VerifiedPortalSession,
  options: { keyId: string; granularity: UsageGranularity; since?: Date | undefined },
): Promise<UsagePoint[]> {
  await getPortalKeyOrThrow(session, options.keyId);
  return getUsageSeries(session.workspaceId, options);
}
