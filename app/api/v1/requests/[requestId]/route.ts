import { findVerification, isVerificationRecorded } from "@/lib/data";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { operations } from "@/lib/api/operations";
import { apiRoute, handle } from "@/lib/http/route";
import { requestIdTime } from "@/lib/http/request-id";
import { verificationLookupDtoSchema } from "@/lib/schemas/requests";

// GET /api/v1/requests/{requestId} - which key of this workspace made a verification request
const lookup = handle(operations.getRequest, async (ctx) => {
  const { requestId } = ctx.params;
  const found = await findVerification(ctx.session.workspaceId, requestId);
  if (!found) {
    // Written, but not by a key of this workspace: that is not found, however recent.
    if (mayNotBeRecordedYet(requestId) && !(await isVerificationRecorded(requestId))) {
      throw new AppError("not_recorded_yet", "This request is not recorded yet: a verification is written a moment after its answer. Retry in 1 s.", {
        headers: { "retry-after": "1" },
      });
    }
    throw new AppError("not_found", "No verification by a key of this workspace has that request id.");
  }
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

/** Clocks of two instances may disagree a little: an id up to this far ahead is still recent. */
const CLOCK_SKEW_MS = 5_000;
/** Past the flush interval, how long a busy writer may take to write a batch. */
const WRITE_MARGIN_MS = 5_000;

/**
 * True while a verification with this id could still be on its way to the database: the verify
 * process writes its log every KEYPORT_USAGE_FLUSH_MS, and the id says when it was issued.
 */
function mayNotBeRecordedYet(requestId: string): boolean {
  const config = env();
  const issuedAt = requestIdTime(requestId);
  if (!config.KEYPORT_RECORD_VERIFICATIONS || issuedAt === null) return false;
  const age = Date.now() - issuedAt;
  return age >= -CLOCK_SKEW_MS && age <= config.KEYPORT_USAGE_FLUSH_MS + WRITE_MARGIN_MS;
}

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(lookup);
