import "server-only";
import { cookies, headers } from "next/headers";
import { callerOf, type Caller } from "@/lib/data";
import { AppError } from "@/lib/errors";
import { bearerToken } from "@/lib/http/bearer";
import { clientIp } from "@/lib/http/client-ip";
import { looksLikePortalToken } from "@/lib/keys/token";
import { PORTAL_COOKIE, type PortalPermission } from "@/lib/schemas/portal";
import { INVALID_TOKEN_CHALLENGE, keyService, type VerifiedPortalSession } from "@/lib/verify";

// Who calls the portal API: a portal session, from the component's `Authorization: Bearer
// kpp_…` or the hosted portal's cookie. The key service authenticates the token (one identical
// 401 for every unusable one, counted against the address's failed quota); the session's own
// permissions then decide. A portal caller acts on one identity's keys in one project, and is
// recorded in the audit trail as that identity (its external id) on that session.

export type PortalCaller = {
  session: VerifiedPortalSession;
  /** Who calls the data layer: the session's workspace, the identity acting, on this request. */
  caller: Caller;
  /** The token came from the hosted portal's cookie, not a bearer header. */
  viaCookie: boolean;
};

const PORTAL_TOKEN_ONLY = "The portal API takes a portal session token: `Authorization: Bearer kpp_…` (from POST /api/v1/portal/sessions).";
const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The value of one cookie in a Cookie header. */
function cookieValue(header: string | null, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}

/** The caller of a portal session on one request: actor type `portal`, named by the identity's external id. */
export function portalCallerOf(session: VerifiedPortalSession, request: { requestId?: string | null; ip?: string | null } = {}): Caller {
  return callerOf({ workspaceId: session.workspaceId, userId: session.id, userName: session.externalId, actorType: "portal" }, request);
}

/**
 * A portal API request's session. Only a `kpp_` token counts: any other bearer (a session
 * token, a management key) is a 401 here, as a `kpp_` token is anywhere else. A write made
 * with the cookie must come from the portal's own pages (its Origin is this deployment's), so
 * another site cannot make a customer's browser act for it.
 */
export async function requirePortalSession(options: {
  request: Request;
  permission?: PortalPermission;
  context: { requestId: string; ip: string | null };
}): Promise<PortalCaller> {
  const { request, context } = options;
  const authorization = request.headers.get("authorization");
  const bearer = bearerToken(authorization);
  let token: string | null = bearer;
  let viaCookie = false;
  if (authorization !== null) {
    if (!bearer || !looksLikePortalToken(bearer)) {
      throw new AppError("unauthorized", PORTAL_TOKEN_ONLY, { headers: { "www-authenticate": INVALID_TOKEN_CHALLENGE } });
    }
  } else {
    token = cookieValue(request.headers.get("cookie"), PORTAL_COOKIE);
    viaCookie = token !== null;
  }
  if (!token) throw new AppError("unauthorized", PORTAL_TOKEN_ONLY, { headers: { "www-authenticate": 'Bearer realm="keyport"' } });
  if (viaCookie && !READS.has(request.method) && !sameOrigin(request)) {
    throw new AppError("forbidden", "The portal's own pages make changes with its cookie; this request came from another origin.");
  }
  const verdict = await keyService().authenticatePortalSession({ requestId: context.requestId, clientIp: context.ip, token });
  if (!verdict.ok) throw verdict.error;
  const { session } = verdict;
  if (options.permission && !session.permissions.includes(options.permission)) {
    throw new AppError("forbidden", `This portal session does not allow ${options.permission}.`);
  }
  return { session, caller: portalCallerOf(session, context), viaCookie };
}

/** Whether a request's Origin is the origin it was sent to (what a browser sends on a same-origin write). */
function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return false;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    const url = new URL(origin);
    return url.host === (host ?? new URL(request.url).host);
  } catch {
    return false;
  }
}

/** The hosted portal's session, from its cookie, or null when there is none or it is unusable. */
export async function getPortalPageSession(): Promise<VerifiedPortalSession | null> {
  const token = (await cookies()).get(PORTAL_COOKIE)?.value;
  if (!token) return null;
  const verdict = await keyService().authenticatePortalSession({ requestId: "", clientIp: clientIp(await headers()), token });
  return verdict.ok ? verdict.session : null;
}
