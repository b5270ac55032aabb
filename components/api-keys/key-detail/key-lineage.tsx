import Link from "next/link";
import { ArrowLeftRight } from "lucide-react";
import type { KeyDetail, KeyNeighbour } from "@/lib/data";
import type { KeyStatus } from "@/lib/schemas/keys/domain";
import { KEY_STATUS_LABEL } from "@/lib/schemas/keys/labels";
import { exactTime } from "../format";
import { exactTimeWithSeconds } from "./describe";
import { Countdown } from "./live-countdown";

/** A link to the other key of a roll: its name, start and status. */
export function NeighbourLink({ neighbour, rel }: { neighbour: KeyNeighbour; rel: "predecessor" | "successor" }) {
  return (
    <Link href={`/settings/api-keys/${neighbour.id}`} data-lineage={rel} className="font-medium text-accent underline underline-offset-2">
      {neighbour.name}
      <span className="sr-only">
        {" "}
        ({neighbour.start}…, {KEY_STATUS_LABEL[neighbour.status].toLowerCase()})
      </span>
    </Link>
  );
}

/**
 * Where the key stands in a roll, above everything else: the key it replaces, the key that
 * replaced it (with the old key's live countdown while both work), or its revocation.
 */
export function KeyLineage({ detail, status }: { detail: KeyDetail; status: KeyStatus }) {
  const { key, predecessor, successor, revokedByName } = detail;
  const inGrace = successor !== null && status === "active" && key.expiresAt !== null;
  if (!predecessor && !successor && !key.revokedAt) return null;
  return (
    <div className="space-y-2 rounded-lg border border-border bg-surface px-4 py-3 text-sm" data-testid="key-lineage">
      {predecessor ? (
        <p className="flex flex-wrap items-center gap-x-1.5">
          <ArrowLeftRight className="h-4 w-4 text-fg-muted" aria-hidden />
          <span>Replaces</span>
          <NeighbourLink neighbour={predecessor} rel="predecessor" />
          <code className="font-mono text-xs text-fg-muted" aria-hidden>
            {predecessor.start}…
          </code>
          <span className="text-fg-muted">· {KEY_STATUS_LABEL[predecessor.status]}</span>
        </p>
      ) : null}
      {successor ? (
        <p className="flex flex-wrap items-center gap-x-1.5">
          <ArrowLeftRight className="h-4 w-4 text-fg-muted" aria-hidden />
          <span>Replaced by</span>
          <NeighbourLink neighbour={successor} rel="successor" />
          <code className="font-mono text-xs text-fg-muted" aria-hidden>
            {successor.start}…
          </code>
          {key.rolledAt ? (
            <span className="text-fg-muted">
              · rolled <time dateTime={key.rolledAt.toISOString()}>{exactTime(key.rolledAt.toISOString())}</time>
            </span>
          ) : null}
        </p>
      ) : null}
      {inGrace ? (
        <p className="font-medium text-warning" data-testid="grace-countdown">
          This key still works during its grace period: <Countdown until={key.expiresAt!} />
          <span className="font-normal text-fg-muted"> (at {exactTime(key.expiresAt!.toISOString())})</span>
        </p>
      ) : null}
      {key.revokedAt ? (
        <p data-testid="key-revoked">
          Revoked <time dateTime={key.revokedAt.toISOString()}>{exactTimeWithSeconds(key.revokedAt)}</time>
          {revokedByName ? ` by ${revokedByName}` : ""}. Apps using it have lost access.
        </p>
      ) : null}
    </div>
  );
}
