// The OpenAPI 3.1 document: its own parts (info, servers, security schemes, tags, headers and
// named schemas) here, and a path item for every operation of the catalogue (lib/api), whose
// zod schemas are the ones the handlers validate with.
import { z } from "zod";
import { RATE_LIMIT_HEADERS, isManagementWrite, problemsOf } from "@/lib/api/errors";
import { TAGS, pathParamNames, type Operation, type ProblemSpec, type ResponseHeader, type ResponseSpec, type Tag } from "@/lib/api/operation";
import { OPERATIONS } from "@/lib/api/operations";
import { ERROR_STATUS } from "@/lib/errors";
import {
  apiKeyDtoSchema,
  bulkRevokeBodySchema,
  bulkRevokeResultDtoSchema,
  createApiKeyBodySchema,
  createdApiKeyDtoSchema,
  revokeApiKeyDtoSchema,
  rollApiKeyBodySchema,
  updateApiKeyBodySchema,
  verifyKeyBodySchema,
  verifyKeyResultSchema,
} from "@/lib/schemas/keys/rest";
import { livenessSchema, readinessSchema } from "@/lib/schemas/health";
import { workspacePolicyBodySchema, workspacePolicyDtoSchema } from "@/lib/schemas/policy";
import { auditEventDtoSchema } from "@/lib/schemas/audit";
import { verificationLookupDtoSchema } from "@/lib/schemas/requests";
import { leakReportAnswerSchema, leakReportInputSchema } from "@/lib/schemas/secret-scanning";
import { problemSchema } from "@/lib/schemas/problem";
import { usagePointSchema } from "@/lib/schemas/usage";
import {
  WEBHOOK_EVENT_TYPES,
  createWebhookBodySchema,
  createdWebhookDtoSchema,
  updateWebhookBodySchema,
  webhookDeliveryDtoSchema,
  webhookEndpointDtoSchema,
} from "@/lib/schemas/webhooks";
import { createProjectInputSchema, createdProjectDtoSchema, projectDtoSchema } from "@/lib/schemas/projects";
import { PERMISSION_CATALOGUE } from "@/lib/auth/permissions";
import {
  createManagementKeyBodySchema,
  createdManagementKeyDtoSchema,
  managementKeyDtoSchema,
  revokeManagementKeyDtoSchema,
} from "@/lib/schemas/management-keys";
import {
  createIdentityBodySchema,
  creditChangeBodySchema,
  creditChangeDtoSchema,
  deleteIdentityDtoSchema,
  identityDtoSchema,
  ledgerEntryDtoSchema,
  updateIdentityBodySchema,
} from "@/lib/schemas/identities";

const json = (schema: z.ZodType, io: "input" | "output" = "output") => {
  const { $schema: _drop, ...rest } = withoutSafeIntegerBounds(
    z.toJSONSchema(schema, { io, target: "draft-2020-12", unrepresentable: "any" }),
  ) as Record<string, unknown>;
  return io === "input" ? defaultsAsProse(withInputExamples(schema, rest)) : rest;
};

/**
 * A body checked across its fields (`refine`) and then transformed is a pipe, and at the root zod
 * leaves out the examples its input side states: they are added back here, so the reference
 * shows a body that the operation accepts.
 */
function withInputExamples(schema: z.ZodType, generated: Record<string, unknown>): Record<string, unknown> {
  if (generated.examples || !(schema instanceof z.ZodPipe)) return generated;
  const examples = z.globalRegistry.get(schema.in as z.ZodType)?.examples;
  return examples ? { ...generated, examples } : generated;
}

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

type Component = { schema: z.ZodType; io?: "input" | "output"; schemaRef?: boolean };

/**
 * Named schemas, also served at /api/v1/schemas/{name}.json (the `$schema` of responses).
 * Wherever an operation's body or answer is one of these zod schemas (or a list of one), the
 * document refers to it by name.
 */
const COMPONENTS = {
  ErrorModel: { schema: problemSchema },
  APIKey: { schema: apiKeyDtoSchema },
  CreateAPIKeyInputBody: { schema: createApiKeyBodySchema, io: "input" },
  CreateAPIKeyOutputBody: { schema: createdApiKeyDtoSchema, schemaRef: true },
  RevokeAPIKeyOutputBody: { schema: revokeApiKeyDtoSchema, schemaRef: true },
  UpdateAPIKeyInputBody: { schema: updateApiKeyBodySchema, io: "input" },
  RollAPIKeyInputBody: { schema: rollApiKeyBodySchema, io: "input" },
  BulkRevokeInputBody: { schema: bulkRevokeBodySchema, io: "input" },
  BulkRevokeOutputBody: { schema: bulkRevokeResultDtoSchema },
  WorkspacePolicyInputBody: { schema: workspacePolicyBodySchema, io: "input" },
  WorkspacePolicy: { schema: workspacePolicyDtoSchema },
  VerificationLookup: { schema: verificationLookupDtoSchema },
  AuditEvent: { schema: auditEventDtoSchema },
  UsagePoint: { schema: usagePointSchema },
  WebhookEndpoint: { schema: webhookEndpointDtoSchema },
  CreateWebhookInputBody: { schema: createWebhookBodySchema, io: "input" },
  CreateWebhookOutputBody: { schema: createdWebhookDtoSchema },
  UpdateWebhookInputBody: { schema: updateWebhookBodySchema, io: "input" },
  WebhookDelivery: { schema: webhookDeliveryDtoSchema },
  Project: { schema: projectDtoSchema },
  CreateProjectInputBody: { schema: createProjectInputSchema, io: "input" },
  CreateProjectOutputBody: { schema: createdProjectDtoSchema },
  VerifyKeyInputBody: { schema: verifyKeyBodySchema, io: "input" },
  VerifyKeyOutputBody: { schema: verifyKeyResultSchema },
  Identity: { schema: identityDtoSchema },
  CreateIdentityInputBody: { schema: createIdentityBodySchema, io: "input" },
  UpdateIdentityInputBody: { schema: updateIdentityBodySchema, io: "input" },
  DeleteIdentityOutputBody: { schema: deleteIdentityDtoSchema },
  CreditChangeInputBody: { schema: creditChangeBodySchema, io: "input" },
  CreditChangeOutputBody: { schema: creditChangeDtoSchema },
  LedgerEntry: { schema: ledgerEntryDtoSchema },
  ManagementKey: { schema: managementKeyDtoSchema },
  CreateManagementKeyInputBody: { schema: createManagementKeyBodySchema, io: "input" },
  CreateManagementKeyOutputBody: { schema: createdManagementKeyDtoSchema },
  RevokeManagementKeyOutputBody: { schema: revokeManagementKeyDtoSchema },
  LeakReport: { schema: leakReportInputSchema, io: "input" },
  LeakReportAnswer: { schema: leakReportAnswerSchema },
  Liveness: { schema: livenessSchema },
  Readiness: { schema: readinessSchema },
} satisfies Record<string, Component>;
export type SchemaName = keyof typeof COMPONENTS;

/** Each named schema as JSON Schema. */
export const SCHEMAS = Object.fromEntries(
  Object.entries(COMPONENTS).map(([name, component]: [string, Component]) => {
    const schema = () => json(component.schema, component.io ?? "output");
    return [name, component.schemaRef ? () => withSchemaRef(schema()) : schema];
  }),
) as Record<SchemaName, () => Record<string, unknown>>;

/** The name of each named zod schema, as a body (input) and as an answer (output). */
const NAMES = new Map<z.ZodType, Partial<Record<"input" | "output", SchemaName>>>();
for (const [name, component] of Object.entries(COMPONENTS) as [SchemaName, Component][]) {
  NAMES.set(component.schema, { ...NAMES.get(component.schema), [component.io ?? "output"]: name });
}

/** These responses always carry `$schema` (the URL of their JSON Schema). */
function withSchemaRef(schema: Record<string, unknown>) {
  const properties = { $schema: { type: "string", description: "The URL of this body's JSON Schema." }, ...(schema.properties as object) };
  return { ...schema, properties, required: ["$schema", ...((schema.required as string[] | undefined) ?? [])] };
}

const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });
const header = (name: string) => ({ $ref: `#/components/headers/${name}` });

/** A zod schema as the document states it: by name when it has one, inline otherwise. */
function schemaOf(schema: z.ZodType, io: "input" | "output"): object {
  const name = NAMES.get(schema)?.[io];
  if (name) return ref(name);
  if (schema instanceof z.ZodArray) return { type: "array", items: schemaOf(schema.element as z.ZodType, io) };
  return json(schema, io);
}

/** `request-id`, which every answer carries, and `names` (`Retry-After` is the header `RetryAfter`). */
function headersOf(names: readonly ResponseHeader[]) {
  return { "request-id": header("RequestId"), ...Object.fromEntries([...new Set(names)].map((h) => [h, header(h.replace(/-/g, ""))])) };
}

const TAG_DESCRIPTIONS: Record<Tag, string> = {
  Projects: "A workspace's projects, each with its default key.",
  "API keys": "Create, list and revoke the keys that apps and SDKs use.",
  Identities:
    "The customers of your product: each owns keys, and its credits and rate limit are shared by all of them. Credits are charged by verifications (`cost`), never overspent on any number of instances, and refilled daily or monthly: a refill sets the balance to its amount, nothing rolls over.",
  Verification: "The route SDKs call to check a key.",
  Policies: "The rules every key of the workspace must follow.",
  "Audit log": "Who did what, and when.",
  "Leak reports": "Where secret scanners report keys found in public places.",
  Webhooks:
    `Signed notices of key events (${WEBHOOK_EVENT_TYPES.join(", ")}), sent to HTTPS endpoints as Standard Webhooks: ` +
    "`webhook-id` (the same on every retry), `webhook-timestamp` and `webhook-signature` (HMAC-SHA256 with the endpoint's `whsec_` secret). " +
    "The body is `{\"type\", \"timestamp\", \"data\"}`; `data.key` is the key as `APIKey` shows it. Delivered at least once, retried with exponential backoff for 24 hours; redirects are not followed.",
  "Management keys":
    "Long-lived, revocable credentials for scripts, CI and tools (`kpm_…`), each with permissions from the catalogue: " +
    PERMISSION_CATALOGUE.flatMap((group) => group.permissions.map((p) => `\`${p.name}\``)).join(", ") +
    ". Every management operation states the permission it needs (`x-keyport-permission`).",
  Portal:
    "The self-serve portal, where a customer of your product manages their own keys. Your backend, holding a management key with `portal:write`, opens a portal session for one identity and project; " +
    "the customer opens its link (the hosted portal), or your page embeds `@keyport/react` with its token (`kpp_…`). The portal routes answer that token only, and show only the identity's keys in the session's project.",
  Health: "For load balancers: liveness and readiness.",
  Reference: "This document, and the JSON Schema of each named body.",
};

const idempotencyHeader = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description: "Retries with the same key and body replay the first response (24 h). 1-255 visible ASCII characters.",
  schema: { type: "string", minLength: 1, maxLength: 255, pattern: "^[\\x21-\\x7E]+$" },
};

/** The headers every success of an operation carries, besides its own. */
function successHeaders(operation: Operation): ResponseHeader[] {
  return [...(operation.idempotent ? (["idempotency-replayed"] as const) : []), ...(isManagementWrite(operation) ? RATE_LIMIT_HEADERS : [])];
}

function answer(operation: Operation, status: number, spec: ResponseSpec) {
  return {
    description: spec.description,
    headers: headersOf([...(spec.headers ?? []), ...(status < 300 ? successHeaders(operation) : [])]),
    ...(spec.body ? { content: { [spec.mediaType ?? "application/json"]: { schema: schemaOf(spec.body, "output") } } } : {}),
  };
}

function problem(spec: ProblemSpec) {
  return { description: spec.description, headers: headersOf(spec.headers ?? []), content: { "application/problem+json": { schema: ref("ErrorModel") } } };
}

/** The query parameters the query schema states, with what the operation adds about each. */
function queryParameters(operation: Operation): object[] {
  if (!operation.query) return [];
  const query = json(operation.query, "input") as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(query.properties ?? {}).map(([name, schema]) => {
    const docs = operation.queryDocs?.[name];
    return {
      name,
      in: "query",
      required: query.required?.includes(name) ?? false,
      ...(docs?.deprecated ? { deprecated: true } : {}),
      ...(docs?.description ? { description: docs.description } : {}),
      schema,
    };
  });
}

function operationObject(operation: Operation) {
  const parameters = [
    ...queryParameters(operation),
    ...(operation.headers ?? []).map((h) => ({ name: h.name, in: "header", required: h.required, description: h.description, schema: { type: "string" } })),
    ...(operation.idempotent ? [idempotencyHeader] : []),
  ];
  const problems = Object.entries(problemsOf(operation)).map(([status, spec]) => [status, problem(spec)]);
  const answers = Object.entries(operation.responses).map(([status, spec]) => [status, answer(operation, Number(status), spec)]);
  return {
    operationId: operation.operationId,
    tags: [...operation.tags],
    summary: operation.summary,
    description: operation.permission
      ? `${operation.description}\n\nWith a management key, needs the permission \`${operation.permission}\`.`
      : operation.portalPermission
        ? `${operation.description}\n\nThe portal session needs the permission \`${operation.portalPermission}\`.`
        : operation.description,
    security:
      operation.security === "sdkKey"
        ? [{ sdkKey: [] }]
        : operation.role === "public"
          ? []
          : operation.role === "portal"
            ? [{ portalSession: [] }]
            : [{ session: [] }, { managementKey: [] }],
    ...(operation.permission ? { "x-keyport-permission": operation.permission } : {}),
    ...(operation.portalPermission ? { "x-keyport-portal-permission": operation.portalPermission } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(operation.body
      ? { requestBody: { required: operation.bodyRequired ?? true, content: { "application/json": { schema: schemaOf(operation.body, "input") } } } }
      : {}),
    // An answer that is not a problem (readiness's 503) replaces the problem of its status.
    responses: Object.fromEntries([...problems, ...answers]),
  };
}

/** A path item for each path of the catalogue: its parameters, and an operation per method. */
function pathItems(operations: readonly Operation[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
    paths[operation.path] ??= pathParameters(operation);
    paths[operation.path]![operation.method.toLowerCase()] = operationObject(operation);
  }
  return paths;
}

function pathParameters(operation: Operation): Record<string, unknown> {
  const names = pathParamNames(operation.path);
  if (names.length === 0) return {};
  return {
    parameters: names.map((name) => {
      const param = operation.params?.[name];
      if (!param) throw new Error(`${operation.operationId} does not declare the path parameter ${name}.`);
      return { name, in: "path", required: true, description: param.description, schema: json(param.schema, "input") };
    }),
  };
}

/**
 * The OpenAPI document, with `serverUrl` as its server. Built once per key prefix (building it
 * converts every schema, tens of milliseconds): the server is the only part that differs from
 * one request to the next. The parts are frozen, since every caller shares them.
 */
export function openApiDocument(serverUrl: string | undefined, keyPrefix: string) {
  let built = documents.get(keyPrefix);
  // A copy is frozen: the document holds values of zod's registry (examples), which stay as they are.
  if (!built) documents.set(keyPrefix, (built = deepFreeze(structuredClone(buildDocument(keyPrefix)))));
  const { openapi, info, ...rest } = built;
  return { openapi, info, ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}), ...rest };
}

const documents = new Map<string, ReturnType<typeof buildDocument>>();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function buildDocument(keyPrefix: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Keyport API",
      version: "1.0.0",
      description:
        "Manage API keys with a dashboard session token (`Authorization: Bearer <session JWT>`) or a management key (`Authorization: Bearer kpm_…`), which acts within its permissions (each operation's `x-keyport-permission`); " +
        `verify SDK keys with \`Authorization: Bearer <${keyPrefix}_live_… key>\`. ` +
        "Every error is `application/problem+json`, and every response carries `request-id`. " +
        "Every list is a bare JSON array (keys, projects, audit events, webhooks, deliveries, usage points); where a list pages, the next page is in `Link: <…>; rel=\"next\"`. " +
        "Every POST that creates something takes `Idempotency-Key`.",
    },
    tags: TAGS.map((name) => ({ name, description: TAG_DESCRIPTIONS[name] })),
    components: {
      securitySchemes: {
        session: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "Dashboard session token (Clerk session JWT)." },
        managementKey: {
          type: "http",
          scheme: "bearer",
          description:
            "A management key: `kpm_` + 30 base62 characters + a 6-character CRC32 checksum. It acts in its own workspace, with its permissions: " +
            "an operation it lacks the permission for is a 403 naming it (`x-keyport-permission`).",
        },
        sdkKey: { type: "http", scheme: "bearer", description: `An SDK key: ${keyPrefix}_live_… or ${keyPrefix}_test_…` },
        portalSession: {
          type: "http",
          scheme: "bearer",
          description:
            "A portal session's token: `kpp_` + 30 base62 characters + a 6-character CRC32 checksum, from `POST /api/v1/portal/sessions`. " +
            "It calls the portal routes only (anywhere else it is a 401), for one identity's keys in one project, with the session's permissions (`x-keyport-portal-permission`).",
        },
      },
      headers: {
        RequestId: { description: "Identifies the request in logs and audit events.", schema: { type: "string", pattern: "^req_[0-9A-Za-z]+$" } },
        Location: { description: "Where the answer, or the created resource, is.", schema: { type: "string" } },
        RetryAfter: { description: "Seconds to wait before retrying.", schema: { type: "string" } },
        RateLimitPolicy: {
          description:
            'The limits that apply (draft-ietf-httpapi-ratelimit-headers): `"failed";q=100;w=60` (failed verifications per client IP), `"key";q=…;w=…` (the key\'s own limit), `"identity";q=…;w=…` (the limit its identity shares with its other keys), `"writes";q=60;w=60` (management writes per user).',
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
    paths: pathItems(OPERATIONS),
    "x-error-codes": Object.fromEntries(Object.entries(ERROR_STATUS)),
  };
}
