// The API reference as data: every operation of the OpenAPI document, grouped by tag, with its
// parameters, body fields, examples and the error codes it can answer. Built from the document
// alone, so the page shows whatever the catalogue defines (a new operation, security scheme or
// extension appears without editing the page).
import { exampleOf, fieldRows, refName, resolve, typeLabel, constraints, type FieldRow, type JsonSchema, type SchemaIndex } from "./schema";

export type OpenApiOperation = {
  operationId?: string;
  tags?: string[];
  summary?: string;
  description?: string;
  deprecated?: boolean;
  security?: Record<string, string[]>[];
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; description?: string; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { description?: string; headers?: Record<string, unknown>; content?: Record<string, { schema?: JsonSchema }> }>;
  "x-keyport-permission"?: unknown;
};

export type OpenApiParameter = { name: string; in: string; required?: boolean; description?: string; deprecated?: boolean; schema?: JsonSchema };

export type SecurityScheme = {
  type: string;
  scheme?: string;
  bearerFormat?: string;
  description?: string;
  in?: string;
  name?: string;
};

export type OpenApiDocument = {
  info: { title: string; version: string; description?: string };
  servers?: { url: string }[];
  tags?: { name: string; description?: string }[];
  security?: Record<string, string[]>[];
  components?: { securitySchemes?: Record<string, SecurityScheme>; schemas?: SchemaIndex };
  paths: Record<string, Record<string, unknown>>;
  "x-error-codes"?: Record<string, number>;
};

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

export type ParameterView = { name: string; in: string; required: boolean; type: string; description: string; constraints: string[]; deprecated: boolean };

export type BodyView = {
  mediaType: string;
  required: boolean;
  /** The named schema, when the document names it. */
  schemaName: string | null;
  type: string;
  fields: FieldRow[];
  example: unknown;
};

export type ResponseView = { status: string; description: string; mediaType: string | null; body: BodyView | null };

/** An error answer of an operation: its status, the codes it can carry, and what it says. */
export type ErrorView = { status: string; codes: string[]; description: string };

export type OperationView = {
  /** The anchor of its section. */
  anchor: string;
  operationId: string;
  method: string;
  path: string;
  tag: string;
  summary: string;
  description: string;
  deprecated: boolean;
  /** Each alternative: the schemes it needs together. Empty: no authentication. */
  security: string[][];
  /** `x-keyport-permission`, when the operation states one. */
  permission: string | null;
  parameters: ParameterView[];
  body: BodyView | null;
  responses: ResponseView[];
  errors: ErrorView[];
};

export type TagView = { name: string; anchor: string; description: string; operations: OperationView[] };

export type ReferenceModel = {
  title: string;
  version: string;
  description: string;
  securitySchemes: { name: string; anchor: string; scheme: SecurityScheme }[];
  tags: TagView[];
  /** Every code the API answers, with its status. */
  errorCodes: { code: string; status: number; anchor: string }[];
};

export const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

export const errorAnchor = (code: string) => `error-${code}`;
export const schemeAnchor = (name: string) => `auth-${slug(name)}`;

/**
 * The codes a problem's description names ("`conflict`: …; or `idempotency_in_flight`: …"); one
 * that names none carries the first code of its status.
 */
function codesIn(description: string, status: string, codes: Record<string, number>): string[] {
  const named = [...new Set([...description.matchAll(/`([a-z_]+)`/g)].map((match) => match[1]!).filter((code) => code in codes))];
  if (named.length) return named;
  const first = Object.entries(codes).find(([, s]) => String(s) === status);
  return first ? [first[0]] : [];
}

function body(content: Record<string, { schema?: JsonSchema }> | undefined, required: boolean, index: SchemaIndex, direction: "request" | "response"): BodyView | null {
  const [mediaType, media] = Object.entries(content ?? {})[0] ?? [];
  if (!mediaType || !media) return null;
  const schema = media.schema ?? {};
  const json = mediaType.includes("json");
  return {
    mediaType,
    required,
    schemaName: refName(schema) ?? refName(resolve(schema, index).items),
    type: typeLabel(schema, index),
    fields: json ? fieldRows(schema, index).filter((row) => direction === "response" || !row.readOnly) : [],
    example: json ? exampleOf(schema, index, { direction }) : null,
  };
}

function isProblem(response: { content?: Record<string, unknown> }): boolean {
  return Object.keys(response.content ?? {}).some((type) => type.includes("problem"));
}

/** The reference of a document. */
export function referenceModel(document: OpenApiDocument): ReferenceModel {
  const index = document.components?.schemas ?? {};
  const known = document["x-error-codes"] ?? {};
  const tagOrder = (document.tags ?? []).map((tag) => tag.name);
  const byTag = new Map<string, OperationView[]>();

  for (const [path, item] of Object.entries(document.paths)) {
    const shared = (item.parameters as OpenApiParameter[] | undefined) ?? [];
    // In the document's own order of methods (the catalogue's).
    for (const method of Object.keys(item).filter((key) => (HTTP_METHODS as readonly string[]).includes(key))) {
      const operation = item[method] as OpenApiOperation;
      const operationId = operation.operationId ?? `${method}-${path}`;
      const tag = operation.tags?.[0] ?? "Other";
      const parameters = [...shared.filter((p) => !(operation.parameters ?? []).some((own) => own.name === p.name && own.in === p.in)), ...(operation.parameters ?? [])];
      const responses = Object.entries(operation.responses ?? {});
      const view: OperationView = {
        anchor: `op-${slug(operationId)}`,
        operationId,
        method: method.toUpperCase(),
        path,
        tag,
        summary: operation.summary ?? "",
        description: operation.description ?? "",
        deprecated: Boolean(operation.deprecated),
        security: (operation.security ?? document.security ?? []).map((alternative) => Object.keys(alternative)),
        permission: permissionOf(operation["x-keyport-permission"]),
        parameters: parameters.map((p) => ({
          name: p.name,
          in: p.in,
          required: Boolean(p.required),
          type: typeLabel(p.schema ?? {}, index),
          description: p.description ?? "",
          constraints: constraints(p.schema ?? {}, index),
          deprecated: Boolean(p.deprecated),
        })),
        body: operation.requestBody ? body(operation.requestBody.content, operation.requestBody.required ?? false, index, "request") : null,
        responses: responses
          .filter(([, response]) => !isProblem(response))
          .map(([status, response]) => ({
            status,
            description: response.description ?? "",
            mediaType: Object.keys(response.content ?? {})[0] ?? null,
            body: body(response.content, true, index, "response"),
          })),
        errors: responses
          .filter(([, response]) => isProblem(response))
          .map(([status, response]) => ({ status, codes: codesIn(response.description ?? "", status, known), description: response.description ?? "" })),
      };
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push(view);
    }
  }

  const names = [...tagOrder.filter((name) => byTag.has(name)), ...[...byTag.keys()].filter((name) => !tagOrder.includes(name))];
  return {
    title: document.info.title,
    version: document.info.version,
    description: document.info.description ?? "",
    securitySchemes: Object.entries(document.components?.securitySchemes ?? {}).map(([name, scheme]) => ({ name, anchor: schemeAnchor(name), scheme })),
    tags: names.map((name) => ({
      name,
      anchor: `tag-${slug(name)}`,
      description: document.tags?.find((tag) => tag.name === name)?.description ?? "",
      operations: byTag.get(name)!,
    })),
    errorCodes: Object.entries(document["x-error-codes"] ?? {}).map(([code, status]) => ({ code, status, anchor: errorAnchor(code) })),
  };
}

/** `x-keyport-permission` as text: a string, or a list of them. */
function permissionOf(value: unknown): string | null {
  if (typeof value === "string" && value) return value;
  if (Array.isArray(value) && value.every((item) => typeof item === "string") && value.length) return value.join(", ");
  return null;
}

/** What a scheme asks for, in one line: `HTTP bearer (JWT)`, `API key in header X-Key`. */
export function schemeSummary(scheme: SecurityScheme): string {
  if (scheme.type === "http") return `HTTP ${scheme.scheme ?? ""}${scheme.bearerFormat ? ` (${scheme.bearerFormat})` : ""}`.trim();
  if (scheme.type === "apiKey") return `API key in ${scheme.in ?? "header"} ${scheme.name ?? ""}`.trim();
  if (scheme.type === "oauth2") return "OAuth 2.0";
  if (scheme.type === "openIdConnect") return "OpenID Connect";
  return scheme.type;
}

/** The shell variable a curl example reads a scheme's credential from: `sdkKey` -> `$KEYPORT_SDK_KEY`. */
export function credentialVariable(name: string): string {
  return `KEYPORT_${name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/[^A-Za-z0-9]+/g, "_").toUpperCase()}`;
}

/** The path with each parameter replaced by an example value. */
function examplePath(operation: OperationView, index: SchemaIndex, parameters: OpenApiParameter[]): string {
  return operation.path.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const parameter = parameters.find((p) => p.in === "path" && p.name === name);
    const value = parameter ? exampleOf(parameter.schema, index, { direction: "request", field: name }) : whole;
    return encodeURIComponent(String(value));
  });
}

/** A curl command that makes the operation's example request. */
export function curlExample(operation: OperationView, document: OpenApiDocument, baseUrl: string): string {
  const index = document.components?.schemas ?? {};
  const item = document.paths[operation.path] ?? {};
  const parameters = [...((item.parameters as OpenApiParameter[] | undefined) ?? []), ...(((item[operation.method.toLowerCase()] as OpenApiOperation | undefined)?.parameters) ?? [])];
  const query = parameters
    .filter((p) => p.in === "query" && p.required)
    .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(String(exampleOf(p.schema, index, { direction: "request", field: p.name })))}`);
  const url = `${baseUrl.replace(/\/$/, "")}${examplePath(operation, index, parameters)}${query.length ? `?${query.join("&")}` : ""}`;
  const lines = [operation.method === "GET" ? `curl ${shellQuote(url)}` : `curl -X ${operation.method} ${shellQuote(url)}`];
  const schemes = document.components?.securitySchemes ?? {};
  for (const name of operation.security[0] ?? []) {
    const scheme = schemes[name];
    if (!scheme) continue;
    const variable = `$${credentialVariable(name)}`;
    if (scheme.type === "http" && scheme.scheme?.toLowerCase() === "bearer") lines.push(`-H "Authorization: Bearer ${variable}"`);
    else if (scheme.type === "http" && scheme.scheme?.toLowerCase() === "basic") lines.push(`-u "${variable}"`);
    else if (scheme.type === "apiKey" && scheme.in === "header" && scheme.name) lines.push(`-H "${scheme.name}: ${variable}"`);
    else if (scheme.type === "oauth2" || scheme.type === "openIdConnect") lines.push(`-H "Authorization: Bearer ${variable}"`);
  }
  for (const header of parameters.filter((p) => p.in === "header" && p.required)) {
    lines.push(`-H ${shellQuote(`${header.name}: ${String(exampleOf(header.schema, index, { direction: "request", field: header.name }))}`)}`);
  }
  if (operation.body) {
    lines.push(`-H "Content-Type: ${operation.body.mediaType}"`);
    if (operation.body.mediaType.includes("json")) lines.push(`-d ${shellQuote(JSON.stringify(operation.body.example, null, 2))}`);
  }
  return lines.join(" \\\n  ");
}

/** A single-quoted shell word. */
function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./:=?&%@+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Every (method, path) of a document, as `METHOD /path`. */
export function documentOperations(document: OpenApiDocument): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item[method]).map((method) => `${method.toUpperCase()} ${path}`),
  );
}
