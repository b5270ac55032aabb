// Read once: this runs on every request, the verify hot path included.
const enabled = process.env.KEYPORT_LOG_REQUESTS !== "0";

/** One JSON line per request. Paths only: a query string could carry something secret. */
export function logRequest(fields: {
  method: string;
  path: string;
  status: number;
  requestId: string;
  startedAt: number;
  code?: string;
  reason?: string;
}): void {
  if (!enabled) return;
  console.log(
    JSON.stringify({
      level: fields.status >= 500 ? "error" : "info",
      msg: "request",
      method: fields.method,
      path: fields.path,
      status: fields.status,
      request_id: fields.requestId,
      duration_ms: Math.round((performance.now() - fields.startedAt) * 10) / 10,
      ...(fields.code ? { code: fields.code } : {}),
      ...(fields.reason ? { reason: fields.reason } : {}),
    }),
  );
}
