// The people of local mode: seeded, fixed, and each a member of one workspace. Their
// workspaces carry organization ids just as Clerk Organizations do, so the rest of the app
// cannot tell the two modes apart.

export type LocalPerson = {
  userId: string;
  email: string;
  name: string;
  role: "admin" | "member";
  orgId: string;
  orgSlug: string;
  orgName: string;
};

export const LOCAL_PEOPLE: readonly LocalPerson[] = [
  { userId: "user_local_ada", email: "ada@acme.test", name: "Ada Lovelace", role: "admin", orgId: "org_local_acme", orgSlug: "acme", orgName: "Acme" },
  { userId: "user_local_max", email: "max@acme.test", name: "Max Mustermann", role: "member", orgId: "org_local_acme", orgSlug: "acme", orgName: "Acme" },
  { userId: "user_local_grace", email: "grace@globex.test", name: "Grace Hopper", role: "admin", orgId: "org_local_globex", orgSlug: "globex", orgName: "Globex" },
];

export function findLocalPerson(idOrEmail: string): LocalPerson | undefined {
  const needle = idOrEmail.trim().toLowerCase();
  return LOCAL_PEOPLE.find((p) => p.userId === needle || p.email === needle);
}
