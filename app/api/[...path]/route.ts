import { notFoundRoute } from "@/lib/http/route";

// Any other /api path: a 404 problem, so API clients never get an HTML page.
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = notFoundRoute("There is no API route at this path. See /api/v1/openapi.json.");
