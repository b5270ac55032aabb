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

function createLogger(destination: pino.DestinationStream = process.stdout): pino.Logger {
  globalForLog.keyportLogDestination = destination;
  const name = globalForLog.keyportLogProcess;
  return pino(
    {
      base: name ? { process: name } : undefined,
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
    // process.stdout by default (not a raw file descriptor), so that a test can capture what
    // is written; the production server switches to a buffered one (bufferLogOutput).
    destination,
  );
}

const globalForLog = globalThis as unknown as {
  keyportLogger?: pino.Logger;
  keyportLogDestination?: pino.DestinationStream;
  keyportLogProcess?: string;
};

/**
 * Names this process in every line (`"process": "verify"`, `"dashboard"`): the production
 * server runs two. Call before the first line.
 */
export function nameLogProcess(name: string): void {
  globalForLog.keyportLogProcess = name;
  globalForLog.keyportLogger = createLogger(globalForLog.keyportLogDestination);
}

/**
 * Writes log lines through a buffer flushed asynchronously (pino's SonicBoom), off the request
 * path. For the production server's verify process; flushLogs() before it exits.
 */
export function bufferLogOutput(): void {
  globalForLog.keyportLogger = createLogger(pino.destination({ dest: 1, sync: false }));
}

/** Writes out whatever the logger still buffers. */
export function flushLogs(): Promise<void> {
  return new Promise((resolve) => logger().flush(() => resolve()));
}

/** The process's logger, shared by the production server's bundle and Next's. */
export function logger(): pino.Logger {
  return (globalForLog.keyportLogger ??= createLogger());
}

/** The time as pino writes it, formatted once per millisecond however many lines share it. */
let lastTime = { ms: 0, iso: "" };
function isoNow(): string {
  const ms = Date.now();
  if (ms !== lastTime.ms) lastTime = { ms, iso: new Date(ms).toISOString() };
  return lastTime.iso;
}

/** A path, redacted and quoted: kept for the next line, which is usually the same route's. */
let lastPath = { path: "", field: '""' };
function pathField(path: string): string {
  if (path !== lastPath.path) lastPath = { path, field: JSON.stringify(redactKeys(path)) };
  return lastPath.field;
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
  // The busiest line there is, so it is written directly, as pino would write it: every value
  // is a number, an id of our own making, a code or reason from a fixed list, or the path,
  // which goes through the same key redaction as every other string.
  const duration = Math.round((performance.now() - fields.startedAt) * 10) / 10;
  let text =
    `{"level":"${fields.status >= 500 ? "error" : "info"}","time":"${isoNow()}"` +
    (globalForLog.keyportLogProcess ? `,"process":${JSON.stringify(globalForLog.keyportLogProcess)}` : "") +
    `,"method":${JSON.stringify(fields.method)},"path":${pathField(fields.path)}` +
    `,"status":${fields.status},"request_id":${JSON.stringify(fields.requestId)},"duration_ms":${duration}`;
  if (fields.code) text += `,"code":${JSON.stringify(fields.code)}`;
  if (fields.reason) text += `,"reason":${JSON.stringify(fields.reason)}`;
  if (fields.keyId) text += `,"key_id":${JSON.stringify(fields.keyId)}`;
  logger(); // the destination exists once the logger does
  globalForLog.keyportLogDestination!.write(`${text},"msg":"request"}\n`);
}

/** An error nobody expected: its stack goes to the log, never to the client. */
export function logUnexpected(error: unknown, requestId: string): void {
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  logger().error({ request_id: requestId, stack }, "unexpected error");
}
