import type { Metadata } from "next";
import { IdentitiesView } from "@/components/identities/identities-view";
import { requirePageSession } from "@/lib/auth/page";
import { listIdentities, toIdentityDto } from "@/lib/data";
import { isAppError } from "@/lib/errors";
import { listIdentitiesQuerySchema } from "@/lib/schemas/identities";

export const metadata: Metadata = { title: "Identities" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// Settings -> Identities: the customers of the workspace's product, searched by external id or
// name, newest first, a page at a time; each with its keys and what is left of its credits.
export default async function IdentitiesPage({ searchParams }: { searchParams: SearchParams }) {
  const session = await requirePageSession();
  const raw = await searchParams;
  const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const parsed = listIdentitiesQuerySchema.safeParse({ q: one(raw.q) || undefined, cursor: one(raw.cursor) || undefined });
  const query = parsed.success ? parsed.data : listIdentitiesQuerySchema.parse({});
  // A cursor that is not one of ours (an edited address) shows the first page.
  const page = await listIdentities(session.workspaceId, query).catch((error: unknown) => {
    if (isAppError(error) && error.code === "validation_failed") return listIdentities(session.workspaceId, { ...query, cursor: undefined });
    throw error;
  });
  return (
    <div className="space-y-8">
      <header>
        <p className="text-sm text-fg-muted">Settings</p>
        <h1 className="text-2xl font-semibold">Identities</h1>
        <p className="mt-1 max-w-2xl text-sm text-fg-muted">
          An identity is one of your customers. Its keys share its credits and its rate limit, and its metadata comes back with every
          valid verification of them.
        </p>
      </header>
      <IdentitiesView
        identities={page.items.map((record) => toIdentityDto(record))}
        q={query.q ?? ""}
        nextCursor={page.nextCursor}
        canEdit={session.role === "admin"}
      />
    </div>
  );
}
