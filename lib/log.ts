// The one logger: JSON lines from pino, for request lines, warnings and errors alike.
// Nothing shaped like a key leaves through it: the `authorization` field is censored by
// pino's redaction, and every string in a line (the message included) has key-shaped
// values cut down to their public part, `fp_live_[redacted]`.
import pino from "pino";
import { env } from "@/lib/env";
import { redactKeys } from "@/lib/keys/token";

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === "string") return redactKeys(value);
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, depth + 1);
  return out;
}

function createLogger(): pino.Logger {
  return pino(
    {
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => redactValue(fields, 0) as Record<string, unknown>,
      },
      redact: { paths: ["authorization", "*.authorization", "headers.authorization"], censor: "[redacted]" },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === "string" ? redactKeys(arg) : arg)) as Parameters<typeof method>);
        },
      },
    },
    // process.stdout (not a raw file descriptor) so that a test can capture what is written.
    process.stdout,
  );
}

const globalForLog = globalThis as unknown as { keyportLogger?: pino.Logger };

/** The process's logger, shared by the production server's bundle and Next's. */
export function logger(): pino.Logger {
  return (globalForLog.keyportLogger ??= createLogger());
}

/** One line per request. Paths only: a query string could carry something secret. */
export function logRequest(fields: {
  method: string;
  path: string;
  status: number;
  requestId: string;
  startedAt: number;
  code?: string | undefined;
  reason?: string | undefined;
  keyId?: string | null | undefined;
}): void {
  if (!env().KEYPORT_LOG_REQUESTS) return;
  const line = {
    method: fields.method,
    path: fields.path,
    status: fields.status,
    request_id: fields.requestId,
    duration_ms: Math.round((performance.now() - fields.startedAt) * 10) / 10,
    ...(fields.code ? { code: fields.code } : {}),
    ...(fields.reason ? { reason: fields.reason } : {}),
    ...(fields.keyId ? { key_id: fields.keyId } : {}),
  };
  if (fields.status >= 500) logger().error(line, "request");
  else logger().info(line, "request");
}

/** An error nobody expected: its stack goes to the log, never to the client. */
export function logUnexpected(error: unknown, requestId: string): void {
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  logger().error({ request_id: requestId, stack }, "unexpected error");
}
