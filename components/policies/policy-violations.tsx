"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { RevealKeyDialog } from "@/components/api-keys/reveal-key-dialog";
import { RevokeKeyDialog } from "@/components/api-keys/revoke-key-dialog";
import { RollKeyDialog } from "@/components/api-keys/roll-key-dialog";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { ENVIRONMENT_LABEL } from "@/lib/schemas/keys/labels";
import { POLICY_NAME, type KeyPolicy } from "@/lib/schemas/policy-rules";
import type { ViolatingKey } from "./violating-keys";

/**
 * The keys that break the workspace's policies: one row per key with every rule it breaks, a
 * link to the key's page, and (for admins) Roll and Revoke in place, with the table's dialogs.
 */
export function PolicyViolations({ keys, canWrite, policy }: { keys: ViolatingKey[]; canWrite: boolean; policy: KeyPolicy }) {
  const router = useRouter();
  const [rolling, setRolling] = useState<ViolatingKey | null>(null);
  const [revoking, setRevoking] = useState<ViolatingKey | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const trigger = useRef<HTMLElement | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const remember = () => {
    trigger.current = document.activeElement as HTMLElement | null;
  };
  // The row is gone once its key follows the policy again: focus then goes to the heading.
  const returnFocus = () => (trigger.current?.isConnected ? trigger.current : heading.current);

  return (
    <section aria-labelledby="violations-heading" className="space-y-3">
      <h2 id="violations-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold">
        Keys that break these policies
      </h2>
      {keys.length === 0 ? (
        <p className="text-sm text-fg-muted">None: every active key follows them.</p>
      ) : (
        <>
          <p className="text-sm text-fg-muted">
            {keys.length === 1 ? "One key breaks" : `${keys.length} keys break`} them. Changing a policy never revokes a key: roll or revoke
            each one here, or open it to see its traffic first.
          </p>
          {/* A card per key, not a table: a key's rules read as sentences, and fit at 375 px too. */}
          <ul aria-label="Keys that break the workspace's policies" className="divide-y divide-border rounded-lg border border-border bg-surface">
            {keys.map((entry) => (
              <li
                key={entry.row.id}
                aria-labelledby={`violating-${entry.row.id}`}
                className="grid gap-3 px-4 py-3 text-sm md:grid-cols-[minmax(10rem,16rem)_1fr_auto] md:items-start"
              >
                <div className="min-w-0">
                  <Link
                    id={`violating-${entry.row.id}`}
                    href={`/settings/api-keys/${entry.row.id}`}
                    className="font-medium break-words text-accent underline underline-offset-2"
                  >
                    {entry.row.name}
                  </Link>
                  <p className="text-xs text-fg-muted">
                    <code className="font-mono">{entry.row.start}…</code> · {ENVIRONMENT_LABEL[entry.row.environment]}
                  </p>
                </div>
                <ul className="space-y-1" aria-label={`What “${entry.row.name}” breaks`}>
                  {entry.violations.map((v) => (
                    <li key={v.policy}>
                      <span className="font-medium">{POLICY_NAME[v.policy]}:</span> <span className="text-fg-muted">{v.detail}</span>
                    </li>
                  ))}
                </ul>
                {canWrite ? (
                  <div className="flex gap-2 md:justify-end">
                    {entry.row.rolledToId === null ? (
                      <Button
                        variant="secondary"
                        size="sm"
                        aria-label={`Roll ${entry.row.name}`}
                        onClick={() => {
                          remember();
                          setRolling(entry);
                        }}
                      >
                        Roll
                      </Button>
                    ) : null}
                    <Button
                      variant="secondary"
                      size="sm"
                      aria-label={`Revoke ${entry.row.name}`}
                      className="text-danger"
                      onClick={() => {
                        remember();
                        setRevoking(entry);
                      }}
                    >
                      Revoke
                    </Button>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      )}
      <RollKeyDialog
        target={rolling?.row ?? null}
        projectId={rolling?.projectId ?? ""}
        policy={policy}
        returnFocusTo={returnFocus}
        onDone={(result) => {
          setRolling(null);
          if (result) {
            setSecret(result.key);
            router.refresh();
          }
        }}
      />
      <RevokeKeyDialog
        target={revoking?.row ?? null}
        projectId={revoking?.projectId ?? ""}
        returnFocusTo={returnFocus}
        onDone={(result) => {
          setRevoking(null);
          if (result) {
            toast.success(`“${result.row.name}” was revoked. Apps using it have lost access.`);
            router.refresh();
          }
        }}
      />
      <RevealKeyDialog secret={secret} onClose={() => setSecret(null)} returnFocusTo={() => heading.current} />
    </section>
  );
}
