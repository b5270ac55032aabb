// The production server (`npm start`): a lean front process that answers
// POST /api/v1/keys/verify itself and forwards every other request to the dashboard process
// (app-server.ts: Next, on a Unix socket), which it starts, restarts if it dies, and stops.
// The verify route never runs in a process that has loaded Next, so none of the framework's
// per-request work (its async-context hooks above all) is on that path. Both answer verify
// through the same answerVerify; the Next route handler stays for `next start`, serverless
// deployments and KEYPORT_FAST_VERIFY=0. Built by scripts/build-server.mjs.
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { Socket } from "node:net";
import { closeVerificationLog, flushUsage, getVerifier, writeVerificationsOnThread } from "@/lib/data";
import { EnvError, env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { toProblem } from "@/lib/http/problem";
import { REQUEST_ID_HEADER, newRequestId } from "@/lib/http/request-id";
import { CLIENT_IP_HEADER, resolveClientIp, type IpRange } from "@/lib/http/client-ip";
import { refusal } from "@/lib/http/server-refusals";
import { VERIFY_PATH, answerVerify } from "@/lib/http/verify-exchange";
import { closeLimitStore, connectLimitStore } from "@/lib/limits";
import { bufferLogOutput, flushLogs, logRequest, logger, nameLogProcess } from "@/lib/log";

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

/** Each connection's address, resolved once: a keep-alive client sends many requests on one. */
const connectionAddresses = new WeakMap<Socket, string | null>();

/** Who the client is: the socket, or a trusted proxy's X-Forwarded-For (lib/http/client-ip.ts). */
function clientAddress(req: http.IncomingMessage, trustedProxies: readonly IpRange[]): string | null {
  const forwardedFor = req.headers["x-forwarded-for"];
  if (forwardedFor === undefined) {
    let address = connectionAddresses.get(req.socket);
    if (address === undefined) {
      address = resolveClientIp(req.socket.remoteAddress, undefined, trustedProxies);
      connectionAddresses.set(req.socket, address);
    }
    return address;
  }
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
    body: req,
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

/** Headers that belong to one connection, never forwarded (RFC 9110, section 7.6.1). */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"]);

/** The dashboard process: started, awaited until it listens, restarted if it dies. */
class AppProcess {
  readonly socketPath = path.join(os.tmpdir(), `keyport-app-${process.pid}.sock`);
  readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  private child: ChildProcess | null = null;
  private stopping = false;

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [...process.execArgv, path.join(import.meta.dirname, "keyport-app.mjs")], {
        env: { ...process.env, KEYPORT_APP_SOCKET: this.socketPath },
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      this.child = child;
      child.once("message", (message) => (message === "ready" ? resolve() : undefined));
      child.once("exit", (code, signal) => {
        if (this.stopping) return;
        reject(new Error(`the dashboard process exited (${code ?? signal}) before it listened`));
        logger().error({ code, signal }, "the dashboard process exited; restarting it");
        setTimeout(() => void this.start().catch(() => {}), 1000).unref();
      });
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.agent.destroy();
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(killer);
    rmSync(this.socketPath, { force: true });
  }

  /** Forwards a request, streaming both ways. */
  forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
    const upstream = http.request(
      { socketPath: this.socketPath, agent: this.agent, method: req.method, path: req.url, headers },
      (answer) => {
        // Answered before the whole body was read (a 413, say): the rest is drained, not
        // forwarded, and the connection closes after the answer.
        if (!req.complete) {
          req.unpipe(upstream);
          closeAfterAnswer(req, res);
        }
        const raw: string[] = [];
        for (let i = 0; i < answer.rawHeaders.length; i += 2) {
          if (!HOP_BY_HOP.has(answer.rawHeaders[i]!.toLowerCase())) raw.push(answer.rawHeaders[i]!, answer.rawHeaders[i + 1]!);
        }
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, raw);
        answer.pipe(res);
        answer.on("error", () => res.destroy());
      },
    );
    upstream.on("error", (error) => {
      if (res.headersSent) return void res.destroy();
      logger().warn({ error: String(error) }, "the dashboard process did not answer");
      refuse(req, res, new AppError("service_unavailable", "The dashboard is restarting. Retry in a few seconds.", { headers: { "retry-after": "2" } }));
    });
    res.on("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }
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

// Output to a reader that went away is dropped, never an uncaught error.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});

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
  // The verify path's log lines are written from a buffer, never synchronously per request.
  bufferLogOutput();
  nameLogProcess("verify");
  const app = new AppProcess();
  await app.start();
  getVerifier(); // start listening for revocations before the first request
  // The verification log is written from a thread of its own, off the path requests take.
  writeVerificationsOnThread(path.join(import.meta.dirname, "keyport-verification-writer.mjs"));
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
    app.forward(req, res);
  });
  server.on("clientError", answerClientError);
  server.keepAliveTimeout = 65_000;
  server.listen(port, hostname, () => {
    logger().info({ url: `http://${hostname}:${port}`, fast_verify: fastPath, rate_limits: rateLimits }, "Keyport server listening");
  });

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    server.close();
    server.closeIdleConnections();
    // Pending last-used times and counts are written before exit, here and in the dashboard process.
    await Promise.all([app.stop().catch(() => {}), flushUsage().catch(() => {}), closeVerificationLog().catch(() => {})]);
    await getVerifier().close();
    await closeLimitStore();
    await flushLogs();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown());
  process.on("SIGINT", () => void shutdown());
  // On demand (kill -USR2), one line of memory and cache figures: for operators and the bench.
  process.on("SIGUSR2", () => {
    const memory = process.memoryUsage();
    const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
    logger().info(
      { rss_mb: mb(memory.rss), heap_used_mb: mb(memory.heapUsed), heap_total_mb: mb(memory.heapTotal), caches: getVerifier().cacheSizes },
      "verify process stats",
    );
  });
}

void main();
