import type { Metadata } from "next";
import { HighlightedCode } from "@/components/docs/code-block";
import { WebhooksView } from "@/components/webhooks/webhooks-view";
import { requirePageSession } from "@/lib/auth/page";
import { listWebhookDeliveries, listWebhookEndpoints, toWebhookDeliveryDto, toWebhookEndpointDto } from "@/lib/data";

export const metadata: Metadata = { title: "Webhooks" };

// Settings -> Webhooks (admins): endpoints that receive signed key events, and what was
// delivered to them.
export default async function WebhooksPage() {
  const session = await requirePageSession();
  if (session.role !== "admin") {
    return (
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">Webhooks</h1>
        <p className="text-sm text-fg-muted">Only workspace admins can manage webhooks.</p>
      </div>
    );
  }
  const [endpoints, deliveries] = await Promise.all([
    listWebhookEndpoints(session.workspaceId),
    listWebhookDeliveries(session.workspaceId, { limit: 50 }),
  ]);
  const shown = deliveries.map(toWebhookDeliveryDto);
  // Each delivery's body, pretty-printed and highlighted here on the server.
  const payloads = Object.fromEntries(
    shown.map((delivery) => [
      delivery.id,
      <HighlightedCode
        key={delivery.id}
        code={JSON.stringify(delivery.payload, null, 2)}
        language="json"
        label={`Payload of ${delivery.event_type} delivery ${delivery.message_id}`}
        className="max-h-80 rounded-md border border-border"
      />,
    ]),
  );
  return (
    <div className="space-y-8">
      <header>
        <p className="text-sm text-fg-muted">Settings</p>
        <h1 className="text-2xl font-semibold">Webhooks</h1>
        <p className="mt-1 max-w-2xl text-sm text-fg-muted">
          Keyport tells your HTTPS endpoints when a key is created, rolled, edited, revoked, reported leaked, about to expire
          (7 days before) or expired. Each request is signed as a Standard Webhook; retries back off for up to 24 hours.
        </p>
      </header>
      <WebhooksView
        endpoints={endpoints.map(toWebhookEndpointDto)}
        deliveries={shown}
        payloads={payloads}
      />
    </div>
  );
}
