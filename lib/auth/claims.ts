// Session token claims -> who is calling. Accepts Clerk's session token v2
// (`o: { id, rol, slg }`) and v1 (`org_id`, `org_role`, `org_slug`).
//
// Claims are signed, but they are still text from outside that ends up in the database:
// an id that could not be stored as sent refuses the token; a display name is cleaned.
import { cleanDisplayText, textProblem } from "@/lib/schemas/text";

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
const MAX_CLAIM = 256;

/** An identifier claim, or null when absent or not storable as sent. */
const id = (value: unknown) =>
  typeof value === "string" && value.length > 0 && value.length <= MAX_CLAIM && textProblem(value) === null ? value : null;

/** A display claim: control characters dropped, lone surrogates replaced, length bounded. */
const label = (value: unknown) => {
  if (typeof value !== "string") return null;
  const cleaned = cleanDisplayText(value).trim().slice(0, MAX_CLAIM);
  return cleaned.length > 0 ? cleaned : null;
};

/** `org:admin` (or v2's bare `admin`) is admin; every other role is member. */
export function toRole(raw: string | null): Role {
  return raw === "org:admin" || raw === "admin" ? "admin" : "member";
}

export function identityFromClaims(claims: Claims): SessionIdentity | null {
  const userId = id(claims.sub);
  if (!userId) return null;
  const o = claims.o && typeof claims.o === "object" ? (claims.o as Claims) : null;
  const orgId = id(o?.id) ?? id(claims.org_id);
  const rawRole = id(o?.rol) ?? id(claims.org_role);
  return {
    userId,
    userName: label(claims.name) ?? label(claims.email) ?? userId,
    orgId,
    orgSlug: id(o?.slg) ?? id(claims.org_slug),
    orgName: label(claims.org_name),
    role: toRole(rawRole),
  };
}
