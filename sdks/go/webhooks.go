package keyport

import (
	"context"
	"encoding/json"
	"time"
)

var (
	opListWebhooks   = register("listWebhooks", "GET", "/api/v1/webhooks")
	opCreateWebhook  = register("createWebhook", "POST", "/api/v1/webhooks")
	opUpdateWebhook  = register("updateWebhook", "PATCH", "/api/v1/webhooks/{webhookId}")
	opDeleteWebhook  = register("deleteWebhook", "DELETE", "/api/v1/webhooks/{webhookId}")
	opTestWebhook    = register("testWebhook", "POST", "/api/v1/webhooks/{webhookId}/test")
	opListDeliveries = register("listWebhookDeliveries", "GET", "/api/v1/webhooks/{webhookId}/deliveries")
	opResendDelivery = register("resendWebhookDelivery", "POST", "/api/v1/webhooks/{webhookId}/deliveries/{deliveryId}/resend")
)

// WebhookEndpoint is a registered endpoint (never its secret).
type WebhookEndpoint struct {
	ID        string    `json:"id"`
	URL       string    `json:"url"`
	Events    []string  `json:"events"`
	Enabled   bool      `json:"enabled"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
}

// CreatedWebhook is a new endpoint with its signing secret (whsec_…), shown once.
type CreatedWebhook struct {
	WebhookEndpoint
	Secret string `json:"secret"`
}

// CreateWebhookParams is the body of WebhooksService.Create.
type CreateWebhookParams struct {
	URL    string   `json:"url"`
	Events []string `json:"events"`
}

// UpdateWebhookParams is the body of WebhooksService.Update; nil fields are left as they are.
type UpdateWebhookParams struct {
	Disabled *bool    `json:"disabled,omitempty"`
	Events   []string `json:"events,omitempty"`
}

// WebhookDelivery is one event's delivery to an endpoint.
type WebhookDelivery struct {
	ID             string          `json:"id"`
	EndpointID     string          `json:"endpoint_id"`
	MessageID      string          `json:"message_id"`
	EventType      string          `json:"event_type"`
	Status         string          `json:"status"`
	Attempts       int             `json:"attempts"`
	ResponseStatus *int            `json:"response_status"`
	Error          *string         `json:"error"`
	CreatedAt      time.Time       `json:"created_at"`
	LastAttemptAt  *time.Time      `json:"last_attempt_at"`
	NextAttemptAt  *time.Time      `json:"next_attempt_at"`
	DeliveredAt    *time.Time      `json:"delivered_at"`
	Payload        json.RawMessage `json:"payload"`
}

// WebhooksService manages webhook endpoints and their deliveries.
type WebhooksService struct{ client *Client }

// List returns the workspace's endpoints (webhooks:read).
func (s *WebhooksService) List(ctx context.Context) ([]WebhookEndpoint, error) {
	var out []WebhookEndpoint
	return out, s.client.do(ctx, call{op: opListWebhooks, out: &out})
}

// Create adds an endpoint (webhooks:write).
func (s *WebhooksService) Create(ctx context.Context, params CreateWebhookParams) (*CreatedWebhook, error) {
	var out CreatedWebhook
	if err := s.client.do(ctx, call{op: opCreateWebhook, body: params, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// Update enables, disables or changes the events of an endpoint.
func (s *WebhooksService) Update(ctx context.Context, webhookID string, params UpdateWebhookParams) (*WebhookEndpoint, error) {
	var out WebhookEndpoint
	if err := s.client.do(ctx, call{op: opUpdateWebhook, params: []string{webhookID}, body: params, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// Delete removes an endpoint.
func (s *WebhooksService) Delete(ctx context.Context, webhookID string) error {
	return s.client.do(ctx, call{op: opDeleteWebhook, params: []string{webhookID}})
}

// Test queues a webhook.test event for the endpoint.
func (s *WebhooksService) Test(ctx context.Context, webhookID string) (*WebhookDelivery, error) {
	var out WebhookDelivery
	if err := s.client.do(ctx, call{op: opTestWebhook, params: []string{webhookID}, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// Deliveries returns the endpoint's recent deliveries.
func (s *WebhooksService) Deliveries(ctx context.Context, webhookID string) ([]WebhookDelivery, error) {
	var out []WebhookDelivery
	return out, s.client.do(ctx, call{op: opListDeliveries, params: []string{webhookID}, out: &out})
}

// Resend queues a delivery's event again.
func (s *WebhooksService) Resend(ctx context.Context, webhookID, deliveryID string) (*WebhookDelivery, error) {
	var out WebhookDelivery
	if err := s.client.do(ctx, call{op: opResendDelivery, params: []string{webhookID, deliveryID}, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}
