// The permissions a management key can hold: the one catalogue, written once. The route
// wrapper checks each operation's `permission` against it (lib/http/route.ts), the OpenAPI
// document states it on every operation, and the Settings page groups it by resource.
// A write permission does not include its read permission: each is granted on its own.
// Client-safe.

export const PERMISSION_CATALOGUE = [
  { resource: "Projects", permissions: [
    { name: "projects:read", description: "List the workspace's projects." },
    { name: "projects:write", description: "Create projects." },
  ] },
  { resource: "API keys", permissions: [
    { name: "keys:read", description: "List and read SDK keys, and their credit ledgers." },
    { name: "keys:write", description: "Create, edit, roll, deactivate, reactivate, revoke and bulk revoke SDK keys, and change their credits." },
    { name: "keys:reveal", description: "Reveal recoverable SDK keys (not implied by keys:write; every reveal is audited)." },
  ] },
  { resource: "Identities", permissions: [
    { name: "identities:read", description: "List and read identities, their credits and their ledgers." },
    { name: "identities:write", description: "Create, edit and delete identities, and change their credits." },
  ] },
  { resource: "Usage", permissions: [{ name: "usage:read", description: "Read a key's verifications over time." }] },
  { resource: "Requests", permissions: [{ name: "requests:read", description: "Look up which key made a verification request." }] },
  { resource: "Audit log", permissions: [{ name: "audit:read", description: "Read and export the audit log." }] },
  { resource: "Webhooks", permissions: [
    { name: "webhooks:read", description: "List webhook endpoints and their deliveries." },
    { name: "webhooks:write", description: "Add, change, test and delete webhook endpoints." },
  ] },
  { resource: "Policies", permissions: [
    { name: "policy:read", description: "Read the workspace's key policy." },
    { name: "policy:write", description: "Replace the workspace's key policy." },
  ] },
  { resource: "Management keys", permissions: [
    { name: "management_keys:read", description: "List management keys." },
    { name: "management_keys:write", description: "Create and revoke management keys (only with permissions the caller holds)." },
  ] },
] as const;

type Catalogue = typeof PERMISSION_CATALOGUE;
export type Permission = Catalogue[number]["permissions"][number]["name"];

/** Every permission, in the catalogue's order. */
export const PERMISSIONS: readonly Permission[] = PERMISSION_CATALOGUE.flatMap((group) => group.permissions.map((p) => p.name));

/** What each permission allows, for the document and the page. */
export const PERMISSION_DESCRIPTION = Object.fromEntries(
  PERMISSION_CATALOGUE.flatMap((group) => group.permissions.map((p) => [p.name, p.description])),
) as Record<Permission, string>;

/** The "Read only" preset: every `:read` permission. */
export const READ_ONLY_PERMISSIONS: readonly Permission[] = PERMISSIONS.filter((p) => p.endsWith(":read"));

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

/** `requested` that `held` does not include, in the catalogue's order. */
export function missingPermissions(held: readonly string[], requested: readonly string[]): Permission[] {
  return PERMISSIONS.filter((p) => requested.includes(p) && !held.includes(p));
}

/** `permissions` in the catalogue's order, each once. */
export function sortPermissions(permissions: readonly string[]): Permission[] {
  return PERMISSIONS.filter((p) => permissions.includes(p));
}
