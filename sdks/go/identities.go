package keyport

import (
	"context"
	"net/url"
	"time"
)

var (
	opListIdentities       = register("listIdentities", "GET", "/api/v1/identities")
	opCreateIdentity       = register("createIdentity", "POST", "/api/v1/identities")
	opGetIdentity          = register("getIdentity", "GET", "/api/v1/identities/{id}")
	opUpdateIdentity       = register("updateIdentity", "PATCH", "/api/v1/identities/{id}")
	opDeleteIdentity       = register("deleteIdentity", "DELETE", "/api/v1/identities/{id}")
	opChangeIdentityCredit = register("changeIdentityCredits", "POST", "/api/v1/identities/{id}/credits")
	opIdentityLedger       = register("listIdentityLedger", "GET", "/api/v1/identities/{id}/credits/ledger")
)

// Refill sets a balance to Amount every day, or every month on DayOfMonth.
type Refill struct {
	Amount     int    `json:"amount"`
	Interval   string `json:"interval"` // daily or monthly
	DayOfMonth *int   `json:"day_of_month,omitempty"`
}

// Credits is a balance as the API shows it; a nil *Credits means unlimited.
type Credits struct {
	Remaining    int        `json:"remaining"`
	Refill       *Refill    `json:"refill"`
	LowThreshold *int       `json:"low_threshold"`
	RefilledAt   *time.Time `json:"refilled_at"`
	NextRefillAt *time.Time `json:"next_refill_at"`
}

// CreditsParams sets a balance: Remaining credits, an optional refill and low-balance threshold.
type CreditsParams struct {
	Remaining    int     `json:"remaining"`
	Refill       *Refill `json:"refill,omitempty"`
	LowThreshold *int    `json:"low_threshold,omitempty"`
}

// Identity is a customer of your product: it owns keys, and its credits and rate limit are
// shared by all of them.
type Identity struct {
	ID         string         `json:"id"`
	ExternalID string         `json:"external_id"`
	Name       *string        `json:"name"`
	Meta       map[string]any `json:"meta"`
	Credits    *Credits       `json:"credits"`
	RateLimit  *RateLimit     `json:"rate_limit"`
	KeyCount   int            `json:"key_count"`
	CreatedAt  time.Time      `json:"created_at"`
	UpdatedAt  time.Time      `json:"updated_at"`
}

// CreateIdentityParams is the body of IdentitiesService.Create. Credits nil is unlimited.
type CreateIdentityParams struct {
	ExternalID string         `json:"external_id"`
	Name       string         `json:"name,omitempty"`
	Meta       map[string]any `json:"meta,omitempty"`
	Credits    *CreditsParams `json:"credits,omitempty"`
	RateLimit  *RateLimit     `json:"rate_limit,omitempty"`
}

// UpdateIdentityParams is the body of IdentitiesService.Update, by the API's field names
// ("external_id", "name", "meta", "credits", "rate_limit"): each field given is sent as it is
// (nil clears it), the rest are left as they are.
type UpdateIdentityParams map[string]any

// ListIdentitiesParams searches and pages IdentitiesService.List; empty fields are left out.
type ListIdentitiesParams struct {
	Q          string // text in the external id or name
	ExternalID string // exactly this external id
	Limit      int
	Cursor     string
}

// DeletedIdentity says how many active keys were revoked with the identity.
type DeletedIdentity struct {
	Success     bool `json:"success"`
	RevokedKeys int  `json:"revoked_keys"`
}

// LedgerEntry is one change to a balance: a refill, an add or a set.
type LedgerEntry struct {
	ID      string  `json:"id"`
	Kind    string  `json:"kind"`
	Amount  int     `json:"amount"`
	Balance int     `json:"balance"`
	Reason  *string `json:"reason"`
	Actor   struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		Type string `json:"type"`
	} `json:"actor"`
	CreatedAt time.Time `json:"created_at"`
}

// CreditChange is the balance after an add or a set, and its ledger entry.
type CreditChange struct {
	Credits *Credits    `json:"credits"`
	Entry   LedgerEntry `json:"entry"`
}

// LedgerParams pages a ledger; params may be nil.
type LedgerParams struct {
	Limit  int
	Cursor string
}

type creditChangeBody struct {
	Op     string `json:"op"`
	Amount int    `json:"amount"`
	Reason string `json:"reason,omitempty"`
}

func ledgerQuery(params *LedgerParams) url.Values {
	query := url.Values{}
	if params != nil {
		setInt(query, "limit", params.Limit)
		setString(query, "cursor", params.Cursor)
	}
	return query
}

// IdentitiesService manages identities and their credits.
type IdentitiesService struct{ client *Client }

// List returns one page of identities, newest first (identities:read); params may be nil.
func (s *IdentitiesService) List(ctx context.Context, params *ListIdentitiesParams) ([]Identity, error) {
	query := url.Values{}
	if params != nil {
		setString(query, "q", params.Q)
		setString(query, "external_id", params.ExternalID)
		setInt(query, "limit", params.Limit)
		setString(query, "cursor", params.Cursor)
	}
	var out []Identity
	return out, s.client.do(ctx, call{op: opListIdentities, query: query, out: &out})
}

// Create makes an identity (identities:write); a duplicate ExternalID is a 409.
func (s *IdentitiesService) Create(ctx context.Context, params CreateIdentityParams) (*Identity, error) {
	var out Identity
	if err := s.client.do(ctx, call{op: opCreateIdentity, body: params, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// Get returns an identity with its credits and how many active keys it owns.
func (s *IdentitiesService) Get(ctx context.Context, id string) (*Identity, error) {
	var out Identity
	if err := s.client.do(ctx, call{op: opGetIdentity, params: []string{id}, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// Update changes external_id, name, meta, credits or rate_limit.
func (s *IdentitiesService) Update(ctx context.Context, id string, params UpdateIdentityParams) (*Identity, error) {
	var out Identity
	if err := s.client.do(ctx, call{op: opUpdateIdentity, params: []string{id}, body: map[string]any(params), out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// Delete deletes an identity. One that owns active keys is a 409 unless revokeKeys is true,
// which revokes them with it.
func (s *IdentitiesService) Delete(ctx context.Context, id string, revokeKeys bool) (*DeletedIdentity, error) {
	query := url.Values{}
	if revokeKeys {
		query.Set("revoke_keys", "true")
	}
	var out DeletedIdentity
	if err := s.client.do(ctx, call{op: opDeleteIdentity, params: []string{id}, query: query, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// AddCredits adds amount to the identity's balance (an unlimited balance is a 409: set it first).
func (s *IdentitiesService) AddCredits(ctx context.Context, id string, amount int, reason string) (*CreditChange, error) {
	return s.changeCredits(ctx, id, creditChangeBody{Op: "add", Amount: amount, Reason: reason})
}

// SetCredits sets the identity's balance to amount (and makes an unlimited balance limited).
func (s *IdentitiesService) SetCredits(ctx context.Context, id string, amount int, reason string) (*CreditChange, error) {
	return s.changeCredits(ctx, id, creditChangeBody{Op: "set", Amount: amount, Reason: reason})
}

func (s *IdentitiesService) changeCredits(ctx context.Context, id string, body creditChangeBody) (*CreditChange, error) {
	var out CreditChange
	if err := s.client.do(ctx, call{op: opChangeIdentityCredit, params: []string{id}, body: body, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// Ledger returns the refills, adds and sets of the identity's balance, newest first.
func (s *IdentitiesService) Ledger(ctx context.Context, id string, params *LedgerParams) ([]LedgerEntry, error) {
	var out []LedgerEntry
	return out, s.client.do(ctx, call{op: opIdentityLedger, params: []string{id}, query: ledgerQuery(params), out: &out})
}
