import "server-only";
import { AppError, type FieldError } from "@/lib/errors";
import { ENVIRONMENT_LABEL, type Environment } from "@/lib/schemas/api-keys";
import {
  SINGLE_ACTIVE_KEY_LABEL,
  scopeCatalogSchema,
  type PolicyViolation,
  type ScopeEntry,
  type WorkspacePolicy,
} from "@/lib/schemas/policy";
import { recordAuditEvent } from "./audit";
import { inTransaction, prisma, type Tx } from "./client";
import type { Actor, RequestContext } from "./types";

// Workspace key policies: what a new or edited key must satisfy. Every rule is enforced here,
// for the dashboard and the REST API alike, and each refusal names the policy that refused.
// The single-active-key rule holds under concurrency: every write that can make a key active
// takes the workspace's transaction-scoped advisory lock first, so two creates cannot both
// see "no active key" and both commit.

const DAY_MS = 86_400_000;

type WorkspacePolicyRow = {
  singleActiveKey: WorkspacePolicy["singleActiveKey"];
  requireExpiryLive: boolean;
  requireExpiryTest: boolean;
  maxLifetimeDaysLive: number | null;
  maxLifetimeDaysTest: number | null;
  scopeCatalog: unknown;
  leakResponse: WorkspacePolicy["leakResponse"];
  maxActiveKeys: number | null;
};

const POLICY_SELECT = {
  singleActiveKey: true,
  requireExpiryLive: true,
  requireExpiryTest: true,
  maxLifetimeDaysLive: true,
  maxLifetimeDaysTest: true,
  scopeCatalog: true,
  leakResponse: true,
  maxActiveKeys: true,
} as const;

function toPolicy(row: WorkspacePolicyRow): WorkspacePolicy {
  const scopes = scopeCatalogSchema.safeParse(row.scopeCatalog);
  return {
    singleActiveKey: row.singleActiveKey,
    requireExpiry: { live: row.requireExpiryLive, test: row.requireExpiryTest },
    maxLifetimeDays: { live: row.maxLifetimeDaysLive, test: row.maxLifetimeDaysTest },
    scopes: scopes.success ? scopes.data : [],
    leakResponse: row.leakResponse,
  };
}

export async function getWorkspacePolicy(workspaceId: string, db: Tx = prisma): Promise<WorkspacePolicy> {
  return toPolicy(await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: POLICY_SELECT }));
}

/** The workspace's scope catalogue: what the dialogs offer and the API accepts. */
export async function getScopeCatalog(workspaceId: string): Promise<ScopeEntry[]> {
  return (await getWorkspacePolicy(workspaceId)).scopes;
}

const label = (environment: Environment) => ENVIRONMENT_LABEL[environment];
const activeWhere = () => ({ revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] });

/** Scopes outside the catalogue, each located at its index in `scopes`. */
function unknownScopes(policy: WorkspacePolicy, scopes: readonly string[], location: string): FieldError[] {
  const known = new Set(policy.scopes.map((s) => s.name));
  return scopes.flatMap((scope, index) =>
    known.has(scope)
      ? []
      : [{ location: `${location}.${index}`, message: `The workspace's scopes policy does not list the scope ${scope}.`, value: scope }],
  );
}

function refuse(detail: string, errors: FieldError[]): never {
  throw new AppError("validation_failed", detail, { errors });
}

/** Checks scopes, required expiry and maximum lifetime for a key of `environment`. */
function checkKeyFields(
  policy: WorkspacePolicy,
  key: { environment: Environment; scopes: readonly string[]; expiresAt: Date | null | undefined; createdAt?: Date },
): void {
  const scopeErrors = unknownScopes(policy, key.scopes, "scopes");
  if (scopeErrors.length > 0) refuse("The workspace's scopes policy does not allow these scopes.", scopeErrors);
  if (policy.requireExpiry[key.environment] && !key.expiresAt) {
    refuse(`The workspace's require_expiry policy requires ${label(key.environment)} keys to expire.`, [
      { location: "expires_at", message: `${label(key.environment)} keys in this workspace must have an expiry date.`, value: null },
    ]);
  }
  const days = policy.maxLifetimeDays[key.environment];
  if (days !== null) {
    const latest = (key.createdAt?.getTime() ?? Date.now()) + days * DAY_MS;
    if (!key.expiresAt || key.expiresAt.getTime() > latest) {
      refuse(`The workspace's max_lifetime_days policy limits ${label(key.environment)} keys to ${days} days.`, [
        {
          location: "expires_at",
          message: `${label(key.environment)} keys in this workspace must expire within ${days} days of their creation.`,
          value: key.expiresAt?.toISOString() ?? null,
        },
      ]);
    }
  }
}

/** Serialises every write that can make a key of the workspace active, until `tx` ends. */
async function lockActiveKeys(tx: Tx, workspaceId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`keyport:active-keys:${workspaceId}`}, 0))`;
}

/**
 * Everything a new key must satisfy, checked in the transaction that inserts it: scopes,
 * expiry, lifetime, the single-active-key rule and the active-key cap.
 */
export async function enforceNewKeyPolicy(
  tx: Tx,
  workspaceId: string,
  key: { environment: Environment; projectId: string | null; scopes: readonly string[]; expiresAt: Date | undefined },
): Promise<void> {
  const row = await tx.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: POLICY_SELECT });
  const policy = toPolicy(row);
  checkKeyFields(policy, key);
  if (policy.singleActiveKey === "off" && row.maxActiveKeys === null) return;
  await lockActiveKeys(tx, workspaceId);
  if (policy.singleActiveKey !== "off") {
    // Default keys do not count, nor does a rolled key in its grace period (the hot-swap window).
    const existing = await tx.apiKey.findFirst({
      where: {
        workspaceId,
        isAdminManaged: false,
        rolledToId: null,
        ...activeWhere(),
        ...(policy.singleActiveKey === "project_environment" ? { projectId: key.projectId, environment: key.environment } : {}),
      },
      select: { name: true },
    });
    if (existing) {
      const scope =
        policy.singleActiveKey === "workspace"
          ? "one active key in the whole workspace"
          : `one active ${label(key.environment)} key per project`;
      throw new AppError(
        "conflict",
        `The workspace's single_active_key policy allows ${scope}, and “${existing.name}” is active. Roll it to replace it, or revoke it first.`,
      );
    }
  }
  if (row.maxActiveKeys !== null) {
    const active = await tx.apiKey.count({ where: { workspaceId, ...activeWhere() } });
    if (active >= row.maxActiveKeys) {
      throw new AppError("conflict", `This workspace allows ${row.maxActiveKeys} active key(s). Revoke one before creating another.`);
    }
  }
}

/** What an edited key must satisfy: its scopes and expiry under the policy. */
export async function enforceEditedKeyPolicy(
  tx: Tx,
  workspaceId: string,
  key: { environment: Environment; scopes: readonly string[]; expiresAt: Date | null; createdAt: Date },
  changed: { scopes: boolean },
): Promise<void> {
  const policy = await getWorkspacePolicy(workspaceId, tx);
  // Scopes the key already had stay allowed; only newly chosen ones must be in the catalogue.
  checkKeyFields(policy, { ...key, scopes: changed.scopes ? key.scopes : [] });
}

/** Active keys that break `policy`: what the Policies page lists after a change. */
export async function listPolicyViolations(workspaceId: string, policy?: WorkspacePolicy, db: Tx = prisma): Promise<PolicyViolation[]> {
  const current = policy ?? (await getWorkspacePolicy(workspaceId, db));
  const keys = await db.apiKey.findMany({
    where: { workspaceId, isAdminManaged: false, ...activeWhere() },
    select: { id: true, name: true, environment: true, projectId: true, scopes: true, expiresAt: true, createdAt: true, rolledToId: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 10_000,
  });
  const violations: PolicyViolation[] = [];
  const add = (key: (typeof keys)[number], policyName: PolicyViolation["policy"], detail: string) =>
    violations.push({ key_id: key.id, name: key.name, environment: key.environment, project_id: key.projectId, policy: policyName, detail });
  const known = new Set(current.scopes.map((s) => s.name));
  for (const key of keys) {
    const unknown = key.scopes.filter((s) => !known.has(s));
    if (unknown.length > 0) add(key, "scopes", `Has scopes the catalogue does not list: ${unknown.join(", ")}.`);
    if (current.requireExpiry[key.environment] && !key.expiresAt) add(key, "require_expiry", `${label(key.environment)} keys must expire; this one never does.`);
    const days = current.maxLifetimeDays[key.environment];
    if (days !== null && (!key.expiresAt || key.expiresAt.getTime() > key.createdAt.getTime() + days * DAY_MS)) {
      add(key, "max_lifetime_days", `${label(key.environment)} keys may live ${days} days; this one lives longer.`);
    }
  }
  if (current.singleActiveKey !== "off") {
    const groups = new Map<string, typeof keys>();
    for (const key of keys.filter((k) => k.rolledToId === null)) {
      const group = current.singleActiveKey === "workspace" ? "all" : `${key.projectId ?? "all-projects"}:${key.environment}`;
      groups.set(group, [...(groups.get(group) ?? []), key]);
    }
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      for (const key of group) {
        add(key, "single_active_key", `${SINGLE_ACTIVE_KEY_LABEL[current.singleActiveKey]}: ${group.length} are active. Revoke or roll the extra keys.`);
      }
    }
  }
  return violations;
}

/**
 * Replaces the workspace's policy. Audited; never revokes anything: the keys that now break
 * it are returned, for the page to list.
 */
export async function setWorkspacePolicy(
  workspaceId: string,
  actor: Actor,
  policy: WorkspacePolicy,
  context: RequestContext = {},
  tx?: Tx,
): Promise<{ policy: WorkspacePolicy; violations: PolicyViolation[] }> {
  return inTransaction(tx, async (tx) => {
    const before = await getWorkspacePolicy(workspaceId, tx);
    const row = await tx.workspace.update({
      where: { id: workspaceId },
      data: {
        singleActiveKey: policy.singleActiveKey,
        requireExpiryLive: policy.requireExpiry.live,
        requireExpiryTest: policy.requireExpiry.test,
        maxLifetimeDaysLive: policy.maxLifetimeDays.live,
        maxLifetimeDaysTest: policy.maxLifetimeDays.test,
        scopeCatalog: policy.scopes,
        leakResponse: policy.leakResponse,
      },
      select: POLICY_SELECT,
    });
    const after = toPolicy(row);
    const changed = (Object.keys(after) as (keyof WorkspacePolicy)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    await recordAuditEvent(tx, {
      workspaceId,
      actor,
      action: "workspace.policy_changed",
      context,
      metadata: { changed: changed.join(", "), before: JSON.stringify(before), after: JSON.stringify(after) },
    });
    return { policy: after, violations: await listPolicyViolations(workspaceId, after, tx) };
  });
}

/** The most active keys the workspace may hold (null: no cap). */
export async function setActiveKeyCap(workspaceId: string, cap: number | null): Promise<void> {
  await prisma.workspace.update({ where: { id: workspaceId }, data: { maxActiveKeys: cap } });
}
