import "server-only";
import { AppError, type FieldError } from "@/lib/errors";
import type { Environment } from "@/lib/schemas/keys/domain";
import { ENVIRONMENT_LABEL } from "@/lib/schemas/keys/labels";
import { expiryRule, expiryRuleSentence, latestExpiry } from "@/lib/schemas/policy-rules";
import {
  SINGLE_ACTIVE_KEY_LABEL,
  scopeCatalogSchema,
  type PolicyViolation,
  type ScopeEntry,
  type WorkspacePolicy,
  type WorkspacePolicyInput,
} from "@/lib/schemas/policy";
import { activeKeyWhere, enforceActiveKeyRule, singleActiveGroupOf } from "./active-keys";
import { recordAuditEvent } from "./audit";
import { inTransaction, prisma, type Tx } from "./client";
import type { Caller } from "./types";

// Workspace key policies: what a new or edited key must satisfy. Every rule is enforced here,
// for the dashboard and the REST API alike, and each refusal says the rule in words.
// The rules on active keys (single-active-key, the cap) live in active-keys.ts.

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
  recoverableKeys: boolean;
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
  recoverableKeys: true,
} as const;

function toPolicy(row: WorkspacePolicyRow): WorkspacePolicy {
  const scopes = scopeCatalogSchema.safeParse(row.scopeCatalog);
  return {
    singleActiveKey: row.singleActiveKey,
    requireExpiry: { live: row.requireExpiryLive, test: row.requireExpiryTest },
    maxLifetimeDays: { live: row.maxLifetimeDaysLive, test: row.maxLifetimeDaysTest },
    scopes: scopes.success ? scopes.data : [],
    leakResponse: row.leakResponse,
    recoverableKeys: row.recoverableKeys ? "on" : "off",
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

/** Scopes outside the catalogue, each located at its index in `scopes`. */
function unknownScopes(policy: WorkspacePolicy, scopes: readonly string[], location: string): FieldError[] {
  const known = new Set(policy.scopes.map((s) => s.name));
  return scopes.flatMap((scope, index) =>
    known.has(scope) ? [] : [{ location: `${location}.${index}`, message: `This workspace does not offer the scope ${scope}.`, value: scope }],
  );
}

function refuse(detail: string, errors: FieldError[]): never {
  throw new AppError("validation_failed", detail, { errors });
}

/**
 * Checks scopes, required expiry and maximum lifetime for a key of `environment`. Each refusal
 * says the rule in the product's words (the same sentence the dialogs show beside the field).
 */
function checkKeyFields(
  policy: WorkspacePolicy,
  key: { environment: Environment; scopes: readonly string[]; expiresAt: Date | null | undefined; createdAt?: Date },
): void {
  const scopeErrors = unknownScopes(policy, key.scopes, "scopes");
  if (scopeErrors.length > 0) {
    const names = scopeErrors.map((e) => String(e.value)).join(", ");
    refuse(`This workspace does not offer the scope${scopeErrors.length === 1 ? "" : "s"} ${names}. An admin can add scopes under Settings → Policies.`, scopeErrors);
  }
  const rule = expiryRule(policy, key.environment);
  const sentence = expiryRuleSentence(key.environment, rule);
  if (rule.mustExpire && !key.expiresAt) {
    refuse(`${sentence} Choose an expiry date.`, [
      { location: "expires_at", message: `${label(key.environment)} keys in this workspace must have an expiry date.`, value: null },
    ]);
  }
  const latest = latestExpiry(rule, key.createdAt ?? new Date());
  if (latest && key.expiresAt && key.expiresAt.getTime() > latest.getTime()) {
    refuse(`${sentence} Choose an earlier expiry.`, [
      {
        location: "expires_at",
        message: `${label(key.environment)} keys in this workspace must expire within ${rule.maxDays} days of their creation (by ${latest.toISOString().slice(0, 10)} for this key).`,
        value: key.expiresAt.toISOString(),
      },
    ]);
  }
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
  checkKeyFields(toPolicy(row), key);
  await enforceActiveKeyRule(tx, workspaceId, row, key);
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
    where: { workspaceId, isAdminManaged: false, ...activeKeyWhere() },
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
    if (unknown.length > 0) add(key, "scopes", `Has scope${unknown.length === 1 ? "" : "s"} this workspace no longer offers: ${unknown.join(", ")}.`);
    if (current.requireExpiry[key.environment] && !key.expiresAt) add(key, "require_expiry", `${label(key.environment)} keys must expire; this one never does.`);
    const days = current.maxLifetimeDays[key.environment];
    if (days !== null && (!key.expiresAt || key.expiresAt.getTime() > key.createdAt.getTime() + days * DAY_MS)) {
      add(key, "max_lifetime_days", `${label(key.environment)} keys may live ${days} days; this one lives longer${key.expiresAt ? "" : " (it never expires)"}.`);
    }
  }
  const mode = current.singleActiveKey;
  if (mode !== "off") {
    const groups = new Map<string, typeof keys>();
    // The keys the rule counts (singleActiveCandidateWhere): these are active and not default.
    for (const key of keys.filter((k) => k.rolledToId === null)) {
      const group = singleActiveGroupOf(mode, key);
      groups.set(group, [...(groups.get(group) ?? []), key]);
    }
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      for (const key of group) {
        add(key, "single_active_key", `${SINGLE_ACTIVE_KEY_LABEL[mode]}: ${group.length} are active. Revoke or roll the extra keys.`);
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
  caller: Caller,
  options: { policy: WorkspacePolicyInput; tx?: Tx },
): Promise<{ policy: WorkspacePolicy; violations: PolicyViolation[] }> {
  const { workspaceId } = caller;
  const { policy } = options;
  return inTransaction(options.tx, async (tx) => {
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
        ...(policy.recoverableKeys ? { recoverableKeys: policy.recoverableKeys === "on" } : {}),
      },
      select: POLICY_SELECT,
    });
    const after = toPolicy(row);
    const changed = (Object.keys(after) as (keyof WorkspacePolicy)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    await recordAuditEvent(tx, caller, {
      action: "workspace.policy_changed",
      metadata: { changed: changed.join(", "), before: JSON.stringify(before), after: JSON.stringify(after) },
    });
    return { policy: after, violations: await listPolicyViolations(workspaceId, after, tx) };
  });
}

/** The most active keys the workspace may hold (null: no cap). */
export async function setActiveKeyCap(workspaceId: string, cap: number | null): Promise<void> {
  await prisma.workspace.update({ where: { id: workspaceId }, data: { maxActiveKeys: cap } });
}
