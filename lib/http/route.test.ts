// The route wrapper: every method of a route file answers with the same framing (request id,
// security headers, problem+json, one log line), the operation's path parameters are checked
// before its handler runs, and a handler reads only what its operation declares.
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { uuidPathParam } from "@/lib/api/operation";
import { captureLogs } from "@/test/fixtures";
import { apiRoute, handle, notFoundRoute, routeAnswerKind, type RouteHandler } from "./route";

const query = z.strictObject({ n: z.coerce.number().int().default(1) });
const body = z.strictObject({ name: z.string() });
const thing = { method: "GET", path: "/api/v1/things/{thingId}", role: "public", params: { thingId: uuidPathParam("Thing UUID") }, query } as const;
const renameThing = { method: "PUT", path: "/api/v1/things/{thingId}", role: "public", params: { thingId: uuidPathParam("Thing UUID") }, body } as const;

const route = apiRoute(
  handle(thing, async (ctx) => ({ status: 200, body: { id: ctx.params.thingId, n: ctx.query().n } })),
  handle(renameThing, async (ctx) => ({ status: 200, body: await ctx.body() })),
);

const id = "0193A5B0-7D1C-7E3F-8A2B-3C4D5E6F7A8B";
async function call(handler: RouteHandler<{ thingId: string }>, method: string, target: string, init: RequestInit = {}) {
  const response = await handler(new Request(`http://localhost${target}`, { method, ...init }), { params: Promise.resolve({ thingId: target.split("/")[4]!.split("?")[0]! }) });
  return { response, body: response.status === 204 || method === "HEAD" ? null : await response.json() };
}

function expectFramed(response: Response) {
  expect(response.headers.get("request-id")).toMatch(/^req_[0-9A-Za-z]{24}$/);
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(response.headers.get("cache-control")).toMatch(/no-store/);
}

describe("apiRoute", () => {
  it("answers the operations' methods, HEAD as GET, with a request id, the security headers and one log line", async () => {
    const { result, output } = await captureLogs(() => call(route.GET, "GET", `/api/v1/things/${id}?n=3`));
    expect(result.response.status).toBe(200);
    expect(result.body).toEqual({ id: id.toLowerCase(), n: 3 });
    expectFramed(result.response);
    const requestId = result.response.headers.get("request-id")!;
    expect(output.split("\n").filter((line) => line.includes(requestId))).toHaveLength(1);
    expect(route.HEAD).toBe(route.GET);
    const put = await call(route.PUT, "PUT", `/api/v1/things/${id}`, { body: JSON.stringify({ name: "x" }), headers: { "content-type": "application/json" } });
    expect(put.body).toEqual({ name: "x" });
  });

  it("answers every other method 405 with the path's Allow, and OPTIONS 204 with it", async () => {
    for (const method of ["POST", "PATCH", "DELETE"] as const) {
      const { response, body } = await call(route[method], method, `/api/v1/things/${id}`);
      expect(response.status, method).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, HEAD, PUT, OPTIONS");
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(body).toMatchObject({ code: "method_not_allowed", detail: "Use GET or PUT on this route." });
      expectFramed(response);
    }
    const options = await call(route.OPTIONS, "OPTIONS", `/api/v1/things/${id}`);
    expect(options.response.status).toBe(204);
    expect(options.response.headers.get("allow")).toBe("GET, HEAD, PUT, OPTIONS");
    expectFramed(options.response);
    const postOnly = apiRoute(handle({ ...renameThing, method: "POST" }, async () => ({ status: 201 })));
    expect((await call(postOnly.HEAD, "HEAD", `/api/v1/things/${id}`)).response.status).toBe(405);
  });

  it("checks path parameters before the handler: a 422 names the one that does not fit", async () => {
    const { response, body } = await call(route.GET, "GET", "/api/v1/things/nope");
    expect(response.status).toBe(422);
    expect(body).toMatchObject({ detail: "thingId must be a UUID.", errors: [{ location: "path.thingId", message: "Must be a UUID.", value: "nope" }] });
  });

  it("refuses keys in the query string on every method", async () => {
    for (const method of ["GET", "POST", "OPTIONS"] as const) {
      const { response, body } = await call(route[method], method, `/api/v1/things/${id}?api_key=x`);
      expect(response.status, method).toBe(400);
      expect(body.code).toBe("bad_request");
    }
  });

  it("lets a handler parse only the body and query its operation declares", async () => {
    const sneaky = apiRoute(
      // @ts-expect-error the operation declares no body
      handle(thing, async (ctx) => ({ status: 200, body: await ctx.body() })),
    );
    const { result, output } = await captureLogs(() => call(sneaky.GET, "GET", `/api/v1/things/${id}`));
    expect(result.response.status).toBe(500);
    expect(output).toContain("its operation does not declare");
  });

  it("types the context by the operation: no session where it is public, no Idempotency-Key where it is not honoured", () => {
    handle(thing, async (ctx) => {
      // @ts-expect-error a public operation has no session
      void ctx.session;
      return { status: 200 };
    });
    handle({ ...thing, role: "member" }, async (ctx) => {
      void ctx.session.workspaceId;
      // @ts-expect-error this operation does not honour Idempotency-Key
      void ctx.idempotent;
      return { status: 200 };
    });
    handle({ ...renameThing, method: "POST", role: "admin", idempotent: true }, async (ctx) => ctx.idempotent(async () => ({ status: 201 })));
  });

  it("refuses to assemble a route from operations of two paths, or two handlers of one method", () => {
    const other = handle({ ...thing, path: "/api/v1/others/{thingId}" }, async () => ({ status: 200 }));
    const get = handle(thing, async () => ({ status: 200 }));
    expect(() => apiRoute(get, other)).toThrow(/one path/);
    expect(() => apiRoute(get, get)).toThrow(/each method once/);
  });
});

describe("notFoundRoute", () => {
  it("answers every method with a 404 problem", async () => {
    const route = notFoundRoute("Nothing here.");
    for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const) {
      const response = await route[method](new Request("http://localhost/api/v1/nothing", { method }), { params: Promise.resolve({ path: ["v1", "nothing"] }) });
      expect(response.status, method).toBe(404);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expectFramed(response);
      expect(routeAnswerKind(route[method])).toEqual({ kind: "not_found" });
    }
  });
});
