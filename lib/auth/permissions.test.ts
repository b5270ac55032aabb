// The permission catalogue: written once, every operation of the management API states one of
// its permissions, and write never implies read.
import { describe, expect, it } from "vitest";
import { OPERATIONS } from "@/lib/api/operations";
import { PERMISSIONS, PERMISSION_CATALOGUE, READ_ONLY_PERMISSIONS, isPermission, missingPermissions, sortPermissions } from "./permissions";

describe("the permission catalogue", () => {
  it("lists each permission once, as resource:read, resource:write or keys:reveal, with a description", () => {
    expect(new Set(PERMISSIONS).size).toBe(PERMISSIONS.length);
    for (const group of PERMISSION_CATALOGUE) {
      for (const permission of group.permissions) {
        // Revealing a recoverable key is its own grant, beside read and write.
        expect(permission.name).toMatch(/^([a-z_]+:(read|write)|keys:reveal)$/);
        expect(permission.description.length).toBeGreaterThan(10);
      }
    }
    expect(PERMISSIONS).toEqual(
      expect.arrayContaining([
        "projects:read", "projects:write", "keys:read", "keys:write", "keys:reveal", "audit:read", "requests:read", "usage:read",
        "webhooks:read", "webhooks:write", "policy:read", "policy:write", "management_keys:read", "management_keys:write",
      ]),
    );
  });

  it("gives every operation that is not public a permission from the catalogue, and public ones none", () => {
    for (const operation of OPERATIONS) {
      // A portal operation is called with a portal session, which holds portal permissions instead.
      if (operation.role === "public" || operation.role === "portal") expect(operation.permission, operation.operationId).toBeUndefined();
      else expect(isPermission(operation.permission ?? ""), operation.operationId).toBe(true);
      // A read needs a read permission, a write a write permission (a reveal, its own).
      if (operation.permission && operation.permission !== "keys:reveal") {
        expect(operation.permission.endsWith(operation.method === "GET" ? ":read" : ":write"), operation.operationId).toBe(true);
      }
    }
    // Every permission is needed somewhere.
    expect(new Set(OPERATIONS.map((op) => op.permission).filter(Boolean))).toEqual(new Set(PERMISSIONS));
  });

  it("never lets a write stand in for its read, nor keys:write for keys:reveal", () => {
    expect(missingPermissions(["keys:write"], ["keys:read"])).toEqual(["keys:read"]);
    expect(missingPermissions(["keys:read", "keys:write"], ["keys:reveal"])).toEqual(["keys:reveal"]);
    expect(missingPermissions(["keys:read", "keys:write"], ["keys:write", "audit:read", "projects:write"])).toEqual(["projects:write", "audit:read"]);
    expect(missingPermissions(PERMISSIONS, PERMISSIONS)).toEqual([]);
  });

  it("has a read-only preset of every read, and sorts grants in catalogue order", () => {
    expect(READ_ONLY_PERMISSIONS.every((p) => p.endsWith(":read"))).toBe(true);
    expect(READ_ONLY_PERMISSIONS).toHaveLength(PERMISSIONS.filter((p) => p.endsWith(":read")).length);
    expect(sortPermissions(["webhooks:write", "projects:read", "nonsense", "projects:read"])).toEqual(["projects:read", "webhooks:write"]);
  });
});
