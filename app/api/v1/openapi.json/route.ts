import { methodNotAllowed } from "@/lib/http/fallback";
import { env } from "@/lib/env";
import { newRequestId } from "@/lib/http/request-id";
import { openApiDocument } from "@/lib/openapi";

// GET /api/v1/openapi.json - the OpenAPI 3.1 document, generated from the zod schemas
export function GET(request: Request): Response {
  const origin = new URL(request.url).origin;
  return Response.json(openApiDocument(env().KEYPORT_PUBLIC_URL ?? origin, env().KEYPORT_KEY_PREFIX), {
    headers: { "request-id": newRequestId(), "cache-control": "public, max-age=300" },
  });
}

// Every other method: 405 problem+json.
const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
