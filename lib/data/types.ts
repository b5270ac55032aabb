// Who is acting and on which request: every write records both in its audit event.
export type Actor = { userId: string; userName: string };
export type RequestContext = { requestId?: string | null; ip?: string | null };
