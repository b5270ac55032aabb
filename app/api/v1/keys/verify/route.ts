import { webStreamChunks } from "@/lib/http/body";
import { clientIp } from "@/lib/http/client-ip";
import { methodNotAllowed } from "@/lib/http/fallback";
import { answerVerify } from "@/lib/http/verify-exchange";

// POST /api/v1/keys/verify - the SDK verify route. The production server answers this path
// itself (server.ts) through the same answerVerify; this handler serves `next start`,
// `next dev` and serverless deployments.
export async function POST(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const answer = await answerVerify({
    target: url.pathname + url.search,
    authorization: request.headers.get("authorization"),
    contentType: request.headers.get("content-type"),
    contentLength: request.headers.get("content-length"),
    body: webStreamChunks(request.body),
    clientIp: clientIp(request.headers),
    userAgent: request.headers.get("user-agent"),
  });
  return new Response(answer.bodyText, { status: answer.status, headers: answer.headers });
}

// Every other method: 405 problem+json.
const notAllowed = methodNotAllowed(["POST"]);
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as OPTIONS };
