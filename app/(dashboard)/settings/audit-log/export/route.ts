import { requireWorkspace } from "@/lib/auth/guard";
import { clientIp } from "@/lib/http/client-ip";
import { auditCsvStream } from "@/lib/http/audit-export";
import { methodNotAllowed } from "@/lib/http/fallback";
import { problemResponse, zodFieldErrors } from "@/lib/http/problem";
import { REQUEST_ID_HEADER, newRequestId } from "@/lib/http/request-id";
import { AppError } from "@/lib/errors";
import { auditQuerySchema } from "@/lib/schemas/audit";

// GET /settings/audit-log/export - the Audit log page's "Download CSV": the API's CSV export
// with the page's filters, for the signed-in admin's dashboard session.
export async function GET(request: Request): Promise<Response> {
  const requestId = newRequestId();
  try {
    const url = new URL(request.url);
    const session = await requireWorkspace({
      role: "admin",
      attempt: "dashboard: download the audit log",
      context: { requestId, ip: clientIp(request.headers) },
    });
    const raw = Object.fromEntries(url.searchParams);
    const parsed = auditQuerySchema.safeParse(raw);
    if (!parsed.success) {
      throw new AppError("validation_failed", "The filters are not valid.", { errors: zodFieldErrors(parsed.error.issues, "query", raw) });
    }
    const q = parsed.data;
    const stream = auditCsvStream(session.workspaceId, { keyId: q.key_id, actor: q.actor, action: q.action, from: q.from, to: q.to, requestId: q.request_id });
    return new Response(stream, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="audit-log-${new Date().toISOString().slice(0, 10)}.csv"`,
        "cache-control": "no-store",
        [REQUEST_ID_HEADER]: requestId,
      },
    });
  } catch (error) {
    return problemResponse(error, requestId);
  }
}

const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as OPTIONS };
