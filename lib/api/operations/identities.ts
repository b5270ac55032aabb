// Identities (a product's customers, each owning keys) and the credits of identities and keys.
import { z } from "zod";
import {
  createIdentityBodySchema,
  creditChangeBodySchema,
  creditChangeDtoSchema,
  deleteIdentityDtoSchema,
  deleteIdentityQuerySchema,
  identityDtoSchema,
  ledgerEntryDtoSchema,
  ledgerQuerySchema,
  listIdentitiesQuerySchema,
  updateIdentityBodySchema,
} from "@/lib/schemas/identities";
import { PROJECT_OR_KEY_NOT_FOUND } from "../errors";
import { defineOperations } from "../operation";
import { identityIdParam, keyIdParam, projectIdParam } from "./params";

const IDENTITY_NOT_FOUND = { description: "`not_found`: no identity with this id in this workspace (another workspace's identity included)." };
const CREDIT_CHANGE_CONFLICT = {
  description:
    "`conflict`: the balance is unlimited (set it to a number first, then add); or `idempotency_in_flight`: a request with this Idempotency-Key is still running.",
  headers: ["Retry-After"] as const,
};
const CREDIT_CHANGE_DESCRIPTION =
  "`add` adds `amount` to the balance; `set` sets it to `amount` (and makes an unlimited balance limited). Written to the ledger with the caller, the time, the `reason` and the resulting balance; audited. A retry with the same `Idempotency-Key` replays the first answer and changes nothing again.";

export const identityOperations = defineOperations({
  listIdentities: {
    method: "GET",
    path: "/api/v1/identities",
    tags: ["Identities"],
    summary: "List identities",
    description:
      "Newest first, keyset-paged (`Link: <…>; rel=\"next\"`). `q` searches external ids and names (literal text, case-insensitive); `external_id` finds the identity with exactly that external id.",
    role: "member",
    permission: "identities:read",
    query: listIdentitiesQuerySchema,
    responses: { 200: { description: "The identities.", body: z.array(identityDtoSchema), headers: ["Link"] } },
  },
  createIdentity: {
    method: "POST",
    path: "/api/v1/identities",
    tags: ["Identities"],
    summary: "Create an identity (admin)",
    description:
      "`external_id` (1-255 characters) is your own id for the customer, unique in the workspace. `meta`, a JSON object of at most 4 KiB, is returned with every valid verification of its keys. `credits` (null: unlimited) and `rate_limit` are shared by all its keys.",
    role: "admin",
    permission: "identities:write",
    body: createIdentityBodySchema,
    idempotent: true,
    responses: { 201: { description: "The new identity.", body: identityDtoSchema, headers: ["Location"] } },
    errors: {
      409: {
        description: "`conflict`: another identity of the workspace has this `external_id`; or `idempotency_in_flight`.",
        headers: ["Retry-After"],
      },
    },
  },
  getIdentity: {
    method: "GET",
    path: "/api/v1/identities/{id}",
    tags: ["Identities"],
    summary: "Read an identity",
    description: "With its credits (a refill that is due is applied first), its rate limit and how many active keys it owns.",
    role: "member",
    permission: "identities:read",
    params: { id: identityIdParam },
    responses: { 200: { description: "The identity.", body: identityDtoSchema } },
    errors: { 404: IDENTITY_NOT_FOUND },
  },
  updateIdentity: {
    method: "PATCH",
    path: "/api/v1/identities/{id}",
    tags: ["Identities"],
    summary: "Edit an identity (admin)",
    description:
      "Changes `external_id`, `name`, `meta`, `credits` and `rate_limit`. `credits` replaces the refill and `low_threshold`; with `remaining` it also sets the balance (written to the ledger as a `set`), and without it the balance is kept as it is when the change is written, so credits verifications spent meanwhile stay spent (leaving `remaining` out of an unlimited balance's credits is a 422). `credits: null` makes the balance unlimited. Every instance sees the change on its next verification.",
    role: "admin",
    permission: "identities:write",
    params: { id: identityIdParam },
    body: updateIdentityBodySchema,
    responses: { 200: { description: "The identity as it now is.", body: identityDtoSchema } },
    errors: {
      404: IDENTITY_NOT_FOUND,
      409: { description: "`conflict`: another identity of the workspace has this `external_id`." },
      422: { description: "`validation_failed`: invalid path, query or body; `errors[]` locates every issue. Among them: `credits` without `remaining` while the balance is unlimited." },
    },
  },
  deleteIdentity: {
    method: "DELETE",
    path: "/api/v1/identities/{id}",
    tags: ["Identities"],
    summary: "Delete an identity (admin)",
    description:
      "An identity that owns active keys is refused (409) unless `revoke_keys=true`, which revokes them with it (each audited). Revoked and expired keys only lose their identity.",
    role: "admin",
    permission: "identities:write",
    params: { id: identityIdParam },
    query: deleteIdentityQuerySchema,
    queryDocs: { revoke_keys: { description: "`true` revokes the identity's active keys with it. Defaults to `false`." } },
    responses: { 200: { description: "Deleted.", body: deleteIdentityDtoSchema } },
    errors: { 404: IDENTITY_NOT_FOUND, 409: { description: "`conflict`: the identity owns active keys; retry with `revoke_keys=true` to revoke them." } },
  },
  changeIdentityCredits: {
    method: "POST",
    path: "/api/v1/identities/{id}/credits",
    tags: ["Identities"],
    summary: "Add to or set an identity's credits (admin)",
    description: CREDIT_CHANGE_DESCRIPTION,
    role: "admin",
    permission: "identities:write",
    params: { id: identityIdParam },
    body: creditChangeBodySchema,
    idempotent: true,
    responses: { 200: { description: "The balance as it now is, and its ledger entry.", body: creditChangeDtoSchema } },
    errors: { 404: IDENTITY_NOT_FOUND, 409: CREDIT_CHANGE_CONFLICT },
  },
  listIdentityLedger: {
    method: "GET",
    path: "/api/v1/identities/{id}/credits/ledger",
    tags: ["Identities"],
    summary: "An identity's credit ledger",
    description:
      "Every change to the balance other than verification charges (refills, adds and sets), newest first, each with its actor, time, reason and the resulting balance; keyset-paged (`Link`). What verifications spent per day is in the usage counts.",
    role: "member",
    permission: "identities:read",
    params: { id: identityIdParam },
    query: ledgerQuerySchema,
    responses: { 200: { description: "The ledger entries.", body: z.array(ledgerEntryDtoSchema), headers: ["Link"] } },
    errors: { 404: IDENTITY_NOT_FOUND },
  },
  changeApiKeyCredits: {
    method: "POST",
    path: "/api/v1/projects/{projectId}/keys/{keyId}/credits",
    tags: ["API keys"],
    summary: "Add to or set a key's own credits (admin)",
    description: CREDIT_CHANGE_DESCRIPTION,
    role: "admin",
    permission: "keys:write",
    params: { projectId: projectIdParam, keyId: keyIdParam },
    body: creditChangeBodySchema,
    idempotent: true,
    responses: { 200: { description: "The balance as it now is, and its ledger entry.", body: creditChangeDtoSchema } },
    errors: { 404: PROJECT_OR_KEY_NOT_FOUND, 409: CREDIT_CHANGE_CONFLICT },
  },
  listApiKeyLedger: {
    method: "GET",
    path: "/api/v1/projects/{projectId}/keys/{keyId}/credits/ledger",
    tags: ["API keys"],
    summary: "A key's credit ledger",
    description:
      "Every change to the key's own balance other than verification charges (refills, adds and sets), newest first, each with its actor, time, reason and the resulting balance; keyset-paged (`Link`).",
    role: "member",
    permission: "keys:read",
    params: { projectId: projectIdParam, keyId: keyIdParam },
    query: ledgerQuerySchema,
    responses: { 200: { description: "The ledger entries.", body: z.array(ledgerEntryDtoSchema), headers: ["Link"] } },
    errors: { 404: PROJECT_OR_KEY_NOT_FOUND },
  },
});
