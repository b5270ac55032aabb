// The OpenAPI 3.1 document, generated from the same zod schemas the handlers use.
import { z } from "zod";
import { ERROR_STATUS } from "@/lib/errors";
import {
  apiKeyDtoSchema,
  createApiKeyBodySchema,
  createdApiKeyDtoSchema,
  listApiKeysQuerySchema,
  revokeApiKeyDtoSchema,
  verifyKeyBodySchema,
  verifyKeyResultSchema,
} from "@/lib/schemas/api-keys";
import { problemSchema } from "@/lib/schemas/problem";
import { createProjectInputSchema, createdProjectDtoSchema, projectDtoSchema } from "@/lib/schemas/projects";

const json = (schema: z.ZodType, io: "input" | "output" = "output") => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, target: "draft-2020-12", unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
};

/** Named schemas, also served at /api/v1/schemas/{name}.json (the `$schema` of responses). */
export const SCHEMAS = {
  ErrorModel: () => json(problemSchema),
  APIKey: () => json(apiKeyDtoSchema),
  CreateAPIKeyInputBody: () => json(createApiKeyBodySchema, "input"),
  CreateAPIKeyOutputBody: () => withSchemaRef(json(createdApiKeyDtoSchema)),
  RevokeAPIKeyOutputBody: () => withSchemaRef(json(revokeApiKeyDtoSchema)),
  Project: () => json(projectDtoSchema),
  CreateProjectInputBody: () => json(createProjectInputSchema, "input"),
  CreateProjectOutputBody: () => json(createdProjectDtoSchema),
  VerifyKeyInputBody: () => json(verifyKeyBodySchema, "input"),
  VerifyKeyOutputBody: () => json(verifyKeyResultSchema),
} as const;
export type SchemaName = keyof typeof SCHEMAS;

/** Responses carry `$schema` (the URL of their JSON Schema); allow it in strict objects. */
function withSchemaRef(schema: Record<string, unknown>) {
  const properties = { $schema: { type: "string" }, ...(schema.properties as object) };
  return { ...schema, properties };
}

const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });
const problem = (description: string) => ({
  description,
  headers: { "request-id": { $ref: "#/components/headers/RequestId" } },
  content: { "application/problem+json": { schema: ref("ErrorModel") } },
});
const ok = (description: string, schema: object, status = "200") => ({
  [status]: {
    description,
    headers: { "request-id": { $ref: "#/components/headers/RequestId" } },
    content: { "application/json": { schema } },
  },
});
const sessionErrors = {
  "401": problem("No valid dashboard session token."),
  "403": problem("The caller's role does not allow this."),
  "404": problem("The project or key does not exist in this workspace."),
  "422": problem("Invalid path, query or body."),
  "500": problem("Unexpected error; quote the request id."),
};
const projectIdParam = { name: "projectId", in: "path", required: true, description: "Project UUID", schema: { type: "string", format: "uuid" } };
const keyIdParam = { name: "keyId", in: "path", required: true, description: "API key UUID", schema: { type: "string", format: "uuid" } };
const idempotencyHeader = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description: "Retries with the same key and body replay the first response (24 h).",
  schema: { type: "string", maxLength: 255 },
};

export function openApiDocument(serverUrl: string | undefined, keyPrefix: string) {
  const listQuery = json(listApiKeysQuerySchema, "input") as { properties: Record<string, object> };
  return {
    openapi: "3.1.0",
    info: {
      title: "Keyport API",
      version: "1.0.0",
      description:
        "Manage API keys with a dashboard session token (`Authorization: Bearer <session JWT>`); " +
        `verify SDK keys with \`Authorization: Bearer <${keyPrefix}_live_… key>\`. ` +
        "Every error is `application/problem+json`, and every response carries `request-id`.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    components: {
      securitySchemes: {
        session: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "Dashboard session token (Clerk session JWT)." },
        sdkKey: { type: "http", scheme: "bearer", description: `An SDK key: ${keyPrefix}_live_… or ${keyPrefix}_test_…` },
      },
      headers: { RequestId: { description: "Identifies the request in logs and audit events.", schema: { type: "string", pattern: "^req_[0-9A-Za-z]+$" } } },
      schemas: Object.fromEntries(Object.entries(SCHEMAS).map(([name, build]) => [name, build()])),
    },
    paths: {
      "/api/v1/projects": {
        get: {
          operationId: "listProjects",
          summary: "List the workspace's projects",
          security: [{ session: [] }],
          responses: { ...ok("The projects.", { type: "array", items: ref("Project") }), "401": sessionErrors["401"], "500": sessionErrors["500"] },
        },
        post: {
          operationId: "createProject",
          summary: "Create a project (admin); the response holds its default key, once",
          security: [{ session: [] }],
          parameters: [idempotencyHeader],
          requestBody: { required: true, content: { "application/json": { schema: ref("CreateProjectInputBody") } } },
          responses: {
            ...ok("The project and its default key.", ref("CreateProjectOutputBody"), "201"),
            ...sessionErrors,
            "409": problem("The same Idempotency-Key is still in flight."),
            "413": problem("Body over 64 KiB."),
          },
        },
      },
      "/api/v1/projects/{projectId}/keys": {
        parameters: [projectIdParam],
        get: {
          operationId: "listApiKeys",
          summary: "List API keys for a project",
          description: "Includes keys that cover every project of the workspace (`project_id: null`). Pages with `Link: <…>; rel=\"next\"`.",
          security: [{ session: [] }],
          parameters: Object.entries(listQuery.properties).map(([name, schema]) => ({ name, in: "query", required: false, schema })),
          responses: { ...ok("The keys.", { type: "array", items: ref("APIKey") }), ...sessionErrors },
        },
        post: {
          operationId: "createApiKey",
          summary: "Create an API key (admin)",
          description: "The only response that ever holds the key itself.",
          security: [{ session: [] }],
          parameters: [idempotencyHeader],
          requestBody: { required: true, content: { "application/json": { schema: ref("CreateAPIKeyInputBody") } } },
          responses: {
            ...ok("The new key, with `key`.", ref("CreateAPIKeyOutputBody"), "201"),
            ...sessionErrors,
            "409": problem("Idempotency-Key in flight, or the workspace's key policy refused."),
            "413": problem("Body over 64 KiB."),
          },
        },
      },
      "/api/v1/projects/{projectId}/keys/{keyId}": {
        parameters: [projectIdParam, keyIdParam],
        delete: {
          operationId: "revokeApiKey",
          summary: "Revoke an API key (admin, idempotent)",
          security: [{ session: [] }],
          responses: {
            ...ok("Revoked (or already revoked).", ref("RevokeAPIKeyOutputBody")),
            ...sessionErrors,
            "409": problem("The project's default key cannot be revoked."),
          },
        },
      },
      "/api/v1/keys/verify": {
        post: {
          operationId: "verifyKey",
          summary: "Verify an SDK key",
          security: [{ sdkKey: [] }],
          requestBody: { required: false, content: { "application/json": { schema: ref("VerifyKeyInputBody") } } },
          responses: {
            ...ok("The key is valid.", ref("VerifyKeyOutputBody")),
            "401": problem("`unauthorized` (no bearer, or a session token) or `invalid_api_key` (malformed, unknown, revoked or expired: one body for all)."),
            "403": problem("`forbidden`: another project or workspace, wrong environment, or a missing scope."),
            "413": problem("Body over 64 KiB."),
            "422": problem("Invalid body."),
            "503": problem("The database is unreachable and the cache cannot vouch for the key."),
          },
        },
      },
    },
    "x-error-codes": Object.fromEntries(Object.entries(ERROR_STATUS)),
  };
}
