// The OpenAPI 3.1 document, generated from the same zod schemas the handlers use.
import { z } from "zod";
import { ERROR_STATUS } from "@/lib/errors";
import { apiKeyDtoSchema, bulkRevokeBodySchema, bulkRevokeResultDtoSchema, createApiKeyBodySchema, createdApiKeyDtoSchema, listApiKeysQuerySchema, revokeApiKeyDtoSchema, rollApiKeyBodySchema, updateApiKeyBodySchema, verifyKeyBodySchema, verifyKeyResultSchema } from "@/lib/schemas/keys/rest";
import { livenessSchema, readinessSchema } from "@/lib/schemas/health";
import { workspacePolicyBodySchema, workspacePolicyDtoSchema } from "@/lib/schemas/policy";
import { auditEventDtoSchema, auditExportQuerySchema, auditQuerySchema } from "@/lib/schemas/audit";
import { requestIdSchema, verificationLookupDtoSchema } from "@/lib/schemas/requests";
import { leakReportAnswerSchema, leakReportInputSchema } from "@/lib/schemas/secret-scanning";
import { problemSchema } from "@/lib/schemas/problem";
import { usagePointSchema } from "@/lib/schemas/usage";
import {
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_TEST_EVENT,
  createWebhookBodySchema,
  createdWebhookDtoSchema,
  updateWebhookBodySchema,
  webhookDeliveryDtoSchema,
  webhookEndpointDtoSchema,
} from "@/lib/schemas/webhooks";
import { createProjectInputSchema, createdProjectDtoSchema, projectDtoSchema } from "@/lib/schemas/projects";

const json = (schema: z.ZodType, io: "input" | "output" = "output") => {
  const { $schema: _drop, ...rest } = withoutSafeIntegerBounds(
    z.toJSONSchema(schema, { io, target: "draft-2020-12", unrepresentable: "any" }),
  ) as Record<string, unknown>;
  return io === "input" ? defaultsAsProse(rest) : rest;
};

/**
 * zod states every integer's bounds as ±(2^53 - 1), the safe-integer range, which says nothing
 * to a reader of the document: those two bounds are dropped, real ones are kept.
 */
function withoutSafeIntegerBounds(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutSafeIntegerBounds);
  if (schema === null || typeof schema !== "object") return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([name, value]) => !((name === "minimum" || name === "maximum") && Math.abs(Number(value)) === Number.MAX_SAFE_INTEGER))
      .map(([name, value]) => [name, withoutSafeIntegerBounds(value)]),
  );
}

/**
 * In a request body, a field with a default is one the client may leave out. Generators read a
 * `default` keyword as "always present" (openapi-typescript makes such fields required), so
 * inputs state their defaults in the description instead.
 */
function defaultsAsProse(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = schema.properties as Record<string, Record<string, unknown>> | undefined;
  if (!properties) return schema;
  const rewritten = Object.fromEntries(
    Object.entries(properties).map(([name, property]) => {
      if (!("default" in property)) return [name, property];
      const { default: fallback, ...rest } = property;
      const note = `Defaults to ${JSON.stringify(fallback)}.`;
      return [name, { ...rest, description: rest.description ? `${String(rest.description)} ${note}` : note }];
    }),
  );
  return { ...schema, properties: rewritten };
}

/** Named schemas, also served at /api/v1/schemas/{name}.json (the `$schema` of responses). */
export const SCHEMAS = {
  ErrorModel: () => json(problemSchema),
  APIKey: () => json(apiKeyDtoSchema),
  CreateAPIKeyInputBody: () => json(createApiKeyBodySchema, "input"),
  CreateAPIKeyOutputBody: () => withSchemaRef(json(createdApiKeyDtoSchema)),
  RevokeAPIKeyOutputBody: () => withSchemaRef(json(revokeApiKeyDtoSchema)),
  UpdateAPIKeyInputBody: () => json(updateApiKeyBodySchema, "input"),
  RollAPIKeyInputBody: () => json(rollApiKeyBodySchema, "input"),
  BulkRevokeInputBody: () => json(bulkRevokeBodySchema, "input"),
  BulkRevokeOutputBody: () => json(bulkRevokeResultDtoSchema),
  WorkspacePolicyInputBody: () => json(workspacePolicyBodySchema, "input"),
  WorkspacePolicy: () => json(workspacePolicyDtoSchema),
  VerificationLookup: () => json(verificationLookupDtoSchema),
  AuditEvent: () => json(auditEventDtoSchema),
  UsagePoint: () => json(usagePointSchema),
  WebhookEndpoint: () => json(webhookEndpointDtoSchema),
  CreateWebhookInputBody: () => json(createWebhookBodySchema, "input"),
  CreateWebhookOutputBody: () => json(createdWebhookDtoSchema),
  UpdateWebhookInputBody: () => json(updateWebhookBodySchema, "input"),
  WebhookDelivery: () => json(webhookDeliveryDtoSchema),
  Project: () => json(projectDtoSchema),
  CreateProjectInputBody: () => json(createProjectInputSchema, "input"),
  CreateProjectOutputBody: () => json(createdProjectDtoSchema),
  VerifyKeyInputBody: () => json(verifyKeyBodySchema, "input"),
  VerifyKeyOutputBody: () => json(verifyKeyResultSchema),
  LeakReport: () => json(leakReportInputSchema, "input"),
  LeakReportAnswer: () => json(leakReportAnswerSchema),
  Liveness: () => json(livenessSchema),
  Readiness: () => json(readinessSchema),
} as const;
export type SchemaName = keyof typeof SCHEMAS;

/** These responses always carry `$schema` (the URL of their JSON Schema). */
function withSchemaRef(schema: Record<string, unknown>) {
  const properties = { $schema: { type: "string", description: "The URL of this body's JSON Schema." }, ...(schema.properties as object) };
  return { ...schema, properties, required: ["$schema", ...((schema.required as string[] | undefined) ?? [])] };
}

const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });
const header = (name: string) => ({ $ref: `#/components/headers/${name}` });
const problem = (description: string, headers: string[] = []) => ({
  description,
  headers: { "request-id": header("RequestId"), ...Object.fromEntries(headers.map((h) => [h, header(h.replace(/-/g, ""))])) },
  content: { "application/problem+json": { schema: ref("ErrorModel") } },
});
const ok = (description: string, schema: object, status = "200", headers: string[] = []) => ({
  [status]: {
    description,
    headers: { "request-id": header("RequestId"), ...Object.fromEntries(headers.map((h) => [h, header(h.replace(/-/g, ""))])) },
    content: { "application/json": { schema } },
  },
});
/** What any route can answer, whatever it does. */
const everyRoute = {
  "400": problem("`bad_request`: a key or token in the query string, a path that is not valid percent-encoding, or a body that is not JSON."),
  "405": problem("`method_not_allowed`: this route does not answer this method; `Allow` lists those it does.", ["Allow"]),
  "500": problem("`internal`: unexpected; quote the request id."),
  "503": problem("`service_unavailable`: the database is unreachable or busy; retry after `Retry-After` seconds.", ["Retry-After"]),
};
const withBody = {
  "413": problem("`payload_too_large`: the body is over 64 KiB."),
  "415": problem("`unsupported_media_type`: send the body as `application/json`."),
};
const sessionErrors = {
  ...everyRoute,
  "401": problem("`unauthorized`: no valid dashboard session token.", ["WWW-Authenticate"]),
  "403": problem("`forbidden`: the caller's role does not allow this, or the session has no organization."),
  "404": problem("`not_found`: the project or key does not exist in this workspace."),
  "422": problem("`validation_failed`: invalid path, query or body; `errors[]` locates every issue."),
};
/** Management writes count against the caller's write limit (per user, shared with the dashboard). */
const LIMIT_HEADERS = ["RateLimit-Policy", "RateLimit"];
const writeLimited = {
  "429": problem("`rate_limited`: too many management writes by this user; retry after `Retry-After` seconds.", ["Retry-After", ...LIMIT_HEADERS]),
};
const projectIdParam = { name: "projectId", in: "path", required: true, description: "Project UUID", schema: { type: "string", format: "uuid" } };
const keyIdParam = { name: "keyId", in: "path", required: true, description: "API key UUID", schema: { type: "string", format: "uuid" } };
const webhookIdParam = { name: "webhookId", in: "path", required: true, description: "Webhook endpoint UUID", schema: { type: "string", format: "uuid" } };
const adminOnly = {
  "401": problem("`unauthorized`: no valid dashboard session token.", ["WWW-Authenticate"]),
  "403": problem("`forbidden`: webhooks are managed by admins."),
};
const idempotencyHeader = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description: "Retries with the same key and body replay the first response (24 h). 1-255 visible ASCII characters.",
  schema: { type: "string", minLength: 1, maxLength: 255, pattern: "^[\\x21-\\x7E]+$" },
};
/** What every POST that creates something answers besides its own statuses. */
const idempotencyErrors = {
  "409": problem("`idempotency_in_flight`: a request with this Idempotency-Key is still running.", ["Retry-After"]),
  "422": problem("`validation_failed`: invalid path, query or body (`errors[]` locates every issue); or `idempotency_key_reused`: this Idempotency-Key was used with another body."),
};

export function openApiDocument(serverUrl: string | undefined, keyPrefix: string) {
  const listQuery = json(listApiKeysQuerySchema, "input") as { properties: Record<string, object> };
  const auditQuery = json(auditQuerySchema, "input") as { properties: Record<string, object> };
  const auditExportQuery = json(auditExportQuerySchema, "input") as { properties: Record<string, object> };
  return {
    openapi: "3.1.0",
    info: {
      title: "Keyport API",
      version: "1.0.0",
      description:
        "Manage API keys with a dashboard session token (`Authorization: Bearer <session JWT>`); " +
        `verify SDK keys with \`Authorization: Bearer <${keyPrefix}_live_… key>\`. ` +
        "Every error is `application/problem+json`, and every response carries `request-id`. " +
        "Every list is a bare JSON array (keys, projects, audit events, webhooks, deliveries, usage points); where a list pages, the next page is in `Link: <…>; rel=\"next\"`. " +
        "Every POST that creates something takes `Idempotency-Key`.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    tags: [
      { name: "Projects", description: "A workspace's projects, each with its default key." },
      { name: "API keys", description: "Create, list and revoke the keys that apps and SDKs use." },
      { name: "Verification", description: "The route SDKs call to check a key." },
      { name: "Policies", description: "The rules every key of the workspace must follow." },
      { name: "Audit log", description: "Who did what, and when." },
      { name: "Leak reports", description: "Where secret scanners report keys found in public places." },
      {
        name: "Webhooks",
        description:
          `Signed notices of key events (${WEBHOOK_EVENT_TYPES.join(", ")}), sent to HTTPS endpoints as Standard Webhooks: ` +
          "`webhook-id` (the same on every retry), `webhook-timestamp` and `webhook-signature` (HMAC-SHA256 with the endpoint's `whsec_` secret). " +
          "The body is `{\"type\", \"timestamp\", \"data\"}`; `data.key` is the key as `APIKey` shows it. Delivered at least once, retried with exponential backoff for 24 hours; redirects are not followed.",
      },
      { name: "Health", description: "For load balancers: liveness and readiness." },
    ],
    components: {
      securitySchemes: {
        session: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "Dashboard session token (Clerk session JWT)." },
        sdkKey: { type: "http", scheme: "bearer", description: `An SDK key: ${keyPrefix}_live_… or ${keyPrefix}_test_…` },
      },
      headers: {
        RequestId: { description: "Identifies the request in logs and audit events.", schema: { type: "string", pattern: "^req_[0-9A-Za-z]+$" } },
        Location: { description: "Where the answer, or the created resource, is.", schema: { type: "string" } },
        RetryAfter: { description: "Seconds to wait before retrying.", schema: { type: "string" } },
        RateLimitPolicy: {
          description:
            'The limits that apply (draft-ietf-httpapi-ratelimit-headers): `"failed";q=100;w=60` (failed verifications per client IP), `"key";q=…;w=…` (the key\'s own limit), `"writes";q=60;w=60` (management writes per user).',
          schema: { type: "string" },
        },
        RateLimit: {
          description: 'Where the request stands against each policy: `"failed";r=42;t=17` (`r` left in the window, `t` seconds until it resets).',
          schema: { type: "string" },
        },
        WWWAuthenticate: { description: "The Bearer challenge (RFC 6750).", schema: { type: "string" } },
        Allow: { description: "The methods this route answers.", schema: { type: "string" } },
        Link: { description: "`<…>; rel=\"next\"` and `<…>; rel=\"prev\"`: the neighbouring pages.", schema: { type: "string" } },
        xtotalcount: { description: "The number of matching keys, when there are at most 1,000 (past that, listings stop counting).", schema: { type: "string" } },
        idempotencyreplayed: { description: "`true` when this is the stored response of an earlier request with the same Idempotency-Key.", schema: { type: "string" } },
      },
      schemas: Object.fromEntries(Object.entries(SCHEMAS).map(([name, build]) => [name, build()])),
    },
    paths: {
      "/api/v1/projects": {
        get: {
          operationId: "listProjects",
          tags: ["Projects"],
          summary: "List the workspace's projects",
          description: "Every project of the session's workspace, oldest first.",
          security: [{ session: [] }],
          responses: {
            ...ok("The projects.", { type: "array", items: ref("Project") }),
            ...everyRoute,
            "401": sessionErrors["401"],
            "403": sessionErrors["403"],
          },
        },
        post: {
          operationId: "createProject",
          tags: ["Projects"],
          summary: "Create a project (admin); the response holds its default key, once",
          description: "Creates the project and its default key, `{projectId}_default_{suffix}`, which the platform manages and nobody can revoke. The key itself is in this response only.",
          security: [{ session: [] }],
          parameters: [idempotencyHeader],
          requestBody: { required: true, content: { "application/json": { schema: ref("CreateProjectInputBody") } } },
          responses: {
            ...ok("The project and its default key.", ref("CreateProjectOutputBody"), "201", ["idempotency-replayed", ...LIMIT_HEADERS]),
            ...sessionErrors,
            ...withBody,
            ...writeLimited,
            ...idempotencyErrors,
          },
        },
      },
      "/api/v1/projects/{projectId}/keys": {
        parameters: [projectIdParam],
        get: {
          operationId: "listApiKeys",
          tags: ["API keys"],
          summary: "List API keys for a project",
          description: "Includes keys that cover every project of the workspace (`project_id: null`). Filtered, searched and sorted on the server; pages with `Link: <…>; rel=\"next\"` (keyset cursors).",
          security: [{ session: [] }],
          parameters: Object.entries(listQuery.properties).map(([name, schema]) => ({ name, in: "query", required: false, schema })),
          responses: { ...ok("The keys.", { type: "array", items: ref("APIKey") }, "200", ["Link", "x-total-count"]), ...sessionErrors },
        },
        post: {
          operationId: "createApiKey",
          tags: ["API keys"],
          summary: "Create an API key (admin)",
          description: "The only response that ever holds the key itself: store it now, it is never shown again.",
          security: [{ session: [] }],
          parameters: [idempotencyHeader],
          requestBody: { required: true, content: { "application/json": { schema: ref("CreateAPIKeyInputBody") } } },
          responses: {
            ...ok("The new key, with `key`.", ref("CreateAPIKeyOutputBody"), "201", ["idempotency-replayed", ...LIMIT_HEADERS]),
            ...sessionErrors,
            ...withBody,
            ...writeLimited,
            "422": idempotencyErrors["422"],
            "409": problem("`idempotency_in_flight` (with `Retry-After`), or `conflict`: the workspace's `single_active_key` policy (or its cap on active keys) refused, naming the policy.", ["Retry-After"]),
          },
        },
      },
      "/api/v1/projects/{projectId}/keys/bulk-revoke": {
        parameters: [projectIdParam],
        post: {
          operationId: "bulkRevokeApiKeys",
          tags: ["API keys"],
          summary: "Revoke up to 1,000 keys (admin)",
          description:
            "Each key is revoked on its own, with its own audit event; one refusal never holds up the rest. Each result is `revoked`, `already_revoked`, `not_found` (including ids that are not UUIDs, and keys of another project) or `refused` (a project's default key), with a detail.",
          security: [{ session: [] }],
          requestBody: { required: true, content: { "application/json": { schema: ref("BulkRevokeInputBody") } } },
          responses: {
            ...ok("What happened to each key.", ref("BulkRevokeOutputBody"), "200", LIMIT_HEADERS),
            ...sessionErrors,
            ...withBody,
            ...writeLimited,
          },
        },
      },
      "/api/v1/projects/{projectId}/keys/{keyId}/roll": {
        parameters: [projectIdParam, keyIdParam],
        post: {
          operationId: "rollApiKey",
          tags: ["API keys"],
          summary: "Roll a key (admin); the response holds the new key, once",
          description:
            "A new key with everything of the old one (name, description, environment, projects, scopes, rate limit, allowlist; its expiry, never later), linked both ways (`rolled_from`, `rolled_to`). The old key keeps working for `grace_period` and stops at that instant on every instance; `none` stops it at once, as a revoke does. A default key's replacement stays the project's default key.",
          security: [{ session: [] }],
          parameters: [idempotencyHeader],
          requestBody: { required: true, content: { "application/json": { schema: ref("RollAPIKeyInputBody") } } },
          responses: {
            ...ok("The new key, with `key`.", ref("CreateAPIKeyOutputBody"), "201", ["idempotency-replayed", ...LIMIT_HEADERS]),
            ...sessionErrors,
            ...withBody,
            ...writeLimited,
            "422": idempotencyErrors["422"],
            "409": problem("`conflict`: the key is revoked or expired, or was already rolled (the detail names its successor); or `idempotency_in_flight`.", ["Retry-After"]),
          },
        },
      },
      "/api/v1/projects/{projectId}/keys/{keyId}/usage": {
        parameters: [projectIdParam, keyIdParam],
        get: {
          operationId: "getApiKeyUsage",
          tags: ["API keys"],
          summary: "A key's verifications over time",
          description:
            "Valid and invalid verifications per `hour` (from the verification log: the last 30 days at most, and only while `KEYPORT_RECORD_VERIFICATIONS` is on) or per `day` (the daily counts, a year at most), one point per bucket from `since` (default: the last 24 hours, or the last 30 days) to now, zeros included. Counts are written every `KEYPORT_USAGE_FLUSH_MS` (1 s), by the process that answered the verification.",
          security: [{ session: [] }],
          parameters: [
            { name: "granularity", in: "query", required: false, description: "`hour` or `day`. Defaults to `day`.", schema: { type: "string", enum: ["hour", "day"] } },
            { name: "since", in: "query", required: false, description: "RFC 3339 date-time; rounded down to its bucket.", schema: { type: "string", format: "date-time" } },
          ],
          responses: { ...ok("The series, oldest first.", { type: "array", items: ref("UsagePoint") }), ...sessionErrors },
        },
      },
      "/api/v1/audit-events": {
        get: {
          operationId: "listAuditEvents",
          tags: ["Audit log"],
          summary: "The workspace's audit log (admin)",
          description:
            "Who did what and when, newest first: creates, rolls, edits, revokes (bulk ones too), leak reports, policy changes and refused admin attempts, each with its request id and IP. Filter by `key_id`, `actor` (a user id), `action`, `from`/`to` and `request_id`; page with `cursor` from `Link: <…>; rel=\"next\"`. Every matching event as CSV: `GET /api/v1/audit-events/export`.",
          security: [{ session: [] }],
          parameters: Object.entries(auditQuery.properties).map(([name, schema]) =>
            name === "format"
              ? {
                  name,
                  in: "query",
                  required: false,
                  deprecated: true,
                  description: "`csv` is redirected (308) to `/api/v1/audit-events/export` with the same filters; use that operation instead.",
                  schema,
                }
              : { name, in: "query", required: false, schema },
          ),
          responses: {
            ...ok("A page of events.", { type: "array", items: ref("AuditEvent") }, "200", ["Link"]),
            "308": {
              description: "`format=csv`: the same filters at `/api/v1/audit-events/export`, in `Location`.",
              headers: { "request-id": header("RequestId"), Location: header("Location") },
            },
            ...sessionErrors,
          },
        },
      },
      "/api/v1/audit-events/export": {
        get: {
          operationId: "exportAuditEvents",
          tags: ["Audit log"],
          summary: "Download the audit log as CSV (admin)",
          description:
            "Every event matching the filters (the list's, without paging), newest first, streamed as CSV with a header row. Cells that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) are prefixed with an apostrophe.",
          security: [{ session: [] }],
          parameters: Object.entries(auditExportQuery.properties).map(([name, schema]) => ({ name, in: "query", required: false, schema })),
          responses: {
            "200": {
              description: "The matching events, as an attachment.",
              headers: { "request-id": header("RequestId") },
              content: { "text/csv": { schema: { type: "string" } } },
            },
            ...sessionErrors,
          },
        },
      },
      "/api/v1/webhooks": {
        get: {
          operationId: "listWebhooks",
          tags: ["Webhooks"],
          summary: "The workspace's webhook endpoints (admin)",
          description: "Oldest first. Secrets are never listed.",
          security: [{ session: [] }],
          responses: { ...ok("The endpoints.", { type: "array", items: ref("WebhookEndpoint") }), ...everyRoute, ...adminOnly },
        },
        post: {
          operationId: "createWebhook",
          tags: ["Webhooks"],
          summary: "Add a webhook endpoint (admin); the response holds its signing secret, once",
          description:
            "An `https` URL whose address is public: plain `http`, and names or addresses that are loopback, private or link-local, are refused (422) unless the server allows them (`KEYPORT_WEBHOOK_ALLOW_PRIVATE`). Each delivery checks the address it connects to again. At most 20 endpoints per workspace.",
          security: [{ session: [] }],
          parameters: [idempotencyHeader],
          requestBody: { required: true, content: { "application/json": { schema: ref("CreateWebhookInputBody") } } },
          responses: {
            ...ok("The endpoint, with `secret`.", ref("CreateWebhookOutputBody"), "201", ["Location", "idempotency-replayed", ...LIMIT_HEADERS]),
            ...everyRoute,
            ...withBody,
            ...writeLimited,
            ...adminOnly,
            ...idempotencyErrors,
            "409": problem("`conflict`: the workspace already has 20 endpoints; or `idempotency_in_flight`: a request with this Idempotency-Key is still running.", ["Retry-After"]),
          },
        },
      },
      "/api/v1/webhooks/{webhookId}": {
        parameters: [webhookIdParam],
        patch: {
          operationId: "updateWebhook",
          tags: ["Webhooks"],
          summary: "Disable, enable or re-subscribe an endpoint (admin)",
          description: "A disabled endpoint is off: no event is queued for it meanwhile, and deliveries queued before it was disabled wait until it is enabled again (giving up 24 hours after their event).",
          security: [{ session: [] }],
          requestBody: { required: true, content: { "application/json": { schema: ref("UpdateWebhookInputBody") } } },
          responses: {
            ...ok("The endpoint as it now is.", ref("WebhookEndpoint"), "200", LIMIT_HEADERS),
            ...everyRoute,
            ...withBody,
            ...writeLimited,
            ...adminOnly,
            "404": problem("`not_found`: no such endpoint in this workspace."),
            "422": sessionErrors["422"],
          },
        },
        delete: {
          operationId: "deleteWebhook",
          tags: ["Webhooks"],
          summary: "Delete an endpoint and its delivery history (admin)",
          description: "The endpoint stops receiving events at once; its queued and past deliveries are deleted with it. Audited.",
          security: [{ session: [] }],
          responses: {
            "204": { description: "Deleted.", headers: { "request-id": header("RequestId") } },
            ...everyRoute,
            ...writeLimited,
            ...adminOnly,
            "404": problem("`not_found`: no such endpoint in this workspace."),
            "422": sessionErrors["422"],
          },
        },
      },
      "/api/v1/webhooks/{webhookId}/test": {
        parameters: [webhookIdParam],
        post: {
          operationId: "testWebhook",
          tags: ["Webhooks"],
          summary: `Send a \`${WEBHOOK_TEST_EVENT}\` event to an endpoint (admin)`,
          description: "Queued at once and delivered like any event, whatever the endpoint subscribes to. Follow it in the endpoint's deliveries.",
          security: [{ session: [] }],
          parameters: [idempotencyHeader],
          responses: {
            ...ok("The queued delivery.", ref("WebhookDelivery"), "202", ["idempotency-replayed", ...LIMIT_HEADERS]),
            ...everyRoute,
            ...writeLimited,
            ...adminOnly,
            ...idempotencyErrors,
            "404": problem("`not_found`: no such endpoint in this workspace."),
            "409": problem("`conflict`: the endpoint is disabled; or `idempotency_in_flight`: a request with this Idempotency-Key is still running.", ["Retry-After"]),
          },
        },
      },
      "/api/v1/webhooks/{webhookId}/deliveries": {
        parameters: [webhookIdParam],
        get: {
          operationId: "listWebhookDeliveries",
          tags: ["Webhooks"],
          summary: "An endpoint's recent deliveries (admin)",
          description: "Newest first (`limit`, default 50, at most 200): status, attempts, the last response code and error.",
          security: [{ session: [] }],
          parameters: [{ name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 200 } }],
          responses: {
            ...ok("The deliveries.", { type: "array", items: ref("WebhookDelivery") }),
            ...everyRoute,
            ...adminOnly,
            "404": problem("`not_found`: no such endpoint in this workspace."),
            "422": sessionErrors["422"],
          },
        },
      },
      "/api/v1/requests/{requestId}": {
        parameters: [{ name: "requestId", in: "path", required: true, description: "The `request-id` of a verify answer.", schema: json(requestIdSchema, "input") }],
        get: {
          operationId: "getRequest",
          tags: ["Verification"],
          summary: "Which key made a verification request",
          description:
            "The key (id, name, start, environment), the outcome, the client IP, the user agent and the time of the verification with this request id. Verifications are kept for `KEYPORT_EVENT_RETENTION_DAYS`; one made by a key of another workspace, or by no key, is a 404. " +
            "A verification is written a moment after its answer (every `KEYPORT_USAGE_FLUSH_MS`, by the process that answered it): while a request id that is not found is only seconds old, the 404 is `not_recorded_yet` with `Retry-After: 1`; retry, and it is found or becomes `not_found`.",
          security: [{ session: [] }],
          responses: {
            ...ok("The verification.", ref("VerificationLookup")),
            ...sessionErrors,
            "404": problem(
              "`not_found`: no verification by a key of this workspace has that request id. `not_recorded_yet`: the id was issued seconds ago and nothing is written under it yet; retry after `Retry-After` (1) seconds.",
              ["Retry-After"],
            ),
          },
        },
      },
      "/api/v1/workspace/policy": {
        get: {
          operationId: "getWorkspacePolicy",
          tags: ["Policies"],
          summary: "The workspace's key policy",
          description: "Its rules, and the active keys that break them.",
          security: [{ session: [] }],
          responses: {
            ...ok("The policy.", ref("WorkspacePolicy")),
            ...everyRoute,
            "401": sessionErrors["401"],
            "403": sessionErrors["403"],
          },
        },
        put: {
          operationId: "setWorkspacePolicy",
          tags: ["Policies"],
          summary: "Replace the workspace's key policy (admin)",
          description:
            "The whole policy, every field: the body `GET` answers can be sent back as it is (the read-only `violations` is ignored). Audited. A change never revokes a key: the answer lists the active keys that break the new policy (`violations`). New and edited keys are held to it; refusals name the policy (`single_active_key`: 409; the others: 422).",
          security: [{ session: [] }],
          requestBody: { required: true, content: { "application/json": { schema: ref("WorkspacePolicyInputBody") } } },
          responses: {
            ...ok("The saved policy.", ref("WorkspacePolicy"), "200", LIMIT_HEADERS),
            ...everyRoute,
            ...withBody,
            ...writeLimited,
            "401": sessionErrors["401"],
            "403": sessionErrors["403"],
            "422": sessionErrors["422"],
          },
        },
      },
      "/api/v1/projects/{projectId}/keys/{keyId}": {
        parameters: [projectIdParam, keyIdParam],
        patch: {
          operationId: "updateApiKey",
          tags: ["API keys"],
          summary: "Edit a key (admin)",
          description:
            "Changes `name`, `description`, `scopes`, `rate_limit` and `allowed_ips`, and moves `expires_at` earlier (never later, never past the workspace's maximum lifetime). Every instance sees the change on its next verification.",
          security: [{ session: [] }],
          requestBody: { required: true, content: { "application/json": { schema: ref("UpdateAPIKeyInputBody") } } },
          responses: {
            ...ok("The key as it now is.", ref("APIKey"), "200", LIMIT_HEADERS),
            ...sessionErrors,
            ...withBody,
            ...writeLimited,
            "409": problem("`conflict`: the key is revoked or expired."),
          },
        },
        delete: {
          operationId: "revokeApiKey",
          tags: ["API keys"],
          summary: "Revoke an API key (admin, idempotent)",
          description: "A soft delete: the key stops verifying at once on every instance (within the 5 s staleness bound). Revoking a revoked key succeeds again.",
          security: [{ session: [] }],
          responses: {
            ...ok("Revoked (or already revoked).", ref("RevokeAPIKeyOutputBody"), "200", LIMIT_HEADERS),
            ...sessionErrors,
            ...writeLimited,
            "409": problem("The project's default key cannot be revoked."),
          },
        },
      },
      "/api/v1/secret-scanning/report": {
        post: {
          operationId: "reportLeakedTokens",
          tags: ["Leak reports"],
          summary: "Report leaked keys (secret scanners)",
          description:
            "In the format of GitHub's secret scanning partner program. The body is signed with ECDSA P-256 / SHA-256 over its raw bytes; the signature (base64 DER) and the signing key's identifier come in headers, checked against `KEYPORT_SECRET_SCANNING_PUBLIC_KEYS`. " +
            "Each token that is one of this server's keys is a `true_positive`: it is flagged, audited with the report's `url` and `source`, and revoked at once unless its workspace only flags leaks. Anything else is a `false_positive`, answered with its SHA-256. At most 1 MiB and 1,000 tokens; a token reported twice is revoked once and audited twice.",
          security: [],
          parameters: [
            { name: "Github-Public-Key-Identifier", in: "header", required: true, description: "Which configured public key signed the report.", schema: { type: "string" } },
            { name: "Github-Public-Key-Signature", in: "header", required: true, description: "Base64 DER ECDSA P-256 signature of the raw body (SHA-256).", schema: { type: "string" } },
          ],
          requestBody: { required: true, content: { "application/json": { schema: ref("LeakReport") } } },
          responses: {
            ...ok("What each token is.", { type: "array", items: ref("LeakReportAnswer") }),
            ...everyRoute,
            "401": problem("`unauthorized`: the signature is missing, made with an unknown key, or does not match the body.", ["WWW-Authenticate"]),
            "404": problem("`not_found`: no scanner keys are configured, so leak reports are off."),
            "413": problem("`payload_too_large`: the report is over 1 MiB."),
            "415": withBody["415"],
            "422": problem("`validation_failed`: not an array of `{token, type, url, source}`, or more than 1,000 tokens."),
          },
        },
      },
      "/api/health": {
        get: {
          operationId: "getLiveness",
          tags: ["Health"],
          summary: "Liveness",
          security: [],
          description: "The process answers (always 200). No database is asked, so a slow database never gets an instance restarted. `degraded` when the configured Redis cannot be reached and rate limits are counted per instance.",
          responses: {
            ...ok("Alive.", ref("Liveness")),
            "405": everyRoute["405"],
          },
        },
      },
      "/api/health/ready": {
        get: {
          operationId: "getReadiness",
          tags: ["Health"],
          summary: "Readiness",
          security: [],
          description: "200 while the database answers within 2 s; 503 while it does not, so a load balancer stops sending traffic here. The body says what was checked.",
          responses: {
            ...ok("Ready.", ref("Readiness")),
            "405": everyRoute["405"],
            "503": {
              description: "Not ready: the body says which check failed; retry after `Retry-After` seconds.",
              headers: { "request-id": header("RequestId"), "Retry-After": header("RetryAfter") },
              content: { "application/json": { schema: ref("Readiness") } },
            },
          },
        },
      },
      "/api/v1/keys/verify": {
        post: {
          operationId: "verifyKey",
          tags: ["Verification"],
          summary: "Verify an SDK key",
          description:
            "For SDKs and servers: is this key usable, optionally for an app (project), an environment and scopes? Malformed, unknown, revoked and expired keys get one identical 401. " +
            "Every answer carries `RateLimit-Policy` and `RateLimit`: failed verifications (every 401) are limited per client IP, and past the limit every verification from that IP gets 429 until the window passes; a key with a `rate_limit` counts every verification of it, on every instance.",
          security: [{ sdkKey: [] }],
          requestBody: { required: false, content: { "application/json": { schema: ref("VerifyKeyInputBody") } } },
          responses: {
            ...ok("The key is valid.", ref("VerifyKeyOutputBody"), "200", LIMIT_HEADERS),
            ...everyRoute,
            ...withBody,
            "401": problem("`unauthorized` (no bearer, or a session token) or `invalid_api_key` (malformed, unknown, revoked or expired: one body for all).", ["WWW-Authenticate", ...LIMIT_HEADERS]),
            "403": problem("`forbidden`: another project or workspace, wrong environment, a missing scope, or a client IP outside the key's allowlist (the detail names the IP).", LIMIT_HEADERS),
            "422": problem("`validation_failed`: invalid body.", LIMIT_HEADERS),
            "429": problem("`rate_limited`: too many failed verifications from this IP, or the key's own limit is used up; retry after `Retry-After` seconds.", ["Retry-After", ...LIMIT_HEADERS]),
            "503": problem("`service_unavailable`: the database is unreachable and the cache cannot vouch for the key.", ["Retry-After"]),
          },
        },
      },
    },
    "x-error-codes": Object.fromEntries(Object.entries(ERROR_STATUS)),
  };
}
