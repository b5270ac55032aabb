// The catalogue is consistent: one definition per operation id and per method and path, path
// parameters as the template names them, and a success for every operation.
import { describe, expect, it } from "vitest";
import { problemsOf } from "../errors";
import { pathParamNames } from "../operation";
import { OPERATIONS, methodsAt, operations } from ".";

describe("the operation catalogue", () => {
  it("defines each operation once: one id, one method and path", () => {
    const ids = OPERATIONS.map((op) => op.operationId);
    expect(new Set(ids).size, "operation ids").toBe(ids.length);
    expect(Object.keys(operations).sort()).toEqual([...ids].sort());
    const routes = OPERATIONS.map((op) => `${op.method} ${op.path}`);
    expect(new Set(routes).size, "method and path").toBe(routes.length);
  });

  it("declares exactly the path parameters its template names, the same for every operation of a path", () => {
    for (const op of OPERATIONS) {
      expect(Object.keys(op.params ?? {}).sort(), op.operationId).toEqual(pathParamNames(op.path).sort());
      for (const other of OPERATIONS.filter((o) => o.path === op.path)) expect(other.params, `${op.operationId} and ${other.operationId}`).toEqual(op.params);
    }
  });

  it("gives every operation a success, and Idempotency-Key only to POSTs", () => {
    for (const op of OPERATIONS) {
      expect(Object.keys(op.responses).some((status) => Number(status) < 300), op.operationId).toBe(true);
      if (op.idempotent) expect(op.method, op.operationId).toBe("POST");
      expect(Object.keys(problemsOf(op)), op.operationId).toEqual(expect.arrayContaining(["400", "405", "500"]));
    }
  });

  it("finds the methods at a request path, a fixed segment before a parameter", () => {
    const id = "0193a5b0-7d1c-7e3f-8a2b-3c4d5e6f7a8b";
    expect(methodsAt("/api/v1/projects")).toEqual(["GET", "POST"]);
    expect(methodsAt("/api/v1/projects/")).toEqual(["GET", "POST"]);
    expect(methodsAt(`/api/v1/projects/${id}/keys`)).toEqual(["GET", "POST"]);
    expect(methodsAt(`/api/v1/projects/${id}/keys/bulk-revoke`)).toEqual(["POST"]);
    expect(methodsAt(`/api/v1/projects/${id}/keys/${id}`)).toEqual(["PATCH", "DELETE"]);
    expect(methodsAt(`/api/v1/projects/${id}/keys/${id}/roll`)).toEqual(["POST"]);
    expect(methodsAt("/api/v1/schemas/ErrorModel.json")).toEqual(["GET"]);
    expect(methodsAt("/api/health")).toEqual(["GET"]);
    for (const path of ["/", "/settings/api-keys", "/api/v1/nothing", "/api/v1/projects//keys", `/api/v1/projects/${id}/keys/${id}/roll/x`]) {
      expect(methodsAt(path), path).toBeNull();
    }
  });
});
