import "server-only";
import { AppError } from "@/lib/errors";
import { generatePortalCode, generatePortalToken, hashKey } from "@/lib/keys/token";
import { PORTAL_CODE_TTL_MS, portalSessionDtoSchema, type CreatePortalSessionInput, type PortalSessionDto } from "@/lib/schemas/portal";
import { getProjectOrThrow } from "./api-keys";
import { getWorkspacePolicy } from "./policies";
import { recordAuditEvent } from "./audit";
import { inTransaction, prisma, type Tx } from "./client";
import type { Caller } from "./types";

// Portal sessions: opened by a product's backend for one of its customers (an identity), in one
// project, with what the customer may do. The session's token (`kpp_…`) and its link's code are
// stored as hashes only. The link's code works once: the first browser to open it in time gets
// a token of its own (the hosted portal's cookie), and every later use finds nothing.

/**
 * Opens a portal session for an identity of the caller's workspace (by its id or its external
 * id: a 404 when there is none) in one of its projects. Scopes must be in the workspace's
 * catalogue. The answer holds the link (`{publicUrl}/portal/{code}`) and the token, once.
 */
export async function createPortalSession(
  caller: Caller,
  options: { input: CreatePortalSessionInput; publicUrl: string; tx?: Tx },
): Promise<PortalSessionDto> {
  const { input } = options;
  const { workspaceId } = caller;
  const token = generatePortalToken();
  const code = generatePortalCode();
  return inTransaction(options.tx, async (tx) => {
    await getProjectOrThrow(workspaceId, input.projectId, tx);
    const identity = await tx.identity.findFirst({
      where: { workspaceId, ...("id" in input.identity ? { id: input.identity.id } : { externalId: input.identity.externalId }) },
      select: { id: true, externalId: true },
    });
    if (!identity) {
      throw new AppError("not_found", "id" in input.identity ? "No identity with that id exists in this workspace." : "No identity with that external_id exists in this workspace.");
    }
    const catalogue = new Set((await getWorkspacePolicy(workspaceId, tx)).scopes.map((scope) => scope.name));
    const unknown = input.scopes.flatMap((scope, index) =>
      catalogue.has(scope) ? [] : [{ location: `body.scopes.${index}`, message: `This workspace does not offer the scope ${scope}.`, value: scope }],
    );
    if (unknown.length > 0) throw new AppError("validation_failed", "A portal session's scopes must be in the workspace's scope catalogue.", { errors: unknown });
    const now = Date.now();
    const session = await tx.portalSession.create({
      data: {
        workspaceId,
        projectId: input.projectId,
        identityId: identity.id,
        externalId: identity.externalId,
        tokenHash: token.hash,
        codeHash: code.hash,
        codeExpiresAt: new Date(now + PORTAL_CODE_TTL_MS),
        permissions: input.permissions,
        environments: input.environments,
        scopes: input.scopes,
        returnUrl: input.returnUrl,
        expiresAt: new Date(now + input.expiresInS * 1000),
        createdById: caller.actor.userId,
        createdByName: caller.actor.userName,
        createdByType: caller.actor.type ?? "user",
      },
      select: { id: true, expiresAt: true },
    });
    await recordAuditEvent(tx, caller, {
      action: "portal_session.created",
      projectId: input.projectId,
      metadata: {
        sessionId: session.id,
        identityId: identity.id,
        externalId: identity.externalId,
        permissions: input.permissions.join(" "),
        environments: input.environments.join(" "),
        expiresAt: session.expiresAt.toISOString(),
      },
    });
    return portalSessionDtoSchema.parse({
      id: session.id,
      url: `${options.publicUrl.replace(/\/+$/, "")}/portal/${code.code}`,
      token: token.key,
      expires_at: session.expiresAt.toISOString(),
    });
  });
}

/** What opening a link gives the browser: its own token, and how long the session lasts. */
export type OpenedPortalLink = { token: string; expiresAt: Date; sessionId: string };

/**
 * Uses a link's code: one conditional UPDATE, so two browsers racing with the same link cannot
 * both get in. Null when the code is unknown, used, past its 15 minutes, or its session ended
 * or expired: the caller shows the same "link expired" page for all of them.
 */
export async function openPortalLink(code: string): Promise<OpenedPortalLink | null> {
  const now = new Date();
  const browser = generatePortalToken();
  const codeHash = hashKey(code);
  const { count } = await prisma.portalSession.updateMany({
    where: { codeHash, codeUsedAt: null, codeExpiresAt: { gt: now }, endedAt: null, expiresAt: { gt: now } },
    data: { codeUsedAt: now, browserTokenHash: browser.hash },
  });
  if (count !== 1) return null;
  const session = await prisma.portalSession.findUniqueOrThrow({ where: { codeHash }, select: { id: true, expiresAt: true } });
  return { token: browser.key, expiresAt: session.expiresAt, sessionId: session.id };
}

/**
 * Ends a portal session of the caller's workspace at once (another workspace's is a 404): its
 * token, its browser's cookie and its unused link all stop working on their next request.
 * Ending an ended session succeeds again, and is audited once.
 */
export async function endPortalSession(caller: Caller, options: { id: string; tx?: Tx }): Promise<void> {
  await inTransaction(options.tx, async (tx) => {
    const session = await tx.portalSession.findFirst({
      where: { id: options.id, workspaceId: caller.workspaceId },
      select: { id: true, projectId: true, externalId: true, endedAt: true },
    });
    if (!session) throw new AppError("not_found", "No portal session with this id in this workspace.");
    if (session.endedAt) return;
    const { count } = await tx.portalSession.updateMany({ where: { id: session.id, endedAt: null }, data: { endedAt: new Date() } });
    if (count === 0) return;
    await recordAuditEvent(tx, caller, {
      action: "portal_session.ended",
      projectId: session.projectId,
      metadata: { sessionId: session.id, externalId: session.externalId },
    });
  });
}
