package keyport

import (
	"context"
	"net/http"
	"time"
)

var opVerifyKey = register("verifyKey", "POST", "/api/v1/keys/verify")

// VerifyOptions are what a key must match; empty fields are not checked.
type VerifyOptions struct {
	// AppID is the project (app) the key must belong to.
	AppID string `json:"app_id,omitempty"`
	// Environment is "live" or "test".
	Environment string `json:"environment,omitempty"`
	// Scopes the key must hold (a key with no scopes holds them all).
	Scopes []string `json:"scopes,omitempty"`
	// Cost is the credits this verification spends from the key's and its identity's balances
	// (nil: 1; a pointer to 0 checks without spending). A balance that cannot pay is an *Error
	// with Code "usage_exceeded" (429), which is never retried.
	Cost *int `json:"cost,omitempty"`
}

// VerifiedIdentity is the identity that owns a verified key, with its meta.
type VerifiedIdentity struct {
	ID         string         `json:"id"`
	ExternalID string         `json:"external_id"`
	Meta       map[string]any `json:"meta"`
}

// VerifiedKey is a valid key's details.
type VerifiedKey struct {
	Valid       bool       `json:"valid"`
	KeyID       string     `json:"key_id"`
	TenantID    string     `json:"tenant_id"`
	ProjectID   *string    `json:"project_id"`
	Environment string     `json:"environment"`
	Scopes      []string   `json:"scopes"`
	ExpiresAt   *time.Time `json:"expires_at"`
	Name        string     `json:"name"`
	// Identity owns the key, when one does.
	Identity *VerifiedIdentity `json:"identity,omitempty"`
	// Credits is the lowest balance left after this verification's charge, when one applies.
	Credits *struct {
		Remaining int `json:"remaining"`
	} `json:"credits,omitempty"`
	// RequestID is the verification's request id (for the request lookup).
	RequestID string `json:"-"`
}

// VerifyKey verifies an SDK key. An invalid key is an *Error with Code "invalid_api_key" (401),
// the wrong project, environment or scope one with Code "forbidden" (403), credits that cannot
// pay one with Code "usage_exceeded" (429).
func (c *Client) VerifyKey(ctx context.Context, key string, options *VerifyOptions) (*VerifiedKey, error) {
	if options == nil {
		options = &VerifyOptions{}
	}
	var out VerifiedKey
	var header http.Header
	if err := c.do(ctx, call{op: opVerifyKey, body: options, out: &out, bearer: key, header: &header}); err != nil {
		return nil, err
	}
	out.RequestID = header.Get("request-id")
	return &out, nil
}
