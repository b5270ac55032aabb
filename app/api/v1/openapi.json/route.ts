import { env } from "@/lib/env";
import { publicBaseUrl } from "@/lib/http/base-url";
import { methodNotAllowed } from "@/lib/http/fallback";
import { apiSecurityHeaders } from "@/lib/http/headers";
import { REQUEST_ID_HEADER, newRequestId } from "@/lib/http/request-id";
import { openApiDocument } from "@/lib/openapi";

// GET /api/v1/openapi.json - the OpenAPI 3.1 document, generated from the zod schemas. Its
// server is KEYPORT_PUBLIC_URL, or the host the request was sent to.
export async function GET(): Promise<Response> {
  return Response.json(openApiDocument(await publicBaseUrl(), env().KEYPORT_KEY_PREFIX), {
    headers: { ...apiSecurityHeaders(), [REQUEST_ID_HEADER]: newRequestId(), "cache-control": "public, max-age=300" },
  });
}

// Every other method: 405 problem+json.
const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as OPTIONS };
