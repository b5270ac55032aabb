import { operations } from "@/lib/api/operations";
import { AppError } from "@/lib/errors";
import { apiRoute, handle } from "@/lib/http/route";
import { SCHEMAS, type SchemaName } from "@/lib/openapi";

// GET /api/v1/schemas/{name}.json - the JSON Schema a response's `$schema` points at
const schema = handle(operations.getJsonSchema, async (ctx) => {
  const name = ctx.params.name.replace(/\.json$/, "");
  if (!Object.hasOwn(SCHEMAS, name)) {
    throw new AppError("not_found", "There is no schema by that name. See /api/v1/openapi.json.");
  }
  return {
    status: 200,
    body: { $schema: "https://json-schema.org/draft/2020-12/schema", $id: `/api/v1/schemas/${name}.json`, ...SCHEMAS[name as SchemaName]() },
    headers: { "cache-control": "public, max-age=300" },
  };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(schema);
