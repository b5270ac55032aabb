package keyport

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// Problem is the problem document (RFC 9457) every Keyport error answers with.
type Problem struct {
	Type      string       `json:"type"`
	Title     string       `json:"title"`
	Status    int          `json:"status"`
	Detail    string       `json:"detail"`
	Instance  string       `json:"instance"`
	Code      string       `json:"code"`
	RequestID string       `json:"request_id"`
	Errors    []FieldError `json:"errors"`
}

// FieldError locates one problem with the request, e.g. body.name.
type FieldError struct {
	Location string `json:"location"`
	Message  string `json:"message"`
	Value    any    `json:"value"`
}

// Error is every failure the API reports (and a network failure, with Code "network_error").
// Match it with errors.As, with either a value or a pointer target:
//
//	var e keyport.Error
//	if errors.As(err, &e) && e.Code == "invalid_api_key" { … }
type Error struct {
	// StatusCode is the HTTP status (0 when Keyport was not reached).
	StatusCode int
	// Code is the problem's code: invalid_api_key, forbidden, not_found, rate_limited, …
	Code string
	// Detail says what went wrong, in a sentence.
	Detail string
	// RequestID is the request-id Keyport answered with (quote it to support).
	RequestID string
	// RetryAfter is how long the server asked to wait (429 and 503), zero when it did not say.
	RetryAfter time.Duration
	// Problem is the whole problem document, nil when the answer was not one.
	Problem *Problem
	// Err is the underlying network error, if any.
	Err error
}

func (e Error) Error() string {
	if e.RequestID != "" {
		return fmt.Sprintf("keyport: %d %s: %s (request id %s)", e.StatusCode, e.Code, e.Detail, e.RequestID)
	}
	return fmt.Sprintf("keyport: %d %s: %s", e.StatusCode, e.Code, e.Detail)
}

// Unwrap returns the underlying network error, if any.
func (e *Error) Unwrap() error { return e.Err }

// As lets errors.As fill a keyport.Error value as well as a *keyport.Error.
func (e *Error) As(target any) bool {
	if value, ok := target.(*Error); ok {
		*value = *e
		return true
	}
	return false
}

func errorFromResponse(resp *http.Response, body []byte) error {
	e := &Error{StatusCode: resp.StatusCode, Code: "unknown", Detail: http.StatusText(resp.StatusCode), RequestID: resp.Header.Get("request-id")}
	var problem Problem
	if json.Unmarshal(body, &problem) == nil && problem.Code != "" {
		e.Problem = &problem
		e.Code = problem.Code
		e.Detail = problem.Detail
		if e.RequestID == "" {
			e.RequestID = problem.RequestID
		}
	}
	if wait, ok := retryAfter(resp.Header.Get("Retry-After")); ok {
		e.RetryAfter = wait
	}
	return e
}
