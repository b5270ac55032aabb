// Session token claims -> who is calling. Accepts Clerk's session token v2
// (`o: { id, rol, slg }`) and v1 (`org_id`, `org_role`, `org_slug`).

export type Role = "admin" | "member";

export type SessionIdentity = {
  userId: string;
  userName: string;
  orgId: string | null;
  orgSlug: string | null;
  orgName: string | null;
  role: Role;
};

type Claims = Record<string, unknown>;
const str = (value: unknown) => (typeof value === "string" && value.length > 0 ? value : null);

/** `org:admin` (or v2's bare `admin`) is admin; every other role is member. */
export function toRole(raw: string | null): Role {
  return raw === "org:admin" || raw === "admin" ? "admin" : "member";
}

export function identityFromClaims(claims: Claims): SessionIdentity | null {
  const userId = str(claims.sub);
  if (!userId) return null;
  const o = claims.o && typeof claims.o === "object" ? (claims.o as Claims) : null;
  const orgId = str(o?.id) ?? str(claims.org_id);
  const rawRole = str(o?.rol) ?? str(claims.org_role);
  return {
    userId,
    userName: str(claims.name) ?? str(claims.email) ?? userId,
    orgId,
    orgSlug: str(o?.slg) ?? str(claims.org_slug),
    orgName: str(claims.org_name),
    role: toRole(rawRole),
  };
}
