import { clientIp } from "@/lib/http/client-ip";
import { methodNotAllowed } from "@/lib/http/fallback";
import { apiSecurityHeaders } from "@/lib/http/headers";
import { API_CACHE_CONTROL, JSON_CONTENT_TYPE, toProblem, toResponse } from "@/lib/http/problem";
import { REQUEST_ID_HEADER, newRequestId } from "@/lib/http/request-id";
import { SECRET_SCANNING_PATH, receiveLeakReport } from "@/lib/http/secret-scanning";
import { logRequest } from "@/lib/log";

// POST /api/v1/secret-scanning/report - a secret scanner reports leaked tokens. Authenticated
// by its signature, not a session; 404 while no scanner keys are configured.
export async function POST(request: Request): Promise<Response> {
  const startedAt = performance.now();
  const requestId = newRequestId();
  let response: Response;
  let code: string | undefined;
  try {
    const answers = await receiveLeakReport(request, { requestId, ip: clientIp(request.headers) });
    response = new Response(JSON.stringify(answers), {
      status: 200,
      headers: {
        ...apiSecurityHeaders(),
        "content-type": JSON_CONTENT_TYPE,
        "cache-control": API_CACHE_CONTROL,
        [REQUEST_ID_HEADER]: requestId,
      },
    });
  } catch (error) {
    const problem = toProblem(error, requestId);
    code = problem.body.code;
    response = toResponse(problem);
  }
  logRequest({ method: "POST", path: SECRET_SCANNING_PATH, status: response.status, requestId, startedAt, code });
  return response;
}

const notAllowed = methodNotAllowed(["POST"]);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as OPTIONS };
