// Webhooks: the events an endpoint can receive, what adding one takes, and an endpoint and a
// delivery as the API returns them. Client-safe.
import { z } from "zod";
import { freeText } from "./text";

export const WEBHOOK_EVENT_TYPES = [
  "key.created",
  "key.rolled",
  "key.updated",
  "key.revoked",
  "key.deactivated",
  "key.reactivated",
  "key.expiring",
  "key.expired",
  "key.leaked",
  "management_key.leaked",
  "credits.low",
  "credits.exhausted",
  "credits.refilled",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent by "Send test event" only, whatever the endpoint subscribes to. */
export const WEBHOOK_TEST_EVENT = "webhook.test";

export const WEBHOOK_EVENT_LABEL: Record<WebhookEventType, string> = {
  "key.created": "A key is created",
  "key.rolled": "A key is rolled",
  "key.updated": "A key is edited",
  "key.revoked": "A key is revoked",
  "key.deactivated": "A key is deactivated",
  "key.reactivated": "A key is reactivated",
  "key.expiring": "A key expires in 7 days",
  "key.expired": "A key has expired",
  "key.leaked": "A key is reported leaked",
  "management_key.leaked": "A management key is reported leaked",
  "credits.low": "A balance falls below its low threshold",
  "credits.exhausted": "A balance runs out",
  "credits.refilled": "A balance is refilled",
};

/** How long before its expiry a key's `key.expiring` event is sent. */
export const EXPIRING_NOTICE_DAYS = 7;
export const WEBHOOK_URL_MAX = 2000;
export const WEBHOOK_ENDPOINTS_MAX = 20;

/**
 * The URL's form: absolute http(s), no credentials, no fragment. Whether plain http and
 * private addresses are allowed is decided by the server (lib/webhooks/private.ts).
 */
export const webhookUrlSchema = freeText()
  .trim()
  .min(1, "Enter the endpoint's URL.")
  .max(WEBHOOK_URL_MAX, `Use at most ${WEBHOOK_URL_MAX} characters.`)
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "Enter an absolute URL, such as https://example.com/webhooks/keyport." });
      return;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      ctx.addIssue({ code: "custom", message: "Use an https:// URL." });
    } else if (url.username || url.password) {
      ctx.addIssue({ code: "custom", message: "Remove the user name and password from the URL; requests are signed instead." });
    } else if (url.hash) {
      ctx.addIssue({ code: "custom", message: "Remove the #fragment: it is never sent." });
    }
  })
  .meta({ format: "uri" });

export const webhookEventsSchema = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { error: `Use event types from: ${WEBHOOK_EVENT_TYPES.join(", ")}.` }), {
    error: "events is a list of event types.",
  })
  .min(1, "Choose at least one event.")
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((events) => new Set(events).size === events.length, "List each event once.")
  .meta({ uniqueItems: true });

/** POST /api/v1/webhooks, and the Add endpoint dialog. */
export const createWebhookBodySchema = z.strictObject({
  url: webhookUrlSchema,
  events: webhookEventsSchema,
});
export type CreateWebhookInput = z.input<typeof createWebhookBodySchema>;

/** PATCH /api/v1/webhooks/{id}: turn an endpoint off or on, or change what it receives. */
export const updateWebhookBodySchema = z
  .strictObject({
    disabled: z.boolean({ error: "disabled is true or false." }).optional(),
    events: webhookEventsSchema.optional(),
  })
  .refine((body) => body.disabled !== undefined || body.events !== undefined, "Send disabled, events, or both.");

export const webhookIdSchema = z.uuid({ error: "The webhook id is a UUID." });
export const webhookDeliveryIdSchema = z.uuid({ error: "The delivery id is a UUID." });

export const webhookEndpointDtoSchema = z.strictObject({
  id: z.uuid(),
  url: z.string().meta({ format: "uri" }),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).meta({ uniqueItems: true }),
  enabled: z.boolean(),
  created_at: z.iso.datetime({ offset: true }),
  created_by: z.string(),
});
export type WebhookEndpointDto = z.infer<typeof webhookEndpointDtoSchema>;

/** The answer to POST /api/v1/webhooks: the endpoint, and its signing secret, once. */
export const createdWebhookDtoSchema = webhookEndpointDtoSchema.extend({ secret: z.string().regex(/^whsec_/) });
export type CreatedWebhookDto = z.infer<typeof createdWebhookDtoSchema>;

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "delivering", "succeeded", "failed"] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

export const webhookDeliveryDtoSchema = z.strictObject({
  id: z.uuid(),
  endpoint_id: z.uuid(),
  message_id: z.string(),
  event_type: z.enum([...WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT]),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.number().int(),
  response_status: z.number().int().nullable(),
  error: z.string().nullable(),
  created_at: z.iso.datetime({ offset: true }),
  last_attempt_at: z.iso.datetime({ offset: true }).nullable(),
  next_attempt_at: z.iso.datetime({ offset: true }).nullable(),
  delivered_at: z.iso.datetime({ offset: true }).nullable(),
  /** The JSON body sent: the same on every attempt and every resend of the event. */
  payload: z
    .looseObject({ type: z.string(), timestamp: z.iso.datetime({ offset: true }), data: z.record(z.string(), z.unknown()) })
    .meta({ description: "The JSON body sent (`type`, `timestamp`, `data`): the same on every attempt and every resend of the event." }),
});
export type WebhookDeliveryDto = z.infer<typeof webhookDeliveryDtoSchema>;
