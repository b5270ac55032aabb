import "server-only";
import { cookies } from "next/headers";
import { AppError } from "@/lib/errors";
import { bearerToken } from "@/lib/http/bearer";
import { looksLikeManagementKey, looksLikePortalToken } from "@/lib/keys/token";
import { logger } from "@/lib/log";
import { callerOf, ensureWorkspaceForOrganization, recordAccessDenied, type Caller } from "@/lib/data";
import type { ActorType } from "@/lib/schemas/audit";
import { INVALID_TOKEN_CHALLENGE, keyService } from "@/lib/verify";
import type { Role, SessionIdentity } from "./claims";
import type { Permission } from "./permissions";
import { toRole } from "./claims";
import { findLocalPerson } from "./local-people";
import { SESSION_COOKIE, authMode } from "./mode";
import { verifySessionToken } from "./session-token";

/**
 * Who calls, in which workspace. A person's session (`actorType: "user"`), or a management key
 * (`"management_key"`: `userId` and `userName` are the key's id and name, and `permissions`
 * what it holds). A session's `permissions` is null: its role decides.
 */
export type WorkspaceSession = {
  userId: string;
  userName: string;
  workspaceId: string;
  workspaceName: string;
  role: Role;
  actorType: Extract<ActorType, "user" | "management_key">;
  permissions: readonly string[] | null;
};

/** Records a refused attempt; a failure to record one never turns the 403 into something else. */
async function auditRefusal(caller: Caller, attempt: string, permission?: string): Promise<void> {
  await recordAccessDenied(caller, { attempt, ...(permission ? { permission } : {}) }).catch((error: unknown) =>
    logger().error({ error: String(error) }, "a refused attempt could not be recorded"),
  );
}

/**
 * A management API request made with a management key (`Authorization: Bearer kpm_…`): the
 * key service authenticates it (one identical 401 for every unusable key, counted against the
 * address's failed quota), then the operation's permission decides (403 naming it).
 */
async function requireManagementKey(
  token: string,
  options: { permission?: Permission; attempt?: string; context?: { requestId?: string; ip?: string | null } },
): Promise<WorkspaceSession> {
  const verdict = await keyService().authenticateManagementKey({
    requestId: options.context?.requestId ?? "",
    clientIp: options.context?.ip ?? null,
    token,
  });
  if (!verdict.ok) throw verdict.error;
  const { key } = verdict;
  const session: WorkspaceSession = {
    userId: key.id,
    userName: key.name,
    workspaceId: key.workspaceId,
    workspaceName: "",
    role: "member",
    actorType: "management_key",
    permissions: key.permissions,
  };
  if (!options.permission || !key.permissions.includes(options.permission)) {
    await auditRefusal(callerOf(session, options.context), options.attempt ?? "a management action", options.permission);
    throw new AppError(
      "forbidden",
      options.permission
        ? `This management key lacks the permission ${options.permission}.`
        : "This route cannot be called with a management key.",
    );
  }
  return session;
}

/**
 * Who is calling, from the REST API's bearer token (`request` given) or the dashboard's
 * session (pages and server actions). Throws AppError: 401 when nobody is signed in.
 */
export async function getIdentity(request?: Request): Promise<SessionIdentity> {
  if (request) {
    const token = bearerToken(request.headers.get("authorization"));
    if (!token) {
      throw new AppError("unauthorized", "Send a dashboard session token or a management key (kpm_…) as `Authorization: Bearer <token>`.");
    }
    return verifySessionToken(token);
  }
  if (authMode() === "clerk") {
    const { auth } = await import("@clerk/nextjs/server");
    const session = await auth();
    if (!session.userId) throw new AppError("unauthorized", "Sign in to continue.");
    const claims = (session.sessionClaims ?? {}) as Record<string, unknown>;
    return {
      userId: session.userId,
      userName: (typeof claims.name === "string" && claims.name) || session.userId,
      orgId: session.orgId ?? null,
      orgSlug: session.orgSlug ?? null,
      orgName: null,
      role: toRole(session.orgRole ?? null),
    };
  }
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) throw new AppError("unauthorized", "Sign in to continue.");
  return verifySessionToken(token);
}

/**
 * THE guard, used by pages, server actions and route handlers alike. The workspace comes
 * from the session (its organization), never from input. Members may read; writing needs
 * `role: "admin"`.
 */
export async function requireWorkspace(
  options: {
    role?: Role;
    /** What a management key needs here; a management key is refused where none is given. */
    permission?: Permission;
    request?: Request;
    /** What is being tried, for the audit trail when it is refused ("POST /api/v1/…"). */
    attempt?: string;
    context?: { requestId?: string; ip?: string | null };
  } = {},
): Promise<WorkspaceSession> {
  const bearer = options.request ? bearerToken(options.request.headers.get("authorization")) : null;
  if (bearer && looksLikeManagementKey(bearer)) return requireManagementKey(bearer, options);
  if (bearer && looksLikePortalToken(bearer)) {
    // A portal session is one customer's, for their own keys: it never reaches a workspace route.
    throw new AppError("unauthorized", "A portal session token (kpp_…) calls only the portal API (/api/v1/portal/keys).", {
      headers: { "www-authenticate": INVALID_TOKEN_CHALLENGE },
    });
  }
  const identity = await getIdentity(options.request);
  if (!identity.orgId) {
    throw new AppError("forbidden", "Select or create an organization (workspace) first.");
  }
  const person = authMode() === "local" ? findLocalPerson(identity.userId) : undefined;
  if (authMode() === "local" && !person) throw new AppError("unauthorized", "Unknown local user. Sign in again.");
  const workspace = await ensureWorkspaceForOrganization(
    { id: identity.orgId, name: person?.orgName ?? identity.orgName ?? identity.orgSlug, slug: identity.orgSlug },
    { userId: identity.userId, userName: identity.userName },
  );
  if (options.role === "admin" && identity.role !== "admin") {
    // Refused admin attempts are part of the audit trail.
    await auditRefusal(
      callerOf({ workspaceId: workspace.id, userId: identity.userId, userName: identity.userName }, options.context),
      options.attempt ?? "an admin action",
    );
    throw new AppError("forbidden", "Only workspace admins can do this.");
  }
  return {
    userId: identity.userId,
    userName: identity.userName,
    workspaceId: workspace.id,
    workspaceName: workspace.name,
    role: identity.role,
    actorType: "user",
    permissions: null,
  };
}
