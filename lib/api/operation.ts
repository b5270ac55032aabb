// What an operation of the REST API is: the one definition that its route handler (through
// lib/http/route.ts), its 405s and the OpenAPI document (lib/openapi.ts) all come from.
// Client-safe and cheap: the front server (server.ts) reads the catalogue for its `Allow`.
import { z } from "zod";
import type { Role } from "@/lib/auth/claims";
import type { Permission } from "@/lib/auth/permissions";

/** The methods an operation can have. HEAD is answered wherever GET is; OPTIONS everywhere. */
export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof METHODS)[number];

const METHOD_ORDER = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/**
 * What `Allow` says for a path whose operations have `methods`: those, HEAD wherever GET is
 * (Next answers HEAD with the GET handler), and OPTIONS. Never a method the path then refuses.
 */
export function allowHeader(methods: readonly string[]): string {
  const all = new Set([...methods, "OPTIONS"]);
  if (all.has("GET")) all.add("HEAD");
  return METHOD_ORDER.filter((method) => all.has(method)).join(", ");
}

/** The document's tags, in the order it lists them (lib/openapi.ts describes each). */
export const TAGS = ["Projects", "API keys", "Identities", "Verification", "Policies", "Audit log", "Leak reports", "Webhooks", "Management keys", "Health", "Reference"] as const;
export type Tag = (typeof TAGS)[number];

/**
 * A path parameter: its schema (the handler gets what it outputs), its description, and how
 * the 422 that refuses it ends (`projectId must be a UUID.`). One without `invalid` is any
 * text and never refused.
 */
export type PathParam = { schema: z.ZodType<string, string>; description: string; invalid?: string };

/** A UUID in a path, lowercased; anything else is a 422 naming the parameter. */
export function uuidPathParam(description: string): PathParam {
  return { schema: z.uuid({ error: "Must be a UUID." }).transform((id) => id.toLowerCase()), description, invalid: "must be a UUID" };
}

/** The response headers the document declares (lib/openapi.ts: components.headers). */
export type ResponseHeader =
  | "Allow"
  | "Link"
  | "Location"
  | "RateLimit"
  | "RateLimit-Policy"
  | "Retry-After"
  | "WWW-Authenticate"
  | "idempotency-replayed"
  | "x-total-count";

/**
 * An answer that is not a problem. `body` is its zod schema: where lib/openapi.ts names that
 * schema, the document refers to the named one (a list of named items too).
 */
export type ResponseSpec = {
  description: string;
  body?: z.ZodType;
  /** `application/json` unless said otherwise. */
  mediaType?: "application/json" | "text/csv";
  headers?: readonly ResponseHeader[];
};

/** A problem+json answer: what it means here, and the headers it carries. */
export type ProblemSpec = { description: string; headers?: readonly ResponseHeader[] };

/** A request header an operation reads, as the document states it. */
export type HeaderParam = { name: string; required: boolean; description: string };

/**
 * What the route wrapper needs to answer a request: who may call, and what it reads.
 * Every operation is one; a route outside the API (the dashboard's CSV download) can be one too.
 */
export type Endpoint = {
  method: Method;
  /** The path template, with `{name}` for each parameter: `/api/v1/projects/{projectId}/keys`. */
  path: string;
  /**
   * Who may call: a workspace member, an admin, or anyone (verify, leak reports, health and
   * the reference documents authenticate by other means, or not at all).
   */
  role: Role | "public";
  /**
   * What a management key needs to call it (lib/auth/permissions.ts). Sessions keep the role
   * rule above; a key is held to this alone. Every operation that is not public states one.
   */
  permission?: Permission;
  /** Where the session comes from: `Authorization: Bearer` (the API), or the dashboard's own. */
  session?: "bearer" | "dashboard";
  /** What the audit trail calls a refused attempt; `METHOD /path` unless said. */
  attempt?: string;
  params?: Readonly<Record<string, PathParam>>;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Whether a retry with the same `Idempotency-Key` replays the first answer (`ctx.idempotent`). */
  idempotent?: boolean;
};

/** An operation of the REST API: an endpoint, and what the OpenAPI document says about it. */
export type Operation = Endpoint & {
  operationId: string;
  summary: string;
  description: string;
  tags: readonly Tag[];
  /** How a public operation authenticates, when it does by a bearer token: an SDK key. */
  security?: "sdkKey";
  /** What the document adds to query parameters the query schema states. */
  queryDocs?: Readonly<Record<string, { description?: string; deprecated?: boolean }>>;
  headers?: readonly HeaderParam[];
  /** A body is required unless this says otherwise. */
  bodyRequired?: boolean;
  /** Every answer that is not a problem, by status. */
  responses: Readonly<Record<number, ResponseSpec>>;
  /**
   * The problems this operation answers besides those every operation like it does (see
   * lib/api/errors.ts: the framing's, the session's, a body's, a write's, Idempotency-Key's),
   * or what it says differently about one of them.
   */
  errors?: Readonly<Record<number, ProblemSpec>>;
};

/**
 * A resource's operations, keyed by operation id: each definition gets its key as its
 * `operationId`, so the id is written once.
 */
export function defineOperations<const T extends Record<string, Omit<Operation, "operationId">>>(
  operations: T,
): { readonly [K in keyof T & string]: T[K] & { readonly operationId: K } } {
  return Object.fromEntries(Object.entries(operations).map(([operationId, operation]) => [operationId, { ...operation, operationId }])) as never;
}

/** The names of a path template's parameters, in order. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
}
