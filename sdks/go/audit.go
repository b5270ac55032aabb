package keyport

import (
	"context"
	"net/url"
	"time"
)

var (
	opListAuditEvents  = register("listAuditEvents", "GET", "/api/v1/audit-events")
	opExportAuditEvent = register("exportAuditEvents", "GET", "/api/v1/audit-events/export")
)

// AuditEvent is one entry of the audit log.
type AuditEvent struct {
	EventID   string    `json:"event_id"`
	CreatedAt time.Time `json:"created_at"`
	Action    string    `json:"action"`
	Actor     struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		Type string `json:"type"`
	} `json:"actor"`
	KeyID     *string        `json:"key_id"`
	ProjectID *string        `json:"project_id"`
	RequestID *string        `json:"request_id"`
	IP        *string        `json:"ip"`
	Details   map[string]any `json:"details"`
}

// AuditEventsParams filters the audit log; empty fields are left out.
type AuditEventsParams struct {
	KeyID     string
	Actor     string
	Action    string
	From      time.Time
	To        time.Time
	RequestID string
	Cursor    string
	Limit     int
}

func (p *AuditEventsParams) query() url.Values {
	query := url.Values{}
	if p != nil {
		setString(query, "key_id", p.KeyID)
		setString(query, "actor", p.Actor)
		setString(query, "action", p.Action)
		setTime(query, "from", p.From)
		setTime(query, "to", p.To)
		setString(query, "request_id", p.RequestID)
		setString(query, "cursor", p.Cursor)
		setInt(query, "limit", p.Limit)
	}
	return query
}

// AuditEventsService reads the audit log (audit:read).
type AuditEventsService struct{ client *Client }

// List returns a page of audit events, newest first; params may be nil.
func (s *AuditEventsService) List(ctx context.Context, params *AuditEventsParams) ([]AuditEvent, error) {
	var out []AuditEvent
	return out, s.client.do(ctx, call{op: opListAuditEvents, query: params.query(), out: &out})
}

// Export returns every matching event as CSV.
func (s *AuditEventsService) Export(ctx context.Context, params *AuditEventsParams) (string, error) {
	var out string
	return out, s.client.do(ctx, call{op: opExportAuditEvent, query: params.query(), out: &out})
}
