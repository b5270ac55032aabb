// What the workspace's policy allows a key of one environment, in the words the dialogs and
// the data layer's refusals share. Client-safe.
import type { Environment } from "./keys/domain";
import { ENVIRONMENT_LABEL, EXPIRATION_CHOICES } from "./keys/labels";
import type { PolicyViolation, WorkspacePolicy } from "./policy";

const DAY_MS = 86_400_000;

/** The part of the workspace's policy the key dialogs apply (a whole WorkspacePolicy will do). */
export type KeyPolicy = Pick<WorkspacePolicy, "requireExpiry" | "maxLifetimeDays">;

/** How a key of one environment must expire: at all, and within how many days of its creation. */
export type ExpiryRule = { mustExpire: boolean; maxDays: number | null };

export function expiryRule(policy: KeyPolicy | undefined, environment: Environment): ExpiryRule {
  const maxDays = policy?.maxLifetimeDays[environment] ?? null;
  // A longest lifetime means a key must expire, whether or not "must expire" is ticked.
  return { mustExpire: maxDays !== null || Boolean(policy?.requireExpiry[environment]), maxDays };
}

const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`;

/** The rule as a sentence ("Production keys must expire within 90 days in this workspace."), or null when there is none. */
export function expiryRuleSentence(environment: Environment, rule: ExpiryRule): string | null {
  const keys = `${ENVIRONMENT_LABEL[environment]} keys`;
  if (rule.maxDays !== null) return `${keys} must expire within ${days(rule.maxDays)} in this workspace.`;
  if (rule.mustExpire) return `${keys} must have an expiry date in this workspace.`;
  return null;
}

export type ExpirationChoice = (typeof EXPIRATION_CHOICES)[number];

/** The Create dialog's expiry choices the rule allows, in their usual order ("Custom date" always). */
export function allowedExpirationChoices(rule: ExpiryRule): ExpirationChoice[] {
  return EXPIRATION_CHOICES.filter((choice) => {
    if (choice.value === "never") return !rule.mustExpire;
    if (choice.value === "custom") return true;
    return rule.maxDays === null || Number(choice.value) <= rule.maxDays;
  });
}

/** The latest instant a key created at `createdAt` may expire under the rule (null: no limit). */
export function latestExpiry(rule: ExpiryRule, createdAt: Date): Date | null {
  return rule.maxDays === null ? null : new Date(createdAt.getTime() + rule.maxDays * DAY_MS);
}

/**
 * The last calendar date (YYYY-MM-DD, UTC) a date field may name without passing `limit`: a
 * chosen date means "through the end of that day, UTC", so a limit inside a day rules that day out.
 */
export function lastDateBefore(limit: Date): string {
  const endOfDay = new Date(`${limit.toISOString().slice(0, 10)}T23:59:59.999Z`);
  const last = endOfDay.getTime() <= limit.getTime() ? endOfDay : new Date(endOfDay.getTime() - DAY_MS);
  return last.toISOString().slice(0, 10);
}

/** Today's date (YYYY-MM-DD, UTC): the earliest a date field may name. */
export function todayDate(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Whether a key with this expiry, created at `createdAt`, follows the rule. */
export function followsExpiryRule(rule: ExpiryRule, key: { expiresAt: Date | null; createdAt: Date }): boolean {
  if (rule.mustExpire && !key.expiresAt) return false;
  const latest = latestExpiry(rule, key.createdAt);
  return latest === null || (key.expiresAt !== null && key.expiresAt.getTime() <= latest.getTime());
}

/** What each policy is called on the Policies page's list of keys that break it. */
export const POLICY_NAME: Record<PolicyViolation["policy"], string> = {
  require_expiry: "Must expire",
  max_lifetime_days: "Longest lifetime",
  scopes: "Scopes",
  single_active_key: "Single active key",
};
