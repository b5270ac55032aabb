// Package keyport is Keyport's Go client: verify API keys, and manage projects, keys, identities
// and credits, the audit log, webhooks, the key policy and management keys through the management API.
//
//	client := keyport.NewClient("https://keys.example.com", keyport.WithManagementKey(os.Getenv("KEYPORT_MANAGEMENT_KEY")))
//	key, err := client.VerifyKey(ctx, apiKey, &keyport.VerifyOptions{AppID: projectID, Environment: "live"})
//	created, err := client.Keys.Create(ctx, projectID, keyport.CreateKeyParams{Name: "worker", Environment: "live"})
//
// Every request that fails with 429 (except usage_exceeded) or 503 is retried after its Retry-After, a bounded number of
// times; every POST carries an Idempotency-Key that stays the same across its retries; every
// failure the API reports is an *Error carrying the problem document and the request id.
package keyport

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Version is the version of this module, which is the version of the Keyport that serves it.
const Version = "0.2.0"

// Client calls one Keyport instance. Make one with NewClient and share it.
type Client struct {
	baseURL       string
	managementKey string
	httpClient    *http.Client
	maxRetries    int
	maxRetryDelay time.Duration

	Projects       *ProjectsService
	Keys           *KeysService
	AuditEvents    *AuditEventsService
	Webhooks       *WebhooksService
	Policy         *PolicyService
	ManagementKeys *ManagementKeysService
	Requests       *RequestsService
	Identities     *IdentitiesService
}

// Option configures a Client.
type Option func(*Client)

// WithManagementKey sets the management key (kpm_…) the management API is called with.
func WithManagementKey(key string) Option { return func(c *Client) { c.managementKey = key } }

// WithHTTPClient replaces the HTTP client (by default one with a 10 s timeout).
func WithHTTPClient(httpClient *http.Client) Option {
	return func(c *Client) { c.httpClient = httpClient }
}

// WithRetries sets how many times a 429 or 503 is retried (2 by default) and the longest
// Retry-After the client waits out (10 s by default): an answer asking for longer is returned at once.
func WithRetries(maxRetries int, maxDelay time.Duration) Option {
	return func(c *Client) { c.maxRetries, c.maxRetryDelay = maxRetries, maxDelay }
}

// NewClient returns a client of the Keyport instance at baseURL.
func NewClient(baseURL string, options ...Option) *Client {
	c := &Client{
		baseURL:       strings.TrimRight(baseURL, "/"),
		httpClient:    &http.Client{Timeout: 10 * time.Second},
		maxRetries:    2,
		maxRetryDelay: 10 * time.Second,
	}
	for _, option := range options {
		option(c)
	}
	c.Projects = &ProjectsService{c}
	c.Keys = &KeysService{c}
	c.AuditEvents = &AuditEventsService{c}
	c.Webhooks = &WebhooksService{c}
	c.Policy = &PolicyService{c}
	c.ManagementKeys = &ManagementKeysService{c}
	c.Requests = &RequestsService{c}
	c.Identities = &IdentitiesService{c}
	return c
}

// operation is one operation of Keyport's OpenAPI document, as this module calls it. Each is
// declared once with register, and a test checks each against the served document.
type operation struct {
	ID     string
	Method string
	Path   string
}

var operations []operation

func register(id, method, path string) operation {
	op := operation{ID: id, Method: method, Path: path}
	operations = append(operations, op)
	return op
}

// call is one request: the operation, its path parameters in order, its query, its JSON body,
// where to decode the answer, and the bearer (the management key unless given).
type call struct {
	op     operation
	params []string
	query  url.Values
	body   any
	out    any
	bearer string
	// header, when set, receives the answer's headers.
	header *http.Header
}

func (c *Client) url(op operation, params []string, query url.Values) (string, error) {
	path := op.Path
	for _, param := range params {
		start := strings.Index(path, "{")
		end := strings.Index(path, "}")
		if start < 0 || end < start {
			return "", fmt.Errorf("keyport: %s takes fewer path parameters", op.ID)
		}
		path = path[:start] + url.PathEscape(param) + path[end+1:]
	}
	if strings.Contains(path, "{") {
		return "", fmt.Errorf("keyport: %s needs more path parameters", op.ID)
	}
	if len(query) > 0 {
		path += "?" + query.Encode()
	}
	return c.baseURL + path, nil
}

func newIdempotencyKey() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b[:])
}

func (c *Client) do(ctx context.Context, r call) error {
	target, err := c.url(r.op, r.params, r.query)
	if err != nil {
		return err
	}
	var payload []byte
	if r.body != nil {
		if payload, err = json.Marshal(r.body); err != nil {
			return err
		}
	}
	bearer := r.bearer
	if bearer == "" {
		bearer = c.managementKey
	}
	idempotencyKey := ""
	if r.op.Method == http.MethodPost {
		idempotencyKey = newIdempotencyKey()
	}
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, r.op.Method, target, bytes.NewReader(payload))
		if err != nil {
			return err
		}
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", "keyport-go/"+Version)
		if payload != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		if bearer != "" {
			req.Header.Set("Authorization", "Bearer "+bearer)
		}
		if idempotencyKey != "" {
			req.Header.Set("Idempotency-Key", idempotencyKey)
		}
		resp, err := c.httpClient.Do(req)
		if err != nil {
			return &Error{Code: "network_error", Detail: "could not reach Keyport: " + err.Error(), Err: err}
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return &Error{StatusCode: resp.StatusCode, Code: "network_error", Detail: err.Error(), Err: err}
		}
		// Credits that ran out come back at a refill or when credits are added, never within a retry.
		if (resp.StatusCode == http.StatusTooManyRequests && !isUsageExceeded(body)) || resp.StatusCode == http.StatusServiceUnavailable {
			wait, known := retryAfter(resp.Header.Get("Retry-After"))
			if !known {
				wait = time.Duration(1<<attempt) * time.Second
			}
			if attempt < c.maxRetries && wait <= c.maxRetryDelay {
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-time.After(wait):
				}
				continue
			}
		}
		if r.header != nil {
			*r.header = resp.Header
		}
		if resp.StatusCode >= 400 {
			return errorFromResponse(resp, body)
		}
		if r.out == nil || len(body) == 0 {
			return nil
		}
		if text, ok := r.out.(*string); ok {
			*text = string(body)
			return nil
		}
		return json.Unmarshal(body, r.out)
	}
}

// isUsageExceeded says whether a 429's problem is usage_exceeded.
func isUsageExceeded(body []byte) bool {
	var problem struct {
		Code string `json:"code"`
	}
	return json.Unmarshal(body, &problem) == nil && problem.Code == "usage_exceeded"
}

// retryAfter reads Retry-After: seconds or an HTTP date.
func retryAfter(value string) (time.Duration, bool) {
	if value == "" {
		return 0, false
	}
	if seconds, err := strconv.Atoi(strings.TrimSpace(value)); err == nil && seconds >= 0 {
		return time.Duration(seconds) * time.Second, true
	}
	if at, err := http.ParseTime(value); err == nil {
		wait := time.Until(at)
		if wait < 0 {
			wait = 0
		}
		return wait, true
	}
	return 0, false
}

// setString, setInt and setTime add a query parameter when it has a value.
func setString(query url.Values, name, value string) {
	if value != "" {
		query.Set(name, value)
	}
}

func setInt(query url.Values, name string, value int) {
	if value != 0 {
		query.Set(name, strconv.Itoa(value))
	}
}

func setTime(query url.Values, name string, value time.Time) {
	if !value.IsZero() {
		query.Set(name, value.UTC().Format(time.RFC3339Nano))
	}
}
