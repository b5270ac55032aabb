import { methodNotAllowed } from "@/lib/http/fallback";
import { readBodyText } from "@/lib/http/body";
import { logRequest } from "@/lib/http/log";
import { problemResponse } from "@/lib/http/problem";
import { newRequestId } from "@/lib/http/request-id";
import { handleVerify } from "@/lib/http/verify-endpoint";

// POST /api/v1/keys/verify - the SDK verify route. The production server answers this path
// itself (server.ts) with the same handleVerify; this handler serves `next start`,
// `next dev` and serverless deployments.
export async function POST(request: Request): Promise<Response> {
  const startedAt = performance.now();
  const requestId = newRequestId();
  const url = new URL(request.url);
  let bodyText: string;
  try {
    bodyText = await readBodyText(request);
  } catch (error) {
    const response = problemResponse(error, requestId);
    logRequest({ method: "POST", path: url.pathname, status: response.status, requestId, startedAt });
    return response;
  }
  const result = await handleVerify({
    url,
    authorization: request.headers.get("authorization"),
    contentType: request.headers.get("content-type"),
    bodyText,
    requestId,
  });
  logRequest({ method: "POST", path: url.pathname, status: result.status, requestId, startedAt, code: result.code, reason: result.reason });
  return new Response(result.bodyText, { status: result.status, headers: result.headers });
}

// Every other method: 405 problem+json.
const notAllowed = methodNotAllowed(["POST"]);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
