import { operations } from "@/lib/api/operations";
import { webStreamChunks } from "@/lib/http/body";
import { clientIp } from "@/lib/http/client-ip";
import { apiRoute, handleExchange } from "@/lib/http/route";
import { answerVerify } from "@/lib/http/verify-exchange";

// POST /api/v1/keys/verify - the SDK verify route. The production server answers this path
// itself (server.ts) through the same answerVerify, which frames the whole exchange (request
// id, headers, problem, log line) for both; this handler serves `next start`, `next dev` and
// serverless deployments.
const verify = handleExchange(operations.verifyKey, async (request) => {
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
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(verify);
