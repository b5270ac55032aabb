// Reading the JSON Schemas of the OpenAPI document for people: a field table per body, and an
// example value made from the schema alone. Pure and deterministic (the same document gives the
// same page), so the reference needs no hand-written examples that could drift from the API.

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  example?: unknown;
  examples?: unknown[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  pattern?: string;
  readOnly?: boolean;
  writeOnly?: boolean;
  deprecated?: boolean;
  additionalProperties?: boolean | JsonSchema;
};

/** Where `$ref`s point: the document's named schemas. */
export type SchemaIndex = Record<string, JsonSchema>;

const REF = "#/components/schemas/";

/** The schema a `$ref` names, or the schema itself. */
export function resolve(schema: JsonSchema | undefined, index: SchemaIndex): JsonSchema {
  let current = schema ?? {};
  for (let hops = 0; current.$ref && hops < 10; hops++) current = index[current.$ref.slice(REF.length)] ?? {};
  return current;
}

/** The name of a `$ref`ed schema, for "see ErrorModel"-style mentions. */
export function refName(schema: JsonSchema | undefined): string | null {
  return schema?.$ref?.startsWith(REF) ? schema.$ref.slice(REF.length) : null;
}

/** A nullable schema (`anyOf: [X, {type: null}]`, or `type: [X, "null"]`) as X and whether null is allowed. */
function unwrapNullable(schema: JsonSchema, index: SchemaIndex): { schema: JsonSchema; nullable: boolean } {
  const resolved = resolve(schema, index);
  const branches = resolved.anyOf ?? resolved.oneOf;
  if (branches) {
    const others = branches.filter((branch) => resolve(branch, index).type !== "null");
    if (others.length === 1 && others.length < branches.length) return { schema: resolve(others[0], index), nullable: true };
  }
  if (Array.isArray(resolved.type) && resolved.type.includes("null")) {
    const rest = resolved.type.filter((t) => t !== "null");
    return { schema: { ...resolved, type: rest.length === 1 ? rest[0] : rest }, nullable: true };
  }
  return { schema: resolved, nullable: false };
}

/** A schema's type in words: `string (uuid)`, `array of string`, `"live" | "test"`, `object`. */
export function typeLabel(schema: JsonSchema, index: SchemaIndex): string {
  const { schema: inner, nullable } = unwrapNullable(schema, index);
  const suffix = nullable ? " | null" : "";
  if (inner.const !== undefined) return `${JSON.stringify(inner.const)}${suffix}`;
  if (inner.enum) return `${inner.enum.map((value) => JSON.stringify(value)).join(" | ")}${suffix}`;
  const branches = inner.anyOf ?? inner.oneOf;
  if (branches) return branches.map((branch) => typeLabel(branch, index)).join(" | ") + suffix;
  const type = Array.isArray(inner.type) ? inner.type.join(" | ") : inner.type;
  if (type === "array") {
    const name = refName(inner.items);
    return `array of ${name ?? typeLabel(inner.items ?? {}, index)}${suffix}`;
  }
  const name = refName(schema);
  if (name) return `${name}${suffix}`;
  if (!type) return `any${suffix}`;
  return `${type}${inner.format ? ` (${inner.format})` : ""}${suffix}`;
}

/**
 * What a value must be besides its type, in short phrases. The patterns that only restate a
 * `format` (zod writes one for every UUID and date-time) are left out.
 */
export function constraints(schema: JsonSchema, index: SchemaIndex): string[] {
  const { schema: inner } = unwrapNullable(schema, index);
  const out: string[] = [];
  const range = (min: number | undefined, max: number | undefined, unit: string) => {
    if (min !== undefined && max !== undefined) out.push(min === max ? `exactly ${min}${unit}` : `${min}–${max}${unit}`);
    else if (min !== undefined) out.push(`at least ${min}${unit}`);
    else if (max !== undefined) out.push(`at most ${max}${unit}`);
  };
  range(inner.minLength, inner.maxLength, " characters");
  range(inner.minimum, inner.maximum, "");
  if (inner.exclusiveMinimum !== undefined) out.push(`more than ${inner.exclusiveMinimum}`);
  if (inner.exclusiveMaximum !== undefined) out.push(`less than ${inner.exclusiveMaximum}`);
  range(inner.minItems, inner.maxItems, " items");
  if (inner.uniqueItems) out.push("no repeats");
  if (inner.pattern && !inner.format) out.push(`matches ${inner.pattern}`);
  if (inner.type === "array" && inner.items) {
    const item = constraints(inner.items, index);
    if (item.length) out.push(`each: ${item.join(", ")}`);
  }
  if (inner.default !== undefined) out.push(`default ${JSON.stringify(inner.default)}`);
  return out;
}

/** One row of a field table. Nested objects are listed under their parent as `parent.child`. */
export type FieldRow = {
  name: string;
  type: string;
  required: boolean;
  description: string;
  constraints: string[];
  readOnly: boolean;
  deprecated: boolean;
};

/** The fields of an object schema (or of the items of an array of objects), nested ones flattened. */
export function fieldRows(schema: JsonSchema | undefined, index: SchemaIndex, prefix = "", depth = 0): FieldRow[] {
  if (!schema || depth > 3) return [];
  const { schema: inner } = unwrapNullable(schema, index);
  if (inner.type === "array" && inner.items && depth === 0) return fieldRows(inner.items, index, "[].", depth);
  if (!inner.properties) return [];
  const rows: FieldRow[] = [];
  for (const [name, property] of Object.entries(inner.properties)) {
    const field = unwrapNullable(property, index).schema;
    rows.push({
      name: `${prefix}${name}`,
      type: typeLabel(property, index),
      required: inner.required?.includes(name) ?? false,
      description: field.description ?? resolve(property, index).description ?? "",
      constraints: constraints(property, index),
      readOnly: Boolean(field.readOnly ?? property.readOnly),
      deprecated: Boolean(field.deprecated ?? property.deprecated),
    });
    const nested = field.type === "array" ? resolve(field.items, index) : field;
    if (nested.properties) rows.push(...fieldRows(nested, index, `${prefix}${name}${field.type === "array" ? "[]" : ""}.`, depth + 1));
  }
  return rows;
}

/** Values a reader recognises, by field name, used where the schema allows them. */
const NAMED_EXAMPLES: Record<string, unknown> = {
  name: "checkout-service",
  description: "Checkout service, EU region",
  url: "https://example.com/webhooks/keyport",
  scopes: "keys:read",
  scope: "keys:read",
  allowed_ips: "203.0.113.0/24",
  key: "fp_live_3xAmpLeK3yD0cum3nt5tHeSh4pe",
  key_prefix: "fp_live_3xAm",
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  request_id: "req_2f8Kx1m9Qb",
  message_id: "msg_4f0c8a2e9b7d4c1e8f3a6b5d2c1e0f9a",
  created_by: "Ada Lovelace",
  token: "fp_live_3xAmpLeK3yD0cum3nt5tHeSh4pe",
  type: "fp_live_key",
  source: "content",
  error: null,
};

const EXAMPLE_UUID = "3f0e2a3c-1b2c-4d5e-8f90-0a1b2c3d4e5f";
const EXAMPLE_TIME = "2026-03-14T09:26:53Z";
const FUTURE_TIME = "2027-03-14T00:00:00Z";

/** Fields that are null on the usual object (an active key was neither revoked nor leaked). */
const USUALLY_NULL = /^(revoked_at|revoked_by|leaked_at|leak_url|error|successor_id|replaced_by|disabled_at|last_attempt_at|next_attempt_at)$/;

type ExampleOptions = {
  /** A request leaves out read-only fields; an answer leaves out write-only ones. */
  direction: "request" | "response";
  /** The field the value is for, to pick a recognisable value. */
  field?: string;
};

/**
 * An example value for a schema: its own `example`, `default`, `const` or first `enum` value
 * when it has one, else one made from its type, format and bounds. Objects list every field
 * (optional ones too, so a reader sees the whole shape).
 */
export function exampleOf(schema: JsonSchema | undefined, index: SchemaIndex, options: ExampleOptions, depth = 0): unknown {
  if (!schema || depth > 8) return null;
  const resolved = resolve(schema, index);
  if (resolved.example !== undefined) return resolved.example;
  if (resolved.examples?.length) return resolved.examples[0];
  const { schema: inner, nullable } = unwrapNullable(schema, index);
  if (nullable && options.direction === "response" && options.field && USUALLY_NULL.test(options.field)) return null;
  if (inner.example !== undefined) return inner.example;
  if (inner.examples?.length) return inner.examples[0];
  if (inner.const !== undefined) return inner.const;
  if (inner.default !== undefined) return inner.default;
  if (inner.enum?.length) return inner.enum[0];
  const branches = inner.anyOf ?? inner.oneOf;
  if (branches?.length) return exampleOf(branches[0], index, options, depth + 1);
  if (inner.allOf?.length) {
    return Object.assign({}, ...inner.allOf.map((part) => exampleOf(part, index, options, depth + 1)));
  }
  const type = Array.isArray(inner.type) ? inner.type.find((t) => t !== "null") : inner.type;
  switch (type) {
    case "object":
      return objectExample(inner, index, options, depth);
    case "array": {
      const count = Math.max(1, inner.minItems ?? 1);
      const item = exampleOf(inner.items, index, options, depth + 1);
      if (inner.uniqueItems && typeof item === "string" && count === 1) return [item];
      return Array.from({ length: count }, () => item);
    }
    case "integer":
    case "number":
      return numberExample(inner, options.field);
    case "boolean":
      return options.field === "disabled" ? false : true;
    case "string":
      return stringExample(inner, options.field);
    case "null":
      return null;
    default:
      if (inner.properties) return objectExample(inner, index, options, depth);
      return options.field && NAMED_EXAMPLES[options.field] !== undefined ? NAMED_EXAMPLES[options.field] : {};
  }
}

function objectExample(schema: JsonSchema, index: SchemaIndex, options: ExampleOptions, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const field = resolve(property, index);
    if (options.direction === "request" && field.readOnly) continue;
    if (options.direction === "response" && field.writeOnly) continue;
    if (name === "$schema") {
      out[name] = "https://keys.example.com/api/v1/schemas/example.json";
      continue;
    }
    out[name] = exampleOf(property, index, { ...options, field: name }, depth + 1);
  }
  return out;
}

function numberExample(schema: JsonSchema, field: string | undefined): number {
  const preferred: Record<string, number> = { limit: 100, window_s: 60, attempts: 1, response_status: 200, status: 200, count: 3 };
  let value = field !== undefined && preferred[field] !== undefined ? preferred[field]! : 1;
  if (schema.minimum !== undefined && value < schema.minimum) value = schema.minimum;
  if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) value = schema.exclusiveMinimum + 1;
  if (schema.maximum !== undefined && value > schema.maximum) value = schema.maximum;
  return value;
}

function stringExample(schema: JsonSchema, field: string | undefined): string {
  switch (schema.format) {
    case "uuid":
      return EXAMPLE_UUID;
    case "date-time":
      return field === "expires_at" || field === "stops_at" ? FUTURE_TIME : EXAMPLE_TIME;
    case "date":
      return EXAMPLE_TIME.slice(0, 10);
    case "uri":
    case "url":
      return field === "url" || field === undefined ? String(NAMED_EXAMPLES.url) : `https://example.com/${field}`;
    case "email":
      return "ada@example.com";
    case "ipv4":
      return "203.0.113.7";
  }
  const named = field !== undefined ? NAMED_EXAMPLES[field] : undefined;
  let value = typeof named === "string" ? named : field ? field.replace(/_/g, "-") : "example";
  if (schema.pattern && !new RegExp(schema.pattern).test(value)) value = "example";
  if (schema.maxLength !== undefined && value.length > schema.maxLength) value = value.slice(0, schema.maxLength);
  if (schema.minLength !== undefined && value.length < schema.minLength) value = value.padEnd(schema.minLength, "x");
  return value;
}
