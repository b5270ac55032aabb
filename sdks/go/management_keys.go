package keyport

import (
	"context"
	"time"
)

var (
	opListManagementKeys  = register("listManagementKeys", "GET", "/api/v1/management-keys")
	opCreateManagementKey = register("createManagementKey", "POST", "/api/v1/management-keys")
	opRevokeManagementKey = register("revokeManagementKey", "DELETE", "/api/v1/management-keys/{id}")
	opGetRequest          = register("getRequest", "GET", "/api/v1/requests/{requestId}")
)

// ManagementKey is a management key as the API shows it (never its secret).
type ManagementKey struct {
	ID          string         `json:"id"`
	Name        string         `json:"name"`
	Permissions []string       `json:"permissions"`
	Start       string         `json:"start"`
	CreatedAt   time.Time      `json:"created_at"`
	CreatedBy   map[string]any `json:"created_by"`
	ExpiresAt   *time.Time     `json:"expires_at"`
	LastUsedAt  *time.Time     `json:"last_used_at"`
	RevokedAt   *time.Time     `json:"revoked_at"`
}

// CreatedManagementKey is a new management key with its secret (kpm_…), shown once.
type CreatedManagementKey struct {
	ManagementKey
	Key string `json:"key"`
}

// CreateManagementKeyParams is the body of ManagementKeysService.Create.
type CreateManagementKeyParams struct {
	Name        string     `json:"name"`
	Permissions []string   `json:"permissions"`
	ExpiresAt   *time.Time `json:"expires_at,omitempty"`
}

// ManagementKeysService manages management keys.
type ManagementKeysService struct{ client *Client }

// List returns the workspace's management keys, revoked ones too (management_keys:read).
func (s *ManagementKeysService) List(ctx context.Context) ([]ManagementKey, error) {
	var out []ManagementKey
	return out, s.client.do(ctx, call{op: opListManagementKeys, out: &out})
}

// Create makes a management key with a subset of the caller's permissions.
func (s *ManagementKeysService) Create(ctx context.Context, params CreateManagementKeyParams) (*CreatedManagementKey, error) {
	var out CreatedManagementKey
	if err := s.client.do(ctx, call{op: opCreateManagementKey, body: params, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// Revoke revokes a management key (idempotent).
func (s *ManagementKeysService) Revoke(ctx context.Context, id string) error {
	return s.client.do(ctx, call{op: opRevokeManagementKey, params: []string{id}})
}

// VerificationLookup says which key made a verification request.
type VerificationLookup struct {
	RequestID string    `json:"request_id"`
	At        time.Time `json:"at"`
	Outcome   string    `json:"outcome"`
	Status    int       `json:"status"`
	Reason    *string   `json:"reason"`
	IP        *string   `json:"ip"`
	UserAgent *string   `json:"user_agent"`
	Key       *struct {
		KeyID       string  `json:"key_id"`
		Name        string  `json:"name"`
		KeyPrefix   string  `json:"key_prefix"`
		Environment string  `json:"environment"`
		ProjectID   *string `json:"project_id"`
	} `json:"key"`
}

// RequestsService looks up verification requests.
type RequestsService struct{ client *Client }

// Get returns the verification behind a request id (requests:read).
func (s *RequestsService) Get(ctx context.Context, requestID string) (*VerificationLookup, error) {
	var out VerificationLookup
	if err := s.client.do(ctx, call{op: opGetRequest, params: []string{requestID}, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}
