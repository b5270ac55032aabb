import type { ActorType } from "@/lib/schemas/audit";

// Who is acting and on which request: every write records both in its audit event.
/**
 * Who acts: a person (the default), a management key (its id and name), Keyport itself or a
 * secret scanner's report.
 */
export type Actor = { userId: string; userName: string; type?: ActorType };
export type RequestContext = { requestId?: string | null; ip?: string | null };

/**
 * Who calls the data layer: the workspace acted on (from auth, never from input), the person or
 * system acting, and the request it came in on. Every write takes one, first.
 */
export type Caller = { workspaceId: string; actor: Actor; requestId?: string | null; ip?: string | null };

/** The caller of a signed-in session on one request. */
export function callerOf(
  session: { workspaceId: string; userId: string; userName: string; actorType?: ActorType },
  request: RequestContext = {},
): Caller {
  return {
    workspaceId: session.workspaceId,
    actor: { userId: session.userId, userName: session.userName, type: session.actorType ?? "user" },
    requestId: request.requestId ?? null,
    ip: request.ip ?? null,
  };
}
