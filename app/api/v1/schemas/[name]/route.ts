import { methodNotAllowed } from "@/lib/http/fallback";
import { AppError } from "@/lib/errors";
import { problemResponse } from "@/lib/http/problem";
import { newRequestId } from "@/lib/http/request-id";
import { SCHEMAS, type SchemaName } from "@/lib/openapi";

// GET /api/v1/schemas/{name}.json - the JSON Schema a response's `$schema` points at
export async function GET(_request: Request, { params }: { params: Promise<{ name: string }> }): Promise<Response> {
  const requestId = newRequestId();
  const name = (await params).name.replace(/\.json$/, "");
  if (!Object.hasOwn(SCHEMAS, name)) {
    return problemResponse(new AppError("not_found", "There is no schema by that name. See /api/v1/openapi.json."), requestId);
  }
  return Response.json(
    { $schema: "https://json-schema.org/draft/2020-12/schema", $id: `/api/v1/schemas/${name}.json`, ...SCHEMAS[name as SchemaName]() },
    { headers: { "request-id": requestId, "cache-control": "public, max-age=300" } },
  );
}

// Every other method: 405 problem+json.
const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as OPTIONS };
