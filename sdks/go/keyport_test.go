package keyport_test

// These tests run against a Keyport server: KEYPORT_URL, and KEYPORT_MANAGEMENT_KEY (a kpm_ key
// with every permission). The suite's server provides both (e2e/api/sdks.spec.ts); without
// them the tests are skipped, and that spec fails on a skip.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"keyport.dev/go/keyport"
)

func server(t *testing.T) (string, string) {
	t.Helper()
	url, key := os.Getenv("KEYPORT_URL"), os.Getenv("KEYPORT_MANAGEMENT_KEY")
	if url == "" || key == "" {
		t.Skip("set KEYPORT_URL and KEYPORT_MANAGEMENT_KEY to run against a Keyport server")
	}
	return url, key
}

// countingTransport counts the requests that leave the client and records their Idempotency-Key.
type countingTransport struct {
	count int32
	keys  []string
	// lose, when set, answers the first request with a 503 after the server has handled it.
	lose bool
}

func (c *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	n := atomic.AddInt32(&c.count, 1)
	c.keys = append(c.keys, req.Header.Get("Idempotency-Key"))
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err == nil && c.lose && n == 1 {
		resp.Body.Close()
		return &http.Response{StatusCode: 503, Header: http.Header{"Retry-After": {"0"}}, Body: http.NoBody, Request: req}, nil
	}
	return resp, err
}

func setup(t *testing.T) (*keyport.Client, *keyport.CreatedProject) {
	url, key := server(t)
	client := keyport.NewClient(url, keyport.WithManagementKey(key))
	project, err := client.Projects.Create(context.Background(), keyport.CreateProjectParams{Name: fmt.Sprintf("Go SDK %d", time.Now().UnixNano())})
	if err != nil {
		t.Fatal(err)
	}
	return client, project
}

func TestOperationsMatchTheOpenAPIDocument(t *testing.T) {
	url, _ := server(t)
	resp, err := http.Get(url + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var document struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&document); err != nil {
		t.Fatal(err)
	}
	claimed := keyport.Operations()
	if len(claimed) < 20 {
		t.Fatalf("only %d operations registered", len(claimed))
	}
	registered := map[string]bool{}
	for _, op := range claimed {
		registered[op.ID] = true
	}
	for _, id := range []string{
		"listIdentities", "createIdentity", "getIdentity", "updateIdentity", "deleteIdentity",
		"changeIdentityCredits", "listIdentityLedger", "changeApiKeyCredits", "listApiKeyLedger",
		"deactivateApiKey", "reactivateApiKey", "revealApiKey",
	} {
		if !registered[id] {
			t.Errorf("%s is not registered", id)
		}
	}
	for _, op := range claimed {
		item, ok := document.Paths[op.Path]
		if !ok {
			t.Errorf("%s: the document has no path %s", op.ID, op.Path)
			continue
		}
		var operation struct {
			OperationID string `json:"operationId"`
		}
		_ = json.Unmarshal(item[strings.ToLower(op.Method)], &operation)
		if got := operation.OperationID; got != op.ID {
			t.Errorf("%s %s is %q in the document, not %s", op.Method, op.Path, got, op.ID)
		}
	}
}

func TestVerifyKey(t *testing.T) {
	client, project := setup(t)
	ctx := context.Background()
	created, err := client.Keys.Create(ctx, project.ProjectID, keyport.CreateKeyParams{Name: "go key", Environment: "live", Scopes: nil})
	if err != nil {
		t.Fatal(err)
	}
	verifier := keyport.NewClient(os.Getenv("KEYPORT_URL"))
	key, err := verifier.VerifyKey(ctx, created.Key, &keyport.VerifyOptions{AppID: project.ProjectID, Environment: "live"})
	if err != nil {
		t.Fatal(err)
	}
	if key.KeyID != created.KeyID || !key.Valid || !strings.HasPrefix(key.RequestID, "req_") {
		t.Fatalf("unexpected result %+v", key)
	}

	spent, err := client.Keys.Create(ctx, project.ProjectID, keyport.CreateKeyParams{Name: "no credits", Credits: &keyport.CreditsParams{Remaining: 0}})
	if err != nil {
		t.Fatal(err)
	}
	// One character changed: the last one, to a character it is not.
	mistyped := created.Key[:len(created.Key)-1] + "0"
	if strings.HasSuffix(created.Key, "0") {
		mistyped = created.Key[:len(created.Key)-1] + "1"
	}
	cases := []struct {
		name, key, environment, code string
		status                       int
	}{
		{"invalid", mistyped, "", "invalid_api_key", 401},
		{"wrong environment", created.Key, "test", "forbidden", 403},
		{"usage exceeded", spent.Key, "", "usage_exceeded", 429},
	}
	for _, c := range cases {
		_, err := verifier.VerifyKey(ctx, c.key, &keyport.VerifyOptions{Environment: c.environment})
		var e keyport.Error
		if !errors.As(err, &e) {
			t.Fatalf("%s: %v is not a keyport.Error", c.name, err)
		}
		if e.StatusCode != c.status || e.Code != c.code || !strings.HasPrefix(e.RequestID, "req_") || e.Problem == nil {
			t.Errorf("%s: got %+v", c.name, e)
		}
		var pointer *keyport.Error
		if !errors.As(err, &pointer) || pointer.Code != c.code {
			t.Errorf("%s: errors.As with a pointer target failed", c.name)
		}
	}
}

func TestRetries(t *testing.T) {
	client, project := setup(t)
	ctx := context.Background()
	transport := &countingTransport{}
	verifier := keyport.NewClient(os.Getenv("KEYPORT_URL"), keyport.WithHTTPClient(&http.Client{Transport: transport}))

	slow, err := client.Keys.Create(ctx, project.ProjectID, keyport.CreateKeyParams{Name: "one a minute", RateLimit: &keyport.RateLimit{Limit: 1, WindowS: 60}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := verifier.VerifyKey(ctx, slow.Key, nil); err != nil {
		t.Fatal(err)
	}
	atomic.StoreInt32(&transport.count, 0)
	_, err = verifier.VerifyKey(ctx, slow.Key, nil)
	var e keyport.Error
	if !errors.As(err, &e) || e.StatusCode != 429 || e.Code != "rate_limited" || e.RetryAfter <= 10*time.Second {
		t.Fatalf("rate limited: got %v", err)
	}
	if n := atomic.LoadInt32(&transport.count); n != 1 {
		t.Errorf("a Retry-After past the longest wait was retried: %d attempts", n)
	}

	quick, err := client.Keys.Create(ctx, project.ProjectID, keyport.CreateKeyParams{Name: "one a second", RateLimit: &keyport.RateLimit{Limit: 1, WindowS: 1}})
	if err != nil {
		t.Fatal(err)
	}
	atomic.StoreInt32(&transport.count, 0)
	results := make(chan error, 2)
	for i := 0; i < 2; i++ {
		go func() { _, err := verifier.VerifyKey(ctx, quick.Key, nil); results <- err }()
	}
	for i := 0; i < 2; i++ {
		if err := <-results; err != nil {
			t.Fatalf("a 429 with Retry-After: 1 was not waited out: %v", err)
		}
	}
	if n := atomic.LoadInt32(&transport.count); n < 3 {
		t.Errorf("expected a retry, got %d attempts", n)
	}

	plain, err := client.Keys.Create(ctx, project.ProjectID, keyport.CreateKeyParams{Name: "no limit"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		key, environment, app string
		status                int
	}{{"fp_live_notakey", "", "", 401}, {plain.Key, "test", "", 403}, {plain.Key, "", "not-a-uuid", 422}} {
		atomic.StoreInt32(&transport.count, 0)
		_, err := verifier.VerifyKey(ctx, c.key, &keyport.VerifyOptions{Environment: c.environment, AppID: c.app})
		var e keyport.Error
		if !errors.As(err, &e) || e.StatusCode != c.status {
			t.Errorf("%d: got %v", c.status, err)
		}
		if n := atomic.LoadInt32(&transport.count); n != 1 {
			t.Errorf("a %d was retried: %d attempts", c.status, n)
		}
	}
}

func TestIdempotencyKeyIsKeptAcrossRetries(t *testing.T) {
	client, project := setup(t)
	url, key := server(t)
	ctx := context.Background()
	transport := &countingTransport{lose: true}
	lossy := keyport.NewClient(url, keyport.WithManagementKey(key), keyport.WithHTTPClient(&http.Client{Transport: transport}))
	created, err := lossy.Keys.Create(ctx, project.ProjectID, keyport.CreateKeyParams{Name: "made once", Environment: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if len(transport.keys) != 2 || transport.keys[0] == "" || transport.keys[0] != transport.keys[1] {
		t.Fatalf("Idempotency-Key across the retry: %q", transport.keys)
	}
	keys, err := client.Keys.List(ctx, project.ProjectID, &keyport.ListKeysParams{Q: "made once"})
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 1 || keys[0].KeyID != created.KeyID {
		t.Fatalf("the retried create made %d keys", len(keys))
	}
}

func TestManagementLifecycle(t *testing.T) {
	client, project := setup(t)
	ctx := context.Background()
	if !strings.HasPrefix(project.DefaultKey.Key, "fp_live_") {
		t.Fatalf("default key %q", project.DefaultKey.Key)
	}
	projects, err := client.Projects.List(ctx)
	if err != nil || len(projects) == 0 {
		t.Fatalf("projects: %v", err)
	}
	created, err := client.Keys.Create(ctx, project.ProjectID, keyport.CreateKeyParams{Name: "lifecycle", Environment: "live", Description: "from Go"})
	if err != nil {
		t.Fatal(err)
	}
	keys, err := client.Keys.List(ctx, project.ProjectID, &keyport.ListKeysParams{Status: "active"})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, k := range keys {
		found = found || k.KeyID == created.KeyID
	}
	if !found {
		t.Fatal("the new key is not listed")
	}
	rolled, err := client.Keys.Roll(ctx, project.ProjectID, created.KeyID, keyport.RollKeyParams{GracePeriod: "none"})
	if err != nil || rolled.RolledFrom == nil || *rolled.RolledFrom != created.KeyID {
		t.Fatalf("roll: %v", err)
	}
	if _, err := client.VerifyKey(ctx, rolled.Key, nil); err != nil {
		t.Fatalf("the rolled key does not verify: %v", err)
	}
	if err := client.Keys.Revoke(ctx, project.ProjectID, rolled.KeyID); err != nil {
		t.Fatal(err)
	}
	_, err = client.VerifyKey(ctx, rolled.Key, nil)
	var e keyport.Error
	if !errors.As(err, &e) || e.Code != "invalid_api_key" {
		t.Fatalf("a revoked key verified: %v", err)
	}
	bulk, err := client.Keys.BulkRevoke(ctx, project.ProjectID, []string{rolled.KeyID})
	if err != nil || len(bulk.Results) != 1 || bulk.Results[0].Status != "already_revoked" {
		t.Fatalf("bulk revoke: %v %+v", err, bulk)
	}
	if _, err := client.Keys.Usage(ctx, project.ProjectID, created.KeyID, &keyport.UsageParams{Granularity: "hour"}); err != nil {
		t.Fatal(err)
	}
	events, err := client.AuditEvents.List(ctx, &keyport.AuditEventsParams{KeyID: created.KeyID})
	if err != nil || len(events) == 0 || events[len(events)-1].Actor.Type != "management_key" {
		t.Fatalf("audit: %v", err)
	}
	if csv, err := client.AuditEvents.Export(ctx, &keyport.AuditEventsParams{KeyID: created.KeyID}); err != nil || !strings.Contains(csv, "api_key.rolled") {
		t.Fatalf("export: %v", err)
	}
	if _, err := client.Webhooks.List(ctx); err != nil {
		t.Fatal(err)
	}
	if policy, err := client.Policy.Get(ctx); err != nil || policy.LeakResponse == "" {
		t.Fatalf("policy: %v", err)
	}
	if _, err := client.ManagementKeys.List(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = client.Keys.Roll(ctx, project.ProjectID, created.KeyID, keyport.RollKeyParams{})
	if !errors.As(err, &e) || e.StatusCode != 409 {
		t.Fatalf("rolling a rolled key: %v", err)
	}
}

func TestIdentityLifecycle(t *testing.T) {
	client, project := setup(t)
	ctx := context.Background()
	external := fmt.Sprintf("go-customer-%d", time.Now().UnixNano())
	identity, err := client.Identities.Create(ctx, keyport.CreateIdentityParams{
		ExternalID: external, Name: "Go customer", Meta: map[string]any{"plan": "pro"}, Credits: &keyport.CreditsParams{Remaining: 2},
	})
	if err != nil {
		t.Fatal(err)
	}
	if identity.ExternalID != external || identity.Credits == nil || identity.Credits.Remaining != 2 {
		t.Fatalf("created %+v", identity)
	}
	var e keyport.Error
	if _, err := client.Identities.Create(ctx, keyport.CreateIdentityParams{ExternalID: external}); !errors.As(err, &e) || e.StatusCode != 409 {
		t.Fatalf("a duplicate external id: %v", err)
	}
	listed, err := client.Identities.List(ctx, &keyport.ListIdentitiesParams{ExternalID: external})
	if err != nil || len(listed) != 1 || listed[0].ID != identity.ID {
		t.Fatalf("list: %v %+v", err, listed)
	}
	updated, err := client.Identities.Update(ctx, identity.ID, keyport.UpdateIdentityParams{"name": "Renamed", "meta": map[string]any{"plan": "team"}})
	if err != nil || updated.Name == nil || *updated.Name != "Renamed" || updated.Meta["plan"] != "team" {
		t.Fatalf("update: %v %+v", err, updated)
	}
	key, err := client.Keys.Create(ctx, project.ProjectID, keyport.CreateKeyParams{Name: "owned", IdentityID: identity.ID})
	if err != nil {
		t.Fatal(err)
	}
	verified, err := client.VerifyKey(ctx, key.Key, &keyport.VerifyOptions{Cost: intPointer(2)})
	if err != nil || verified.Identity == nil || verified.Identity.ExternalID != external || verified.Credits == nil || verified.Credits.Remaining != 0 {
		t.Fatalf("verify with an identity: %v %+v", err, verified)
	}
	_, err = client.VerifyKey(ctx, key.Key, nil)
	if !errors.As(err, &e) || e.StatusCode != 429 || e.Code != "usage_exceeded" {
		t.Fatalf("spent credits: %v", err)
	}
	if change, err := client.Identities.AddCredits(ctx, identity.ID, 5, "top up"); err != nil || change.Credits == nil || change.Credits.Remaining != 5 || change.Entry.Kind != "add" {
		t.Fatalf("add credits: %v %+v", err, change)
	}
	if change, err := client.Identities.SetCredits(ctx, identity.ID, 3, ""); err != nil || change.Credits.Remaining != 3 {
		t.Fatalf("set credits: %v", err)
	}
	ledger, err := client.Identities.Ledger(ctx, identity.ID, nil)
	if err != nil || len(ledger) < 2 || ledger[0].Kind != "set" || ledger[1].Reason == nil || *ledger[1].Reason != "top up" {
		t.Fatalf("ledger: %v %+v", err, ledger)
	}
	if _, err := client.VerifyKey(ctx, key.Key, nil); err != nil {
		t.Fatalf("after adding credits: %v", err)
	}
	if change, err := client.Keys.SetCredits(ctx, project.ProjectID, key.KeyID, 10, "own"); err != nil || change.Credits.Remaining != 10 {
		t.Fatalf("key credits: %v", err)
	}
	if entries, err := client.Keys.Ledger(ctx, project.ProjectID, key.KeyID, &keyport.LedgerParams{Limit: 5}); err != nil || len(entries) == 0 || entries[0].Kind != "set" {
		t.Fatalf("key ledger: %v %d", err, len(entries))
	}
	if deactivated, err := client.Keys.Deactivate(ctx, project.ProjectID, key.KeyID); err != nil || deactivated.Status != "deactivated" {
		t.Fatalf("deactivate: %v", err)
	}
	if _, err := client.VerifyKey(ctx, key.Key, nil); !errors.As(err, &e) || e.Code != "invalid_api_key" {
		t.Fatalf("a deactivated key verified: %v", err)
	}
	if reactivated, err := client.Keys.Reactivate(ctx, project.ProjectID, key.KeyID); err != nil || reactivated.Status != "active" {
		t.Fatalf("reactivate: %v", err)
	}
	if _, err := client.Identities.Delete(ctx, identity.ID, false); !errors.As(err, &e) || e.StatusCode != 409 {
		t.Fatalf("deleting an identity with active keys: %v", err)
	}
	deleted, err := client.Identities.Delete(ctx, identity.ID, true)
	if err != nil || deleted.RevokedKeys != 1 {
		t.Fatalf("delete: %v %+v", err, deleted)
	}
	if _, err := client.Identities.Get(ctx, identity.ID); !errors.As(err, &e) || e.StatusCode != 404 {
		t.Fatalf("a deleted identity: %v", err)
	}
	// Revoked with its identity: never revealed, whatever the workspace's recoverable-keys policy.
	if _, err := client.Keys.Reveal(ctx, project.ProjectID, key.KeyID); !errors.As(err, &e) || e.StatusCode != 409 {
		t.Fatalf("revealing a revoked key: %v", err)
	}
	if _, err := client.VerifyKey(ctx, key.Key, nil); !errors.As(err, &e) || e.Code != "invalid_api_key" {
		t.Fatalf("a key revoked with its identity verified: %v", err)
	}
}

func intPointer(n int) *int { return &n }
