import "server-only";
import { cookies } from "next/headers";
import { AppError } from "@/lib/errors";
import { bearerToken } from "@/lib/http/bearer";
import { logger } from "@/lib/log";
import { callerOf, ensureWorkspaceForOrganization, recordAccessDenied } from "@/lib/data";
import type { Role, SessionIdentity } from "./claims";
import { toRole } from "./claims";
import { findLocalPerson } from "./local-people";
import { SESSION_COOKIE, authMode } from "./mode";
import { verifySessionToken } from "./session-token";

export type WorkspaceSession = {
  userId: string;
  userName: string;
  workspaceId: string;
  workspaceName: string;
  role: Role;
};

/**
 * Who is calling, from the REST API's bearer token (`request` given) or the dashboard's
 * session (pages and server actions). Throws AppError: 401 when nobody is signed in.
 */
export async function getIdentity(request?: Request): Promise<SessionIdentity> {
  if (request) {
    const token = bearerToken(request.headers.get("authorization"));
    if (!token) {
      throw new AppError("unauthorized", "Send a dashboard session token as `Authorization: Bearer <token>`.");
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
    request?: Request;
    /** What is being tried, for the audit trail when it is refused ("POST /api/v1/…"). */
    attempt?: string;
    context?: { requestId?: string; ip?: string | null };
  } = {},
): Promise<WorkspaceSession> {
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
    // Refused admin attempts are part of the audit trail; a failure to record one never
    // turns the 403 into something else.
    await recordAccessDenied(
      callerOf({ workspaceId: workspace.id, userId: identity.userId, userName: identity.userName }, options.context),
      { attempt: options.attempt ?? "an admin action" },
    ).catch((error: unknown) => logger().error({ error: String(error) }, "a refused admin attempt could not be recorded"));
    throw new AppError("forbidden", "Only workspace admins can do this.");
  }
  return {
    userId: identity.userId,
    userName: identity.userName,
    workspaceId: workspace.id,
    workspaceName: workspace.name,
    role: identity.role,
  };
}
