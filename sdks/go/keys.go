package keyport

import (
	"context"
	"net/url"
	"time"
)

var (
	opListKeys      = register("listApiKeys", "GET", "/api/v1/projects/{projectId}/keys")
	opCreateKey     = register("createApiKey", "POST", "/api/v1/projects/{projectId}/keys")
	opUpdateKey     = register("updateApiKey", "PATCH", "/api/v1/projects/{projectId}/keys/{keyId}")
	opRevokeKey     = register("revokeApiKey", "DELETE", "/api/v1/projects/{projectId}/keys/{keyId}")
	opBulkRevokeKey = register("bulkRevokeApiKeys", "POST", "/api/v1/projects/{projectId}/keys/bulk-revoke")
	opRollKey       = register("rollApiKey", "POST", "/api/v1/projects/{projectId}/keys/{keyId}/roll")
	opKeyUsage      = register("getApiKeyUsage", "GET", "/api/v1/projects/{projectId}/keys/{keyId}/usage")
	opDeactivateKey = register("deactivateApiKey", "POST", "/api/v1/projects/{projectId}/keys/{keyId}/deactivate")
	opReactivateKey = register("reactivateApiKey", "POST", "/api/v1/projects/{projectId}/keys/{keyId}/reactivate")
	opRevealKey     = register("revealApiKey", "POST", "/api/v1/projects/{projectId}/keys/{keyId}/reveal")
	opKeyCredits    = register("changeApiKeyCredits", "POST", "/api/v1/projects/{projectId}/keys/{keyId}/credits")
	opKeyLedger     = register("listApiKeyLedger", "GET", "/api/v1/projects/{projectId}/keys/{keyId}/credits/ledger")
)

// RateLimit is a key's own rate limit: Limit verifications per WindowS seconds.
type RateLimit struct {
	Limit   int `json:"limit"`
	WindowS int `json:"window_s"`
}

// APIKey is a key as the management API shows it (never its secret).
type APIKey struct {
	KeyID     string   `json:"key_id"`
	Name      string   `json:"name"`
	KeyPrefix string   `json:"key_prefix"`
	ProjectID *string  `json:"project_id"`
	TenantID  string   `json:"tenant_id"`
	Scopes    []string `json:"scopes"`
	IsActive  bool     `json:"is_active"`
	// Status is active, deactivated, revoked or expired.
	Status         string     `json:"status"`
	IsAdminManaged bool       `json:"is_admin_managed"`
	CreatedAt      time.Time  `json:"created_at"`
	CreatedBy      string     `json:"created_by"`
	ExpiresAt      *time.Time `json:"expires_at"`
	LastUsedAt     *time.Time `json:"last_used_at"`
	Environment    string     `json:"environment"`
	Description    *string    `json:"description"`
	RevokedAt      *time.Time `json:"revoked_at"`
	DeactivatedAt  *time.Time `json:"deactivated_at"`
	Recoverable    bool       `json:"recoverable"`
	RateLimit      *RateLimit `json:"rate_limit"`
	AllowedIPs     []string   `json:"allowed_ips"`
	LeakedAt       *time.Time `json:"leaked_at"`
	RolledFrom     *string    `json:"rolled_from"`
	RolledTo       *string    `json:"rolled_to"`
	IdentityID     *string    `json:"identity_id"`
	Credits        *Credits   `json:"credits"`
}

// CreatedKey is a new key with its secret, Key, which is shown only this once.
type CreatedKey struct {
	APIKey
	Key string `json:"key"`
}

// ListKeysParams filters, sorts and pages KeysService.List; empty fields are left out.
type ListKeysParams struct {
	Environment string // live or test
	Status      string // active, revoked or expired
	Q           string // text in the name
	Sort        string // created, name, last_used or expires
	Order       string // asc or desc
	Limit       int
	Cursor      string
}

// CreateKeyParams is the body of KeysService.Create.
type CreateKeyParams struct {
	Name        string     `json:"name"`
	Environment string     `json:"environment,omitempty"`
	Description string     `json:"description,omitempty"`
	ExpiresAt   *time.Time `json:"expires_at,omitempty"`
	Scopes      []string   `json:"scopes,omitempty"`
	AllProjects bool       `json:"all_projects,omitempty"`
	RateLimit   *RateLimit `json:"rate_limit,omitempty"`
	AllowedIPs  []string   `json:"allowed_ips,omitempty"`
	// IdentityID is the identity that owns the key; its credits and rate limit apply too.
	IdentityID string `json:"identity_id,omitempty"`
	// Credits are the key's own (nil: unlimited).
	Credits *CreditsParams `json:"credits,omitempty"`
}

// RevealedKey is a recoverable key, again.
type RevealedKey struct {
	KeyID string `json:"key_id"`
	Key   string `json:"key"`
}

// UpdateKeyParams is the body of KeysService.Update; nil fields are left as they are.
type UpdateKeyParams struct {
	Name        *string    `json:"name,omitempty"`
	Description *string    `json:"description,omitempty"`
	Scopes      []string   `json:"scopes,omitempty"`
	ExpiresAt   *time.Time `json:"expires_at,omitempty"`
	RateLimit   *RateLimit `json:"rate_limit,omitempty"`
	AllowedIPs  []string   `json:"allowed_ips,omitempty"`
}

// RollKeyParams is the body of KeysService.Roll: how long the old key keeps working
// ("none", "1h", "24h" or "7d").
type RollKeyParams struct {
	GracePeriod string `json:"grace_period"`
}

// BulkRevokeResult says what happened to each key of a bulk revoke.
type BulkRevokeResult struct {
	Results []struct {
		KeyID  string `json:"key_id"`
		Status string `json:"status"`
		Detail string `json:"detail"`
	} `json:"results"`
}

// UsageParams chooses the buckets of KeysService.Usage ("hour" or "day", and since when).
type UsageParams struct {
	Granularity string
	Since       time.Time
}

// UsagePoint is one bucket of a key's verifications.
type UsagePoint struct {
	At      time.Time `json:"at"`
	Valid   int       `json:"valid"`
	Invalid int       `json:"invalid"`
}

// KeysService manages a project's SDK keys.
type KeysService struct{ client *Client }

// List returns one page of the project's keys (keys:read); params may be nil.
func (s *KeysService) List(ctx context.Context, projectID string, params *ListKeysParams) ([]APIKey, error) {
	query := url.Values{}
	if params != nil {
		setString(query, "environment", params.Environment)
		setString(query, "status", params.Status)
		setString(query, "q", params.Q)
		setString(query, "sort", params.Sort)
		setString(query, "order", params.Order)
		setInt(query, "limit", params.Limit)
		setString(query, "cursor", params.Cursor)
	}
	var out []APIKey
	return out, s.client.do(ctx, call{op: opListKeys, params: []string{projectID}, query: query, out: &out})
}

// Create makes a key (keys:write); CreatedKey.Key is the only time its secret is shown.
func (s *KeysService) Create(ctx context.Context, projectID string, params CreateKeyParams) (*CreatedKey, error) {
	var out CreatedKey
	if err := s.client.do(ctx, call{op: opCreateKey, params: []string{projectID}, body: params, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// Update edits a key's name, description, scopes or limits, or moves its expiry earlier.
func (s *KeysService) Update(ctx context.Context, projectID, keyID string, params UpdateKeyParams) (*APIKey, error) {
	var out APIKey
	if err := s.client.do(ctx, call{op: opUpdateKey, params: []string{projectID, keyID}, body: params, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// Roll makes a new key with everything of the old one (shown once); the old one stops when the
// grace period ends.
func (s *KeysService) Roll(ctx context.Context, projectID, keyID string, params RollKeyParams) (*CreatedKey, error) {
	if params.GracePeriod == "" {
		params.GracePeriod = "none"
	}
	var out CreatedKey
	if err := s.client.do(ctx, call{op: opRollKey, params: []string{projectID, keyID}, body: params, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// Deactivate refuses the key (401 invalid_api_key, like a revoked key) until it is
// reactivated; idempotent.
func (s *KeysService) Deactivate(ctx context.Context, projectID, keyID string) (*APIKey, error) {
	var out APIKey
	if err := s.client.do(ctx, call{op: opDeactivateKey, params: []string{projectID, keyID}, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// Reactivate lets a deactivated key verify again, with everything it had (a revoked key is a 409).
func (s *KeysService) Reactivate(ctx context.Context, projectID, keyID string) (*APIKey, error) {
	var out APIKey
	if err := s.client.do(ctx, call{op: opReactivateKey, params: []string{projectID, keyID}, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// Reveal returns a recoverable key again (keys:reveal; every reveal is audited).
func (s *KeysService) Reveal(ctx context.Context, projectID, keyID string) (*RevealedKey, error) {
	var out RevealedKey
	if err := s.client.do(ctx, call{op: opRevealKey, params: []string{projectID, keyID}, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// AddCredits adds amount to the key's own balance (an unlimited balance is a 409: set it first).
func (s *KeysService) AddCredits(ctx context.Context, projectID, keyID string, amount int, reason string) (*CreditChange, error) {
	return s.changeCredits(ctx, projectID, keyID, creditChangeBody{Op: "add", Amount: amount, Reason: reason})
}

// SetCredits sets the key's own balance to amount (and makes an unlimited balance limited).
func (s *KeysService) SetCredits(ctx context.Context, projectID, keyID string, amount int, reason string) (*CreditChange, error) {
	return s.changeCredits(ctx, projectID, keyID, creditChangeBody{Op: "set", Amount: amount, Reason: reason})
}

func (s *KeysService) changeCredits(ctx context.Context, projectID, keyID string, body creditChangeBody) (*CreditChange, error) {
	var out CreditChange
	if err := s.client.do(ctx, call{op: opKeyCredits, params: []string{projectID, keyID}, body: body, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// Ledger returns the refills, adds and sets of the key's own balance, newest first.
func (s *KeysService) Ledger(ctx context.Context, projectID, keyID string, params *LedgerParams) ([]LedgerEntry, error) {
	var out []LedgerEntry
	return out, s.client.do(ctx, call{op: opKeyLedger, params: []string{projectID, keyID}, query: ledgerQuery(params), out: &out})
}

// Revoke revokes a key (idempotent).
func (s *KeysService) Revoke(ctx context.Context, projectID, keyID string) error {
	return s.client.do(ctx, call{op: opRevokeKey, params: []string{projectID, keyID}})
}

// BulkRevoke revokes each key on its own and says what happened to each.
func (s *KeysService) BulkRevoke(ctx context.Context, projectID string, keyIDs []string) (*BulkRevokeResult, error) {
	var out BulkRevokeResult
	body := map[string][]string{"key_ids": keyIDs}
	if err := s.client.do(ctx, call{op: opBulkRevokeKey, params: []string{projectID}, body: body, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// Usage returns the key's verifications over time (usage:read); params may be nil.
func (s *KeysService) Usage(ctx context.Context, projectID, keyID string, params *UsageParams) ([]UsagePoint, error) {
	query := url.Values{}
	if params != nil {
		setString(query, "granularity", params.Granularity)
		setTime(query, "since", params.Since)
	}
	var out []UsagePoint
	return out, s.client.do(ctx, call{op: opKeyUsage, params: []string{projectID, keyID}, query: query, out: &out})
}
