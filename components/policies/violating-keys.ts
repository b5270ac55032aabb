// The Policies page's list, shaped on the server and shown by <PolicyViolations/>. Client-safe.
import type { ApiKeyRow } from "@/lib/schemas/keys/forms";
import type { PolicyViolation } from "@/lib/schemas/policy";

/** A key that breaks the policy, with every rule it breaks, and the project its dialogs act in. */
export type ViolatingKey = { row: ApiKeyRow; projectId: string; violations: PolicyViolation[] };

/** Groups the data layer's list (one entry per key and rule) into one entry per key, in order. */
export function groupViolations(
  violations: PolicyViolation[],
  rows: Map<string, ApiKeyRow>,
  fallbackProjectId: string | null,
): ViolatingKey[] {
  const byKey = new Map<string, ViolatingKey>();
  for (const violation of violations) {
    const row = rows.get(violation.key_id);
    const projectId = violation.project_id ?? fallbackProjectId;
    if (!row || !projectId) continue;
    const entry = byKey.get(violation.key_id) ?? { row, projectId, violations: [] };
    entry.violations.push(violation);
    byKey.set(violation.key_id, entry);
  }
  return [...byKey.values()];
}
