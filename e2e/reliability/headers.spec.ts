// The security headers and a request id on every kind of response the server writes.
import { expect, test } from "../support/api";
import { baseURL } from "../support/env";
import { rawRequest, type RawResponse } from "../support/raw-http";
import { sessionToken } from "../support/tokens";

const EVERY_RESPONSE = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
};

function expectSecured(label: string, response: RawResponse, csp: "api" | "page" | "none") {
  for (const [name, value] of Object.entries(EVERY_RESPONSE)) expect(response.headers[name], `${label}: ${name}`).toBe(value);
  expect(response.headers["permissions-policy"], `${label}: permissions-policy`).toMatch(/camera=\(\)/);
  expect(String(response.headers["request-id"]), `${label}: request-id`).toMatch(/^req_[0-9A-Za-z]{24}$/);
  const policy = String(response.headers["content-security-policy"] ?? "");
  if (csp === "api") expect(policy, `${label}: CSP`).toBe("default-src 'none'; frame-ancestors 'none'");
  if (csp === "page") {
    expect(policy, `${label}: CSP`).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(policy, `${label}: CSP`).toContain("frame-ancestors 'none'");
  }
}

test("every kind of response carries the security headers and a request id", async () => {
  const token = sessionToken("acmeAdmin");
  const auth = { authorization: `Bearer ${token}` };
  const cases: [string, Promise<RawResponse>, "api" | "page" | "none", number][] = [
    ["verify 401 (fast path)", rawRequest(baseURL, { method: "POST", path: "/api/v1/keys/verify" }), "api", 401],
    ["REST 200", rawRequest(baseURL, { method: "GET", path: "/api/v1/projects", headers: auth }), "api", 200],
    ["REST 422", rawRequest(baseURL, { method: "GET", path: "/api/v1/projects/nope/keys", headers: auth }), "api", 422],
    ["REST 405", rawRequest(baseURL, { method: "PUT", path: "/api/v1/projects", headers: auth }), "api", 405],
    ["unknown API path 404", rawRequest(baseURL, { method: "GET", path: "/api/v1/nothing" }), "api", 404],
    ["TRACE 405", rawRequest(baseURL, { method: "TRACE", path: "/api/v1/projects" }), "api", 405],
    ["bad encoding 400", rawRequest(baseURL, { method: "GET", path: "/api/v1/projects/%ZZ/keys" }), "api", 400],
    ["health", rawRequest(baseURL, { method: "GET", path: "/api/health" }), "api", 200],
    ["readiness", rawRequest(baseURL, { method: "GET", path: "/api/health/ready" }), "api", 200],
    ["OpenAPI", rawRequest(baseURL, { method: "GET", path: "/api/v1/openapi.json" }), "api", 200],
    ["OPTIONS", rawRequest(baseURL, { method: "OPTIONS", path: "/api/v1/projects" }), "api", 204],
    ["trailing-slash redirect", rawRequest(baseURL, { method: "GET", path: "/api/v1/projects/" }), "none", 308],
    ["sign-in page", rawRequest(baseURL, { method: "GET", path: "/sign-in" }), "page", 200],
    ["signed-out redirect", rawRequest(baseURL, { method: "GET", path: "/settings/api-keys" }), "none", 307],
    ["headers too large 431", rawRequest(baseURL, { method: "GET", path: "/api/health", headers: { "x-big": "a".repeat(20_000) } }), "api", 431],
  ];
  for (const [label, pending, csp, status] of cases) {
    const response = await pending;
    expect(response.status, label).toBe(status);
    expectSecured(label, response, csp);
  }
  // The front server's own 405 (a method no route implements) says what the path answers, as
  // the route's own 405 does.
  const trace = await rawRequest(baseURL, { method: "TRACE", path: "/api/v1/projects" });
  const put = await rawRequest(baseURL, { method: "PUT", path: "/api/v1/projects", headers: auth });
  expect(trace.headers.allow).toBe("GET, HEAD, POST, OPTIONS");
  expect(put.headers.allow).toBe(trace.headers.allow);
  // A static asset the page loads.
  const page = await rawRequest(baseURL, { method: "GET", path: "/sign-in" });
  const asset = /\/_next\/static\/[^"]+\.js/.exec(page.body)?.[0];
  expect(asset, "the page loads a script").toBeTruthy();
  expectSecured("static asset", await rawRequest(baseURL, { method: "GET", path: asset! }), "none");
  // The nonce of the page's policy is on the page's scripts.
  const nonce = /'nonce-([^']+)'/.exec(String(page.headers["content-security-policy"]))?.[1];
  expect(page.body).toContain(`nonce="${nonce}"`);
});
