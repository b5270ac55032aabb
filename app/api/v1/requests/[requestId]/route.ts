import { findVerification } from "@/lib/data";
import { AppError } from "@/lib/errors";
import { methodNotAllowed } from "@/lib/http/fallback";
import { apiRoute } from "@/lib/http/route";
import { zodFieldErrors } from "@/lib/http/problem";
import { requestIdSchema, verificationLookupDtoSchema } from "@/lib/schemas/requests";

type Params = { requestId: string };

// GET /api/v1/requests/{requestId} - which key of this workspace made a verification request
export const GET = apiRoute<Params>({ role: "member" }, async (ctx) => {
  const parsed = requestIdSchema.safeParse(ctx.params.requestId);
  if (!parsed.success) {
    throw new AppError("validation_failed", "requestId is not a request id.", {
      errors: zodFieldErrors(parsed.error.issues, "path", ctx.params.requestId).map((e) => ({ ...e, location: "path.requestId" })),
    });
  }
  const found = await findVerification(ctx.session.workspaceId, parsed.data);
  if (!found) throw new AppError("not_found", "No verification by a key of this workspace has that request id.");
  return {
    status: 200,
    body: verificationLookupDtoSchema.parse({
      request_id: found.requestId,
      at: found.at.toISOString(),
      outcome: found.status === 200 ? "valid" : (found.code ?? "invalid"),
      status: found.status,
      reason: found.reason,
      ip: found.ip,
      user_agent: found.userAgent,
      key: {
        key_id: found.key.id,
        name: found.key.name,
        key_prefix: found.key.start,
        environment: found.key.environment,
        project_id: found.key.projectId,
      },
    }),
  };
});

// Every other method: 405 problem+json.
const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
