// Webhook endpoints and their deliveries.
import { type BodyOf, type QueryOf, Resource, type ResultOf, unwrap } from "./resource.js";

export class Webhooks extends Resource {
  list(): Promise<ResultOf<"listWebhooks">> {
    return unwrap(this.client.GET("/api/v1/webhooks"));
  }

  /** Adds an endpoint; the answer's signing `secret` is shown once. */
  create(body: BodyOf<"createWebhook">): Promise<ResultOf<"createWebhook">> {
    return unwrap(this.client.POST("/api/v1/webhooks", { body }));
  }

  update(webhookId: string, body: BodyOf<"updateWebhook">): Promise<ResultOf<"updateWebhook">> {
    return unwrap(this.client.PATCH("/api/v1/webhooks/{webhookId}", { params: { path: { webhookId } }, body }));
  }

  delete(webhookId: string): Promise<ResultOf<"deleteWebhook">> {
    return unwrap(this.client.DELETE("/api/v1/webhooks/{webhookId}", { params: { path: { webhookId } } }));
  }

  /** Queues a `webhook.test` event for the endpoint. */
  test(webhookId: string): Promise<ResultOf<"testWebhook">> {
    return unwrap(this.client.POST("/api/v1/webhooks/{webhookId}/test", { params: { path: { webhookId } } }));
  }

  deliveries(webhookId: string, query?: QueryOf<"listWebhookDeliveries">): Promise<ResultOf<"listWebhookDeliveries">> {
    return unwrap(this.client.GET("/api/v1/webhooks/{webhookId}/deliveries", { params: { path: { webhookId }, query } }));
  }

  resend(webhookId: string, deliveryId: string): Promise<ResultOf<"resendWebhookDelivery">> {
    return unwrap(
      this.client.POST("/api/v1/webhooks/{webhookId}/deliveries/{deliveryId}/resend", { params: { path: { webhookId, deliveryId } } }),
    );
  }
}
