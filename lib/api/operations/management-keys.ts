// Management keys (`kpm_…`): credentials for scripts, CI and tools, each with permissions from
// the catalogue (lib/auth/permissions.ts).
import { z } from "zod";
import {
  createManagementKeyBodySchema,
  createdManagementKeyDtoSchema,
  managementKeyDtoSchema,
  revokeManagementKeyDtoSchema,
} from "@/lib/schemas/management-keys";
import { defineOperations } from "../operation";
import { managementKeyIdParam } from "./params";

const MANAGEMENT_KEYS_FORBIDDEN = {
  description:
    "`forbidden`: a member's session, a management key without the permission (the detail names it), or a key asking to grant a permission it does not hold itself (the detail names each).",
};

export const managementKeyOperations = defineOperations({
  listManagementKeys: {
    method: "GET",
    path: "/api/v1/management-keys",
    tags: ["Management keys"],
    summary: "The workspace's management keys (admin)",
    description: "Newest first, revoked ones too (`revoked_at`). Never a key's secret: only its `start`.",
    role: "admin",
    permission: "management_keys:read",
    responses: { 200: { description: "The management keys.", body: z.array(managementKeyDtoSchema) } },
    errors: { 403: MANAGEMENT_KEYS_FORBIDDEN },
  },
  createManagementKey: {
    method: "POST",
    path: "/api/v1/management-keys",
    tags: ["Management keys"],
    summary: "Create a management key (admin); the response holds the key, once",
    description:
      "`kpm_` followed by a random secret and a checksum. The key is in this response only: store it now. A management key creating another can grant only permissions it holds itself. Audited.",
    role: "admin",
    permission: "management_keys:write",
    body: createManagementKeyBodySchema,
    idempotent: true,
    responses: { 201: { description: "The new management key, with `key`.", body: createdManagementKeyDtoSchema } },
    errors: { 403: MANAGEMENT_KEYS_FORBIDDEN },
  },
  revokeManagementKey: {
    method: "DELETE",
    path: "/api/v1/management-keys/{id}",
    tags: ["Management keys"],
    summary: "Revoke a management key (admin, idempotent)",
    description:
      "The key is refused at once on this instance, and on every instance within the 5 s staleness bound. Revoking a revoked key succeeds again. Audited.",
    role: "admin",
    permission: "management_keys:write",
    params: { id: managementKeyIdParam },
    responses: { 200: { description: "Revoked (or already revoked).", body: revokeManagementKeyDtoSchema } },
    errors: { 403: MANAGEMENT_KEYS_FORBIDDEN, 404: { description: "`not_found`: no management key with this id in this workspace." } },
  },
});
