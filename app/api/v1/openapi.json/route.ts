import { operations } from "@/lib/api/operations";
import { env } from "@/lib/env";
import { publicBaseUrl } from "@/lib/http/base-url";
import { apiRoute, handle } from "@/lib/http/route";
import { openApiDocument } from "@/lib/openapi";

// GET /api/v1/openapi.json - the OpenAPI 3.1 document, generated from the operation catalogue
// and its zod schemas. Its server is KEYPORT_PUBLIC_URL, or the host the request was sent to.
const document = handle(operations.getOpenApiDocument, async () => ({
  status: 200,
  body: openApiDocument(await publicBaseUrl(), env().KEYPORT_KEY_PREFIX),
  headers: { "cache-control": "public, max-age=300" },
}));

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(document);
