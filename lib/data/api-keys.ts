import "server-only";
import { randomInt } from "node:crypto";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { generateKey, type KeyEnvironment } from "@/lib/keys/token";
import { createApiKeyInputSchema, type CreateApiKeyInput, type KeyRateLimit } from "@/lib/schemas/api-keys";
import { isUuid } from "@/lib/schemas/ids";
import { recordAuditEvent } from "./audit";
import { inTransaction, prisma, type Tx } from "./client";
import { REVOCATION_CHANNEL, announceRevocation } from "./events";
import { OMIT_HASH, type ApiKeyRecord } from "./records";
import type { Actor, RequestContext } from "./types";

/** A project of `workspaceId`, or a 404 (also for another workspace's project: no leak). */
export async function getProjectOrThrow(workspaceId: string, projectId: string, db: Tx = prisma) {
  const project = isUuid(projectId)
    ? await db.project.findFirst({ where: { id: projectId, workspaceId } })
    : null;
  if (!project) throw new AppError("not_found", "No project with that id exists in this workspace.");
  return project;
}

/**
 * A key of `workspaceId`, or a 404. With `projectId`, the key must belong to that project or
 * cover every project of the workspace.
 */
export async function getApiKeyOrThrow(
  workspaceId: string,
  keyId: string,
  options: { projectId?: string } = {},
  db: Tx = prisma,
): Promise<ApiKeyRecord> {
  const key = isUuid(keyId)
    ? await db.apiKey.findFirst({
        where: {
          id: keyId,
          workspaceId,
          ...(options.projectId ? { OR: [{ projectId: options.projectId }, { projectId: null }] } : {}),
        },
        omit: OMIT_HASH,
      })
    : null;
  if (!key) throw new AppError("not_found", "No API key with that id exists in this project.");
  return key;
}

async function enforceKeyPolicy(
  tx: Tx,
  workspaceId: string,
  input: { expiresAt?: Date | undefined },
): Promise<void> {
  const workspace = await tx.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
  if (workspace.maxKeyLifetimeDays !== null) {
    const latest = Date.now() + workspace.maxKeyLifetimeDays * 86_400_000;
    if (!input.expiresAt || input.expiresAt.getTime() > latest) {
      throw new AppError("validation_failed", "This workspace's policy limits how long keys may live.", {
        errors: [
          {
            location: "expiresAt",
            message: `Keys in this workspace must expire within ${workspace.maxKeyLifetimeDays} days.`,
            value: input.expiresAt?.toISOString() ?? null,
          },
        ],
      });
    }
  }
  if (workspace.maxActiveKeys !== null) {
    const active = await tx.apiKey.count({
      where: { workspaceId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    });
    if (active >= workspace.maxActiveKeys) {
      throw new AppError(
        "conflict",
        `This workspace allows ${workspace.maxActiveKeys} active key(s). Revoke one before creating another.`,
      );
    }
  }
}

/** Inserts a key in `tx`. Returns the plaintext once, with the stored record. */
export async function insertApiKey(
  tx: Tx,
  data: {
    workspaceId: string;
    projectId: string | null;
    name: string;
    description?: string | undefined;
    environment: KeyEnvironment;
    scopes: string[];
    expiresAt?: Date | undefined;
    isAdminManaged?: boolean;
    rateLimit?: KeyRateLimit | null;
    allowedIps?: string[];
    actor: Actor;
    context: RequestContext;
  },
): Promise<{ key: string; apiKey: ApiKeyRecord }> {
  const { key, hash, start } = generateKey({ prefix: env().KEYPORT_KEY_PREFIX, environment: data.environment });
  const apiKey = await tx.apiKey.create({
    data: {
      workspaceId: data.workspaceId,
      projectId: data.projectId,
      name: data.name,
      description: data.description ?? null,
      environment: data.environment,
      start,
      hash,
      scopes: data.scopes,
      expiresAt: data.expiresAt ?? null,
      createdById: data.actor.userId,
      createdByName: data.actor.userName,
      isAdminManaged: data.isAdminManaged ?? false,
      rateLimit: data.rateLimit?.limit ?? null,
      rateLimitWindowS: data.rateLimit?.windowS ?? null,
      allowedIps: data.allowedIps ?? [],
    },
    omit: OMIT_HASH,
  });
  await recordAuditEvent(tx, {
    workspaceId: data.workspaceId,
    actor: data.actor,
    action: "api_key.created",
    context: data.context,
    targetKeyId: apiKey.id,
    projectId: data.projectId,
    metadata: {
      name: apiKey.name,
      environment: apiKey.environment,
      allProjects: data.projectId === null,
      start: apiKey.start,
      ...(data.rateLimit ? { rateLimit: data.rateLimit.limit, rateLimitWindowS: data.rateLimit.windowS } : {}),
      ...(data.allowedIps?.length ? { allowedIps: data.allowedIps.join(", ") } : {}),
    },
  });
  return { key, apiKey };
}

/**
 * Creates a key in a project (or, with `allProjects`, for the whole workspace). With `tx` (as
 * withIdempotency passes it), the key commits with that transaction.
 */
export async function createApiKey(
  workspaceId: string,
  actor: Actor,
  projectId: string,
  input: CreateApiKeyInput,
  context: RequestContext = {},
  tx?: Tx,
): Promise<{ key: string; apiKey: ApiKeyRecord }> {
  const values = createApiKeyInputSchema.parse(input);
  return inTransaction(tx, async (tx) => {
    await getProjectOrThrow(workspaceId, projectId, tx);
    await enforceKeyPolicy(tx, workspaceId, values);
    return insertApiKey(tx, {
      workspaceId,
      projectId: values.allProjects ? null : projectId,
      name: values.name,
      description: values.description,
      environment: values.environment,
      scopes: values.scopes,
      expiresAt: values.expiresAt,
      rateLimit: values.rateLimit,
      allowedIps: values.allowedIps,
      actor,
      context,
    });
  });
}

/**
 * Revokes a key: a soft delete (`revokedAt`, `revokedById`). Revoking a revoked key changes
 * nothing and succeeds. A project's default key cannot be revoked (409).
 */
export async function revokeApiKey(
  workspaceId: string,
  actor: Actor,
  keyId: string,
  options: { projectId?: string } = {},
  context: RequestContext = {},
): Promise<ApiKeyRecord> {
  const { record, hash } = await prisma.$transaction(async (tx) => {
    const key = await getApiKeyOrThrow(workspaceId, keyId, options, tx);
    if (key.isAdminManaged) {
      throw new AppError(
        "conflict",
        "This is the project's default key, which the platform manages: it cannot be revoked. Create a new key for your traffic instead.",
      );
    }
    if (key.revokedAt) return { record: key, hash: null };
    // Only the request whose update finds the key still active revokes it: a concurrent revoke
    // waits for this row, then matches nothing, so there is one audit event and one notice.
    const [revoked] = await tx.apiKey.updateManyAndReturn({
      where: { id: key.id, revokedAt: null },
      data: { revokedAt: new Date(), revokedById: actor.userId },
    });
    if (!revoked) return { record: await getApiKeyOrThrow(workspaceId, keyId, options, tx), hash: null };
    await recordAuditEvent(tx, {
      workspaceId,
      actor,
      action: "api_key.revoked",
      context,
      targetKeyId: key.id,
      projectId: key.projectId,
      metadata: { name: key.name, start: key.start },
    });
    // Delivered to every listening instance when this transaction commits.
    await tx.$executeRaw`SELECT pg_notify(${REVOCATION_CHANNEL}, ${revoked.hash})`;
    const { hash: revokedHash, ...record } = revoked;
    return { record, hash: revokedHash };
  });
  if (hash) announceRevocation(hash);
  return record;
}

/** Random digits for a default key's name: `{projectId}_default_{suffix}`. */
export function defaultKeySuffix(): string {
  return String(randomInt(100_000, 1_000_000));
}
