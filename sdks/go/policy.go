package keyport

import "context"

var (
	opGetPolicy = register("getWorkspacePolicy", "GET", "/api/v1/workspace/policy")
	opSetPolicy = register("setWorkspacePolicy", "PUT", "/api/v1/workspace/policy")
)

// Policy is the workspace's key policy. Violations (read-only) lists the active keys that break it.
type Policy struct {
	SingleActiveKey string `json:"single_active_key"`
	RequireExpiry   struct {
		Live bool `json:"live"`
		Test bool `json:"test"`
	} `json:"require_expiry"`
	MaxLifetimeDays struct {
		Live *int `json:"live"`
		Test *int `json:"test"`
	} `json:"max_lifetime_days"`
	Scopes []struct {
		Name        string `json:"name"`
		Description string `json:"description"`
	} `json:"scopes"`
	LeakResponse string `json:"leak_response"`
	Violations   []struct {
		KeyID       string  `json:"key_id"`
		Name        string  `json:"name"`
		Environment string  `json:"environment"`
		ProjectID   *string `json:"project_id"`
		Policy      string  `json:"policy"`
		Detail      string  `json:"detail"`
	} `json:"violations,omitempty"`
}

// PolicyService reads and replaces the workspace's key policy.
type PolicyService struct{ client *Client }

// Get returns the policy and the active keys that break it (policy:read).
func (s *PolicyService) Get(ctx context.Context) (*Policy, error) {
	var out Policy
	if err := s.client.do(ctx, call{op: opGetPolicy, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// Set replaces the policy (policy:write); it takes back what Get returned.
func (s *PolicyService) Set(ctx context.Context, policy Policy) (*Policy, error) {
	policy.Violations = nil
	var out Policy
	if err := s.client.do(ctx, call{op: opSetPolicy, body: policy, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}
