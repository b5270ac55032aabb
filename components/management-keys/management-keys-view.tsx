"use client";

import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { exactTime, relativeTime } from "@/components/api-keys/format";
import { RevealKeyDialog } from "@/components/api-keys/reveal-key-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import type { ManagementKeyDto } from "@/lib/schemas/management-keys";
import { CreateManagementKeyDialog } from "./create-management-key-dialog";
import { RevokeManagementKeyDialog } from "./revoke-management-key-dialog";

function When({ iso, empty }: { iso: string | null; empty: string }) {
  if (!iso) return <span className="text-fg-muted">{empty}</span>;
  return (
    <time dateTime={iso} title={exactTime(iso)}>
      {relativeTime(iso)}
    </time>
  );
}

/** Settings -> Management keys: the active keys, and the Create and Revoke dialogs. */
export function ManagementKeysView({ keys }: { keys: ManagementKeyDto[] }) {
  const router = useRouter();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ManagementKeyDto | null>(null);
  const createButton = useRef<HTMLButtonElement>(null);

  return (
    <section aria-labelledby="management-keys-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="management-keys-heading" className="text-lg font-semibold">
          Active keys
        </h2>
        <Button ref={createButton} onClick={() => setCreating(true)}>
          <Plus className="h-4 w-4" aria-hidden />
          Create management key
        </Button>
      </div>
      {keys.length === 0 ? (
        <p className="rounded-lg border border-dashed border-border px-4 py-8 text-center text-sm text-fg-muted">
          No management keys yet. Create one for a CI pipeline, a script or a Terraform provider.
        </p>
      ) : (
        <Table aria-label="Management keys">
          <THead>
            <Tr>
              <Th>Name</Th>
              <Th>Key</Th>
              <Th>Permissions</Th>
              <Th>Created</Th>
              <Th>Last used</Th>
              <Th>Expires</Th>
              <Th className="text-right">Actions</Th>
            </Tr>
          </THead>
          <TBody>
            {keys.map((key) => (
              <Tr key={key.id}>
                <Td className="min-w-[10rem] font-medium">{key.name}</Td>
                <Td className="font-mono text-xs whitespace-nowrap">{key.start}…</Td>
                <Td className="min-w-[14rem]">
                  <ul className="flex flex-wrap gap-1" aria-label={`Permissions of ${key.name}`}>
                    {key.permissions.map((permission) => (
                      <li key={permission}>
                        <Badge tone={permission.endsWith(":write") ? "warning" : "neutral"}>
                          <span className="font-mono">{permission}</span>
                        </Badge>
                      </li>
                    ))}
                  </ul>
                </Td>
                <Td className="text-xs whitespace-nowrap text-fg-muted">
                  <When iso={key.created_at} empty="" />
                  <span className="block">by {key.created_by.name}</span>
                </Td>
                <Td className="text-xs whitespace-nowrap text-fg-muted">
                  <When iso={key.last_used_at} empty="Never" />
                </Td>
                <Td className="text-xs whitespace-nowrap text-fg-muted">
                  <When iso={key.expires_at} empty="Never" />
                </Td>
                <Td className="text-right">
                  <Button variant="secondary" size="sm" onClick={() => setRevoking(key)} aria-label={`Revoke ${key.name}`}>
                    Revoke
                  </Button>
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}

      <CreateManagementKeyDialog
        open={creating}
        onDone={(created) => {
          setCreating(false);
          if (created) {
            setSecret(created.key);
            router.refresh();
          }
        }}
      />
      <RevealKeyDialog
        secret={secret}
        title="Management key created"
        noun="management key"
        onClose={() => setSecret(null)}
        returnFocusTo={() => createButton.current}
      />
      <RevokeManagementKeyDialog
        target={revoking}
        onDone={(revoked) => {
          setRevoking(null);
          if (revoked) router.refresh();
        }}
        returnFocusTo={() => createButton.current}
      />
    </section>
  );
}
