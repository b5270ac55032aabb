import { AppError } from "@/lib/errors";
import { problemResponse } from "@/lib/http/problem";
import { newRequestId } from "@/lib/http/request-id";

// Any other /api path: a 404 problem, so API clients never get an HTML page.
function notFound(): Response {
  return problemResponse(new AppError("not_found", "There is no API route at this path. See /api/v1/openapi.json."), newRequestId());
}
export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE, notFound as OPTIONS };
