// The production server (`npm start`). It answers POST /api/v1/keys/verify itself, without
// the framework's per-request overhead, and hands every other request to Next. Both paths
// call the same answerVerify, so they answer alike; the Next route handler stays for
// `next start` and serverless deployments. Built by scripts/build-server.mjs.
import http from "node:http";
import path from "node:path";
import next from "next";
import type { Socket } from "node:net";
import { flushUsage, flushVerificationLog, getVerifier } from "@/lib/data";
import { EnvError, env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { toProblem } from "@/lib/http/problem";
import { REQUEST_ID_HEADER, newRequestId } from "@/lib/http/request-id";
import { CLIENT_IP_HEADER, resolveClientIp, type IpRange } from "@/lib/http/client-ip";
import { securityHeaders } from "@/lib/http/headers";
import { refusal } from "@/lib/http/server-refusals";
import { VERIFY_PATH, answerVerify } from "@/lib/http/verify-exchange";
import { closeLimitStore, connectLimitStore } from "@/lib/limits";
import { logRequest, logger } from "@/lib/log";
import { startWebhookWorker, stopWebhookWorker } from "@/lib/webhooks/worker";

/** Whether a request target is the verify path, with or without a query string. */
function isVerifyTarget(target: string): boolean {
  return target.startsWith(VERIFY_PATH) && (target.length === VERIFY_PATH.length || target[VERIFY_PATH.length] === "?");
}

/**
 * Sockets whose connection closes after the answer being written. A request refused before its
 * body was read leaves body bytes behind that the parser may take for a next request; that
 * "request" is not answered again on a connection that is closing.
 */
const closing = new WeakSet<Socket>();

function closeAfterAnswer(req: http.IncomingMessage, res: http.ServerResponse): void {
  res.shouldKeepAlive = false;
  closing.add(req.socket);
  req.resume();
}

/** Who the client is: the socket, or a trusted proxy's X-Forwarded-For (lib/http/client-ip.ts). */
function clientAddress(req: http.IncomingMessage, trustedProxies: readonly IpRange[]): string | null {
  const forwardedFor = req.headers["x-forwarded-for"];
  return resolveClientIp(req.socket.remoteAddress, Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor, trustedProxies);
}

async function verify(req: http.IncomingMessage, res: http.ServerResponse, trustedProxies: readonly IpRange[]): Promise<void> {
  const answer = await answerVerify({
    clientIp: clientAddress(req, trustedProxies),
    userAgent: req.headers["user-agent"],
    target: req.url ?? VERIFY_PATH,
    authorization: req.headers.authorization,
    contentType: req.headers["content-type"],
    contentLength: req.headers["content-length"],
    // Stopping early (a body over the limit) must not destroy the socket the answer goes on.
    body: req.iterator({ destroyOnReturn: false }),
  });
  // The rest of a refused body is discarded, and the connection closed after the answer.
  if (!req.complete) closeAfterAnswer(req, res);
  res.writeHead(answer.status, answer.headers);
  res.end(answer.bodyText);
}

/** A problem response as bytes: for refusals written before (or without) a parsed request. */
function problemBytes(error: AppError): { status: number; headers: Record<string, string>; body: string } {
  const problem = toProblem(error, newRequestId());
  const body = JSON.stringify(problem.body);
  return {
    status: problem.status,
    headers: { ...problem.headers, "content-length": String(Buffer.byteLength(body)) },
    body,
  };
}

function refuse(req: http.IncomingMessage, res: http.ServerResponse, error: AppError): void {
  const startedAt = performance.now();
  const { status, headers, body } = problemBytes(error);
  closeAfterAnswer(req, res);
  res.writeHead(status, headers);
  res.end(body);
  const path = (req.url ?? "").split("?")[0] ?? "";
  logRequest({ method: req.method ?? "", path, status, requestId: headers[REQUEST_ID_HEADER]!, startedAt, code: error.code });
}

/**
 * Every response carries a request id and the security headers. Next's route handlers set
 * their own (the request id is the one in their body); anything else Next writes (redirects,
 * OPTIONS, its own 404s and 405s, assets) gets them here.
 */
function ensureHeaders(res: http.ServerResponse): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: http.ServerResponse, ...args: Parameters<typeof writeHead>) {
    if (!this.hasHeader(REQUEST_ID_HEADER)) this.setHeader(REQUEST_ID_HEADER, newRequestId());
    for (const [name, value] of Object.entries(securityHeaders())) if (!this.hasHeader(name)) this.setHeader(name, value);
    return writeHead.apply(this, args);
  } as typeof writeHead;
}

/** A request the HTTP parser itself refused (headers too large, malformed): still a problem. */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || closing.has(socket)) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
  const { status, headers, body } = problemBytes(
    tooLarge
      ? new AppError("request_header_fields_too_large", "The request's headers are too large.")
      : new AppError("bad_request", "The request could not be parsed as HTTP."),
  );
  const head = Object.entries({ ...headers, connection: "close" })
    .map(([name, value]) => `${name}: ${value}`)
    .join("\r\n");
  socket.end(`HTTP/1.1 ${status} ${tooLarge ? "Request Header Fields Too Large" : "Bad Request"}\r\n${head}\r\n\r\n${body}`);
}

async function main() {
  let config;
  try {
    config = env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const hostname = config.HOST ?? "127.0.0.1";
  const port = config.PORT;
  const fastPath = config.KEYPORT_FAST_VERIFY;
  const trustedProxies = config.KEYPORT_TRUSTED_PROXIES;
  const app = next({ dev: false, dir: path.resolve(import.meta.dirname, ".."), hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  getVerifier(); // start listening for revocations before the first request
  // The rate limits' store (Redis, when configured), connected before the first request.
  const rateLimits = await connectLimitStore();

  const server = http.createServer((req, res) => {
    const target = req.url ?? "/";
    if (fastPath && req.method === "POST" && isVerifyTarget(target)) return void verify(req, res, trustedProxies);
    const refused = refusal(req.method, target);
    if (refused) return refuse(req, res, refused);
    // Who the client is, decided here (the socket, or a trusted proxy's X-Forwarded-For) and
    // handed to Next in a header that no client can set: whatever it sent under that name goes.
    const ip = clientAddress(req, trustedProxies);
    if (ip) req.headers[CLIENT_IP_HEADER] = ip;
    else delete req.headers[CLIENT_IP_HEADER];
    ensureHeaders(res);
    void handle(req, res);
  });
  server.on("clientError", answerClientError);
  server.keepAliveTimeout = 65_000;
  server.listen(port, hostname, () => {
    logger().info({ url: `http://${hostname}:${port}`, fast_verify: fastPath, rate_limits: rateLimits }, "Keyport server listening");
    startWebhookWorker();
  });

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    server.close();
    server.closeIdleConnections();
    // Pending last-used times and counts are written before exit; an attempt in flight ends.
    await Promise.all([
      stopWebhookWorker().catch(() => {}),
      flushUsage().catch(() => {}),
      flushVerificationLog().catch(() => {}),
    ]);
    await getVerifier().close();
    await closeLimitStore();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown());
  process.on("SIGINT", () => void shutdown());
}

void main();
