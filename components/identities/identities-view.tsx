"use client";

import { Plus, Search } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formatCount } from "@/components/api-keys/format";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import type { IdentityDto } from "@/lib/schemas/identities";
import { CreateIdentityDialog } from "./create-identity-dialog";
import { CreditBar } from "./credit-bar";

/** Settings -> Identities: search, a page of identities, the next page, and (admins) New identity. */
export function IdentitiesView({ identities, q, nextCursor, canEdit }: { identities: IdentityDto[]; q: string; nextCursor: string | null; canEdit: boolean }) {
  const router = useRouter();
  const [creating, setCreating] = useState(false);
  const next = nextCursor ? `/settings/identities?${new URLSearchParams({ ...(q ? { q } : {}), cursor: nextCursor })}` : null;

  return (
    <section aria-labelledby="identities-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="identities-heading" className="text-lg font-semibold">
          Identities
        </h2>
        {canEdit ? (
          <Button onClick={() => setCreating(true)}>
            <Plus className="h-4 w-4" aria-hidden />
            New identity
          </Button>
        ) : null}
      </div>
      <form role="search" action="/settings/identities" className="flex max-w-md items-center gap-2">
        <label htmlFor="identity-search" className="sr-only">
          Search identities
        </label>
        <Input id="identity-search" name="q" type="search" defaultValue={q} placeholder="External id or name" autoComplete="off" />
        <Button type="submit" variant="secondary">
          <Search className="h-4 w-4" aria-hidden />
          Search
        </Button>
      </form>
      {identities.length === 0 ? (
        <p className="rounded-lg border border-dashed border-border px-4 py-8 text-center text-sm text-fg-muted">
          {q ? `No identity matches “${q}”.` : "No identities yet. Create one for each customer whose keys share credits or a rate limit."}
        </p>
      ) : (
        <Table aria-label="Identities">
          <THead>
            <Tr>
              <Th>External id</Th>
              <Th>Name</Th>
              <Th className="text-right">Keys</Th>
              <Th>Credits</Th>
            </Tr>
          </THead>
          <TBody>
            {identities.map((identity) => (
              <Tr key={identity.id}>
                <Td className="font-mono text-xs break-all">
                  <Link href={`/settings/identities/${identity.id}`} className="font-medium text-fg underline-offset-2 hover:underline">
                    {identity.external_id}
                  </Link>
                </Td>
                <Td className="break-words">{identity.name ?? <span className="text-fg-muted">—</span>}</Td>
                <Td className="text-right tabular-nums">{formatCount(identity.key_count)}</Td>
                <Td>
                  <CreditBar credits={identity.credits} label={`Credits of ${identity.external_id}`} />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      {next || q ? (
        <nav aria-label="Pages" className="flex gap-3 text-sm">
          {next ? (
            <Link href={next} className="text-fg underline underline-offset-2">
              Next page
            </Link>
          ) : null}
          <Link href="/settings/identities" className="text-fg-muted underline underline-offset-2">
            First page
          </Link>
        </nav>
      ) : null}

      <CreateIdentityDialog
        open={creating}
        onDone={(created) => {
          setCreating(false);
          if (created) router.push(`/settings/identities/${created.id}`);
        }}
      />
    </section>
  );
}
