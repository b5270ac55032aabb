import { operations } from "@/lib/api/operations";
import { apiRoute, handle } from "@/lib/http/route";
import { receiveLeakReport } from "@/lib/http/secret-scanning";

// POST /api/v1/secret-scanning/report - a secret scanner reports leaked tokens. Authenticated
// by its signature, not a session; 404 while no scanner keys are configured.
const report = handle(operations.reportLeakedTokens, async (ctx) => {
  const answers = await receiveLeakReport(ctx.request, { requestId: ctx.requestId, ip: ctx.ip });
  return { status: 200, body: answers };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(report);
