import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import type { KeyStatus } from "@/lib/schemas/keys/domain";
import { KEY_STATUS_LABEL } from "@/lib/schemas/keys/labels";

export type IdentityKeyRow = { id: string; name: string; start: string; project: string; status: KeyStatus };

/** The keys an identity owns (revoked ones too), each linked to its page. */
export function IdentityKeys({ keys }: { keys: IdentityKeyRow[] }) {
  return (
    <section aria-labelledby="identity-keys-heading" className="space-y-3">
      <h2 id="identity-keys-heading" className="text-lg font-semibold">
        Keys
      </h2>
      {keys.length === 0 ? (
        <p className="rounded-lg border border-dashed border-border px-4 py-6 text-center text-sm text-fg-muted">
          No keys yet. Give a key this identity when you create or edit it (<code className="font-mono text-xs">identity_id</code> in the API).
        </p>
      ) : (
        <Table aria-label="Keys of this identity">
          <THead>
            <Tr>
              <Th>Name</Th>
              <Th>Project</Th>
              <Th>Status</Th>
            </Tr>
          </THead>
          <TBody>
            {keys.map((key) => (
              <Tr key={key.id}>
                <Td className="break-words">
                  <Link href={`/settings/api-keys/${key.id}`} className="font-medium underline-offset-2 hover:underline">
                    {key.name}
                  </Link>
                  <span className="block font-mono text-xs text-fg-muted">{key.start}…</span>
                </Td>
                <Td>{key.project}</Td>
                <Td>
                  <Badge tone={key.status === "active" ? "success" : key.status === "expired" ? "warning" : "neutral"}>{KEY_STATUS_LABEL[key.status]}</Badge>
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </section>
  );
}
