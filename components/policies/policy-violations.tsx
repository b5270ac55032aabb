"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { RevealKeyDialog } from "@/components/api-keys/reveal-key-dialog";
import { RevokeKeyDialog } from "@/components/api-keys/revoke-key-dialog";
import { RollKeyDialog } from "@/components/api-keys/roll-key-dialog";
import { Button } from "@/components/ui/button";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
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
          <Table>
            <caption className="sr-only">Keys that break the workspace&apos;s policies</caption>
            <THead>
              <Tr>
                <Th scope="col">Key</Th>
                <Th scope="col">Environment</Th>
                <Th scope="col">What it breaks</Th>
                {canWrite ? (
                  <Th scope="col">
                    <span className="sr-only">Actions</span>
                  </Th>
                ) : null}
              </Tr>
            </THead>
            <TBody>
              {keys.map((entry) => (
                <Tr key={entry.row.id}>
                  <Th scope="row" className="align-top text-sm font-medium tracking-normal text-fg normal-case">
                    <Link href={`/settings/api-keys/${entry.row.id}`} className="break-words text-accent underline underline-offset-2">
                      {entry.row.name}
                    </Link>
                    <div>
                      <code className="font-mono text-xs font-normal text-fg-muted">{entry.row.start}…</code>
                    </div>
                  </Th>
                  <Td>{ENVIRONMENT_LABEL[entry.row.environment]}</Td>
                  <Td>
                    <ul className="space-y-1">
                      {entry.violations.map((v) => (
                        <li key={v.policy}>
                          <span className="font-medium">{POLICY_NAME[v.policy]}:</span> <span className="text-fg-muted">{v.detail}</span>
                        </li>
                      ))}
                    </ul>
                  </Td>
                  {canWrite ? (
                    <Td>
                      <div className="flex flex-wrap justify-end gap-2">
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
                    </Td>
                  ) : null}
                </Tr>
              ))}
            </TBody>
          </Table>
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
