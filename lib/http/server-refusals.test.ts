// The front server's own 405 (TRACE, CONNECT, any method no route implements) says what the
// path answers, as the route itself would.
import { describe, expect, it } from "vitest";
import { refusal } from "./server-refusals";

describe("refusal", () => {
  const id = "0193a5b0-7d1c-7e3f-8a2b-3c4d5e6f7a8b";

  it("answers a method no route implements with the path's own Allow", () => {
    const allow = (method: string, target: string) => refusal(method, target)?.headers.allow;
    expect(allow("TRACE", "/api/v1/projects")).toBe("GET, HEAD, POST, OPTIONS");
    expect(allow("CONNECT", `/api/v1/projects/${id}/keys?limit=1`)).toBe("GET, HEAD, POST, OPTIONS");
    expect(allow("PROPFIND", `/api/v1/projects/${id}/keys/bulk-revoke`)).toBe("POST, OPTIONS");
    expect(allow("TRACE", `/api/v1/projects/${id}/keys/${id}`)).toBe("PATCH, DELETE, OPTIONS");
    expect(allow("TRACE", "/api/v1/workspace/policy")).toBe("GET, HEAD, PUT, OPTIONS");
    expect(allow("TRACE", "/api/health/ready")).toBe("GET, HEAD, OPTIONS");
    expect(refusal("TRACE", "/api/v1/projects")?.code).toBe("method_not_allowed");
  });

  it("lists every method a route here can answer where no operation is", () => {
    for (const target of ["/settings/api-keys", "/api/v1/nothing", "/"]) {
      expect(refusal("TRACE", target)?.headers.allow, target).toBe("GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE");
    }
  });

  it("lets the methods routes implement through", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]) expect(refusal(method, "/api/v1/projects")).toBeNull();
  });
});
