"use client";

import { Plus, RefreshCw, RotateCw, Send, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition, type ReactNode } from "react";
import { toast } from "sonner";
import {
  createWebhookAction,
  deleteWebhookAction,
  resendWebhookDeliveryAction,
  sendTestWebhookAction,
  setWebhookEnabledAction,
} from "@/app/(dashboard)/settings/webhooks/actions";
import { exactTime, relativeTime } from "@/components/api-keys/format";
import { RevealKeyDialog } from "@/components/api-keys/reveal-key-dialog";
import { ActionDialog } from "@/components/forms/action-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, Fieldset } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";
import type { ActionResult } from "@/lib/schemas/action-result";
import {
  WEBHOOK_EVENT_LABEL,
  WEBHOOK_EVENT_TYPES,
  createWebhookBodySchema,
  type CreatedWebhookDto,
  type CreateWebhookInput,
  type WebhookDeliveryDto,
  type WebhookDeliveryStatus,
  type WebhookEndpointDto,
  type WebhookEventType,
} from "@/lib/schemas/webhooks";

const STATUS_TONE: Record<WebhookDeliveryStatus, "success" | "warning" | "danger" | "neutral"> = {
  succeeded: "success",
  pending: "warning",
  delivering: "neutral",
  failed: "danger",
};

const STATUS_LABEL: Record<WebhookDeliveryStatus, string> = {
  succeeded: "Delivered",
  pending: "Retrying",
  delivering: "Sending",
  failed: "Failed",
};

export function WebhooksView({
  endpoints,
  deliveries,
  payloads,
}: {
  endpoints: WebhookEndpointDto[];
  deliveries: WebhookDeliveryDto[];
  /** Each delivery's body, highlighted on the server, by delivery id. */
  payloads: Record<string, ReactNode>;
}) {
  const router = useRouter();
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<WebhookEndpointDto | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [refreshing, startRefresh] = useTransition();
  const urlOf = new Map(endpoints.map((e) => [e.id, e.url]));
  // Resending queues the event again; a disabled endpoint would hold it until enabled.
  const enabled = new Set(endpoints.filter((e) => e.enabled).map((e) => e.id));

  async function run<T>(id: string, call: () => Promise<ActionResult<T>>, done: string) {
    setBusy(id);
    try {
      const result = await call();
      if (result.ok) {
        toast.success(done);
        router.refresh();
      } else toast.error(result.error.message);
    } catch {
      toast.error("That did not go through. Check your connection and try again.");
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="space-y-10">
      <section aria-labelledby="endpoints-heading" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="endpoints-heading" className="text-lg font-semibold">
            Endpoints
          </h2>
          <Button onClick={() => setAdding(true)}>
            <Plus className="h-4 w-4" aria-hidden />
            Add endpoint
          </Button>
        </div>
        {endpoints.length === 0 ? (
          <p className="rounded-lg border border-dashed border-border px-4 py-8 text-center text-sm text-fg-muted">
            No endpoints yet. Add one to hear about key changes as they happen.
          </p>
        ) : (
          // One row per endpoint: what it is on the left (it takes the room there is), its status
          // and actions on the right on one line; a card of its own on narrow screens.
          <ul aria-label="Webhook endpoints" className="divide-y divide-border rounded-lg border border-border bg-surface">
            {endpoints.map((endpoint) => (
              <li
                key={endpoint.id}
                aria-label={endpoint.url}
                className="flex flex-col gap-3 px-4 py-3 md:flex-row md:items-center md:justify-between md:gap-6"
              >
                <div className="min-w-0 flex-1 space-y-1">
                  <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
                    <span className="font-mono text-sm break-all">{endpoint.url}</span>
                    <Badge tone={endpoint.enabled ? "success" : "neutral"}>{endpoint.enabled ? "Enabled" : "Disabled"}</Badge>
                  </p>
                  <p className="text-xs text-fg-muted">
                    {endpoint.events.length === WEBHOOK_EVENT_TYPES.length ? (
                      <span title={endpoint.events.join(", ")}>All events</span>
                    ) : (
                      <span className="font-mono">{endpoint.events.join(", ")}</span>
                    )}
                    {" · "}
                    Added{" "}
                    <time dateTime={endpoint.created_at} title={exactTime(endpoint.created_at)}>
                      {relativeTime(endpoint.created_at)}
                    </time>{" "}
                    by {endpoint.created_by}
                  </p>
                </div>
                <div className="flex shrink-0 flex-wrap items-center gap-1.5 md:flex-nowrap">
                  <Button
                    variant="secondary"
                    size="sm"
                    className="whitespace-nowrap"
                    disabled={!endpoint.enabled || busy === endpoint.id}
                    onClick={() => run(endpoint.id, () => sendTestWebhookAction(endpoint.id), "Test event queued.")}
                    aria-label={`Send test event to ${endpoint.url}`}
                  >
                    <Send className="h-3.5 w-3.5" aria-hidden />
                    Send test
                  </Button>
                  <Button
                    variant="secondary"
                    size="sm"
                    className="whitespace-nowrap"
                    disabled={busy === endpoint.id}
                    onClick={() =>
                      run(
                        endpoint.id,
                        () => setWebhookEnabledAction(endpoint.id, !endpoint.enabled),
                        endpoint.enabled ? "Endpoint disabled." : "Endpoint enabled.",
                      )
                    }
                    aria-label={`${endpoint.enabled ? "Disable" : "Enable"} ${endpoint.url}`}
                  >
                    {endpoint.enabled ? "Disable" : "Enable"}
                  </Button>
                  <Button
                    variant="ghost"
                    size="sm"
                    className="whitespace-nowrap text-danger"
                    onClick={() => setDeleting(endpoint)}
                    aria-label={`Delete ${endpoint.url}`}
                  >
                    <Trash2 className="h-3.5 w-3.5" aria-hidden />
                    Delete
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="deliveries-heading" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="deliveries-heading" className="text-lg font-semibold">
            Recent deliveries
          </h2>
          <Button variant="secondary" size="sm" disabled={refreshing} onClick={() => startRefresh(() => router.refresh())}>
            <RefreshCw className="h-3.5 w-3.5" aria-hidden />
            {refreshing ? "Refreshing…" : "Refresh"}
          </Button>
        </div>
        {deliveries.length === 0 ? (
          <p className="text-sm text-fg-muted">Nothing delivered yet.</p>
        ) : (
          <ul aria-label="Recent webhook deliveries" className="divide-y divide-border rounded-lg border border-border bg-surface">
            {deliveries.map((delivery) => (
              <li key={delivery.id} aria-label={`${delivery.event_type} to ${urlOf.get(delivery.endpoint_id) ?? "a deleted endpoint"}`} className="space-y-2 px-4 py-3">
                <div className="flex flex-col gap-2 md:flex-row md:items-center md:gap-4">
                  <div className="flex min-w-0 flex-1 flex-wrap items-center gap-x-3 gap-y-1">
                    <code className="font-mono text-sm">{delivery.event_type}</code>
                    <Badge tone={STATUS_TONE[delivery.status]}>
                      {delivery.status === "pending" && delivery.attempts === 0 ? "Queued" : STATUS_LABEL[delivery.status]}
                    </Badge>
                    <span className="min-w-0 truncate font-mono text-xs text-fg-muted" title={urlOf.get(delivery.endpoint_id)}>
                      {urlOf.get(delivery.endpoint_id) ?? "—"}
                    </span>
                  </div>
                  <dl className="flex shrink-0 flex-wrap items-center gap-x-4 gap-y-1 text-xs text-fg-muted">
                    <div className="flex gap-1">
                      <dt>Attempts</dt>
                      <dd className="text-fg tabular-nums">{delivery.attempts}</dd>
                    </div>
                    <div className="flex gap-1">
                      <dt>Response</dt>
                      <dd className="text-fg tabular-nums">{delivery.response_status ?? "—"}</dd>
                    </div>
                    <div className="flex gap-1">
                      <dt>Queued</dt>
                      <dd>
                        <time dateTime={delivery.created_at} title={exactTime(delivery.created_at)}>
                          {relativeTime(delivery.created_at)}
                        </time>
                      </dd>
                    </div>
                  </dl>
                  <Button
                    variant="secondary"
                    size="sm"
                    className="self-start whitespace-nowrap md:self-auto"
                    disabled={busy === delivery.id || !enabled.has(delivery.endpoint_id)}
                    onClick={() => run(delivery.id, () => resendWebhookDeliveryAction(delivery.endpoint_id, delivery.id), `${delivery.event_type} queued again.`)}
                    aria-label={`Resend ${delivery.event_type} (${delivery.message_id})`}
                  >
                    <RotateCw className="h-3.5 w-3.5" aria-hidden />
                    Resend
                  </Button>
                </div>
                {delivery.error ? <p className="text-xs break-words text-fg-muted">{delivery.error}</p> : null}
                <details className="group text-sm">
                  <summary className="cursor-pointer text-xs font-medium text-accent">
                    Payload <span className="font-normal text-fg-muted">({delivery.message_id})</span>
                  </summary>
                  <div className="mt-2">{payloads[delivery.id]}</div>
                </details>
              </li>
            ))}
          </ul>
        )}
      </section>

      <AddEndpointDialog
        open={adding}
        onDone={(created) => {
          setAdding(false);
          if (created) {
            setSecret(created.secret);
            router.refresh();
          }
        }}
      />
      <RevealKeyDialog
        secret={secret}
        title="Endpoint added"
        noun="signing secret"
        whenLost="delete the endpoint and add it again"
        onClose={() => setSecret(null)}
      />
      <ActionDialog
        open={deleting !== null}
        onOpenChange={(open) => (!open ? setDeleting(null) : undefined)}
        destructive
        title="Delete endpoint"
        description={deleting && `Delete ${deleting.url}?`}
        onConfirm={async () => {
          if (!deleting) return;
          await run(deleting.id, () => deleteWebhookAction(deleting.id), "Endpoint deleted.");
          setDeleting(null);
        }}
        confirmLabel="Delete endpoint"
        pending={deleting !== null && busy === deleting.id}
      >
        <Notice tone="danger">It stops receiving events at once, and its delivery history is deleted with it.</Notice>
      </ActionDialog>
    </div>
  );
}

function AddEndpointDialog({ open, onDone }: { open: boolean; onDone: (created: CreatedWebhookDto | null) => void }) {
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<WebhookEventType[]>([...WEBHOOK_EVENT_TYPES]);
  const add = useActionForm((input: CreateWebhookInput) => createWebhookAction(input), {
    schema: createWebhookBodySchema,
    // What the server says of the same refusal.
    invalidMessage: "Check the highlighted fields.",
    failureMessage: "The endpoint could not be added. Check your connection and try again.",
    onSuccess: (created) => {
      reset();
      onDone(created);
    },
  });
  function reset() {
    setUrl("");
    setEvents([...WEBHOOK_EVENT_TYPES]);
    add.reset();
  }

  return (
    <ActionDialog
      open={open}
      onOpenChange={(next) => {
        if (next) return;
        reset();
        onDone(null);
      }}
      title="Add endpoint"
      description="Where Keyport sends signed key events."
      onSubmit={() => add.submit({ url, events })}
      confirmLabel="Add endpoint"
      pendingLabel="Adding…"
      pending={add.pending}
      error={add.error}
    >
      <Field label="Endpoint URL" hint="An https:// URL that answers 2xx within 10 seconds." error={add.fieldErrors.url?.join(" ")}>
        {(props) => (
          <Input
            {...props}
            type="url"
            inputMode="url"
            autoComplete="off"
            placeholder="https://example.com/webhooks/keyport"
            value={url}
            onChange={(e) => {
              setUrl(e.target.value);
              add.clearFieldError("url");
            }}
            autoFocus
          />
        )}
      </Field>
      <Fieldset legend="Events" error={add.fieldErrors.events?.join(" ")}>
        <div className="grid gap-1.5 sm:grid-cols-2">
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <label key={type} className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                className="mt-0.5 h-4 w-4 accent-[var(--accent)]"
                checked={events.includes(type)}
                onChange={(e) => setEvents((current) => (e.target.checked ? [...current, type] : current.filter((t) => t !== type)))}
              />
              <span>
                <span className="font-mono text-xs">{type}</span>
                <span className="block text-xs text-fg-muted">{WEBHOOK_EVENT_LABEL[type]}</span>
              </span>
            </label>
          ))}
        </div>
      </Fieldset>
    </ActionDialog>
  );
}
