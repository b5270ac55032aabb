import Link from "next/link";
import type { ReactNode } from "react";
import type { KeyDetail } from "@/lib/data";
import { CreditBar } from "@/components/identities/credit-bar";
import type { CreditsDto } from "@/lib/schemas/identities";
import type { ScopeEntry } from "@/lib/schemas/policy";
import { ENVIRONMENT_LABEL } from "@/lib/schemas/keys/labels";
import { exactTime, relativeTime } from "../format";
import { exactTimeWithSeconds, rateLimitText } from "./describe";
import { NeighbourLink } from "./key-lineage";

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 border-b border-border py-2.5 last:border-0 sm:grid-cols-[10rem_minmax(0,1fr)] sm:gap-4">
      <dt className="text-fg-muted">{term}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

const Muted = ({ children }: { children: ReactNode }) => <span className="text-fg-muted">{children}</span>;

function When({ at }: { at: Date }) {
  return (
    <>
      <time dateTime={at.toISOString()}>{exactTime(at.toISOString())}</time> <Muted>({relativeTime(at.toISOString())})</Muted>
    </>
  );
}

/** What the key is: its access, description, project, environment, limits, expiry and history. */
export function KeyFacts({
  detail,
  scopeCatalog,
  project,
  credits,
  identity,
}: {
  detail: KeyDetail;
  scopeCatalog: ScopeEntry[];
  project: KeyDetail["project"];
  /** The key's own credits (null: unlimited, not shown). */
  credits: CreditsDto;
  /** The identity that owns the key, if one does. */
  identity: { id: string; externalId: string; name: string | null } | null;
}) {
  const { key, predecessor, successor, revokedByName } = detail;
  const describe = new Map(scopeCatalog.map((s) => [s.name, s.description]));
  return (
    <section aria-labelledby="facts-heading" className="space-y-3">
      <h2 id="facts-heading" className="text-lg font-semibold">
        About this key
      </h2>
      <dl className="rounded-lg border border-border bg-surface px-4 text-sm">
        <Fact term="Access">
          {key.scopes.length === 0 ? (
            <p>
              <strong className="font-semibold">Full access</strong>
              <Muted>: no scopes, so every scope is granted.</Muted>
            </p>
          ) : (
            <>
              <p className="mb-1.5">
                {key.scopes.length === 1 ? "Only this scope:" : `Only these ${key.scopes.length} scopes:`}
              </p>
              <ul className="space-y-1" aria-label="Scopes">
                {key.scopes.map((scope) => (
                  <li key={scope} className="flex flex-wrap items-baseline gap-x-2">
                    <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{scope}</code>
                    {describe.get(scope) ? <Muted>{describe.get(scope)}</Muted> : null}
                  </li>
                ))}
              </ul>
            </>
          )}
        </Fact>
        <Fact term="Description">{key.description ? <span className="whitespace-pre-line">{key.description}</span> : <Muted>No description</Muted>}</Fact>
        <Fact term="Project">
          {project ? (
            <Link href={`/settings/api-keys?project=${project.id}`} className="text-accent underline underline-offset-2">
              {project.name}
            </Link>
          ) : (
            "All projects of this workspace"
          )}
        </Fact>
        {identity ? (
          <Fact term="Identity">
            <Link href={`/settings/identities/${identity.id}`} className="font-mono underline-offset-2 hover:underline">
              {identity.externalId}
            </Link>
            {identity.name ? <Muted> ({identity.name})</Muted> : null}
            <Muted>: its credits and rate limit apply too.</Muted>
          </Fact>
        ) : null}
        {credits ? (
          <Fact term="Credits">
            <CreditBar credits={credits} label="Credits of this key" />
          </Fact>
        ) : null}
        <Fact term="Environment">{ENVIRONMENT_LABEL[key.environment]}</Fact>
        <Fact term="Rate limit">
          {key.rateLimit !== null && key.rateLimitWindowS !== null ? (
            rateLimitText({ limit: key.rateLimit, windowS: key.rateLimitWindowS })
          ) : (
            <Muted>No limit of its own</Muted>
          )}
        </Fact>
        <Fact term="IP allowlist">
          {key.allowedIps.length === 0 ? (
            <Muted>Any address</Muted>
          ) : (
            <ul className="flex flex-wrap gap-1.5" aria-label="Allowed addresses">
              {key.allowedIps.map((ip) => (
                <li key={ip}>
                  <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{ip}</code>
                </li>
              ))}
            </ul>
          )}
        </Fact>
        <Fact term="Expires">{key.expiresAt ? <When at={key.expiresAt} /> : "Never"}</Fact>
        <Fact term="Created">
          <When at={key.createdAt} /> by {key.createdByName}
        </Fact>
        {key.revokedAt ? (
          <Fact term="Revoked">
            <time dateTime={key.revokedAt.toISOString()}>{exactTimeWithSeconds(key.revokedAt)}</time>
            {revokedByName ? ` by ${revokedByName}` : null}
          </Fact>
        ) : null}
        <Fact term="Lineage">
          {predecessor || successor ? (
            <ul className="space-y-1">
              {predecessor ? (
                <li>
                  Replaces <NeighbourLink neighbour={predecessor} rel="predecessor" />
                </li>
              ) : null}
              {successor ? (
                <li>
                  Replaced by <NeighbourLink neighbour={successor} rel="successor" />
                </li>
              ) : null}
            </ul>
          ) : (
            <Muted>Not rolled: an original key with no replacement</Muted>
          )}
        </Fact>
      </dl>
    </section>
  );
}
