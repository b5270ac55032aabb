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
import { PerformanceObserver, monitorEventLoopDelay } from "node:perf_hooks";
import type { Socket } from "node:net";
import { announceKeyChange, closeVerificationLog, flushUsage, getCreditLedger, getKeyStore, writeVerificationsOnThread } from "@/lib/data";
import { EnvError, env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { API_ADMISSION, Admission } from "@/lib/http/admission";
import { SHUTDOWN_DEADLINE_MS, trackConnections, type ConnectionTracker } from "@/lib/http/graceful";
import { securityHeaders } from "@/lib/http/headers";
import { toProblem } from "@/lib/http/problem";
import { REQUEST_ID_HEADER, newRequestId } from "@/lib/http/request-id";
import { CLIENT_IP_HEADER, resolveClientIp } from "@/lib/http/client-ip";
import type { IpRange } from "@/lib/net/ip";
import { IMPLEMENTED_METHODS, originForm, refusal } from "@/lib/http/server-refusals";
import { KEY_SYNC_HEADER, type ProcessMessage } from "@/lib/http/process-messages";
import { VERIFY_PATH, answerVerify } from "@/lib/http/verify-exchange";
import { closeLimitStore, connectLimitStore, limitStoreStatus, onLimitStoreStatusChange } from "@/lib/limits";
import { bufferLogOutput, flushLogs, logRequest, logger, nameLogProcess } from "@/lib/log";

/**
 * How long a client may take to send a request's headers, and its whole request (headers and
 * body). Past either, it is answered 408 and its connection closed: a stalled client holds a
 * connection for seconds, not minutes.
 */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;
/**
 * How long an idle keep-alive connection stays open: longer than load balancers' own idle
 * timeout (60 s on the common ones), so that they, not we, close it.
 */
const KEEP_ALIVE_MS = 65_000;
/** The idle time clients are told (`Keep-Alive: timeout=`): well under what the server keeps. */
const KEEP_ALIVE_ADVERTISED_S = 55;
const KEEP_ALIVE_HEADER = `timeout=${KEEP_ALIVE_ADVERTISED_S}`;
/** How long the start waits for the key store's first read before it listens anyway. */
const WARM_UP_MS = 3_000;

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
  // Answered already (a 408 for a stalled body), or nobody left to answer.
  if (answer.aborted || res.headersSent || res.destroyed) return;
  // The rest of a refused body is discarded, and the connection closed after the answer.
  if (!req.complete) closeAfterAnswer(req, res);
  // The head as one flat list, Keep-Alive included: Node writes it as given, without first
  // merging it into headers set one by one, and sends it with the body in one write.
  const head: string[] = ["keep-alive", KEEP_ALIVE_HEADER];
  for (const name in answer.headers) head.push(name, answer.headers[name]!);
  res.writeHead(answer.status, head);
  res.end(answer.bodyText);
}

/** Whether a request target is the management API (health and verify are answered apart). */
function isManagementApiTarget(target: string): boolean {
  return target.startsWith("/api/") && !target.startsWith("/api/health");
}

const BUSY_DETAIL = "The server is busy. Retry in a second.";

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
 * Headers that belong to one connection, never forwarded (RFC 9110, section 7.6.1), and the
 * processes' own header, which never reaches a client.
 */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", KEY_SYNC_HEADER]);

/** How long an answer waits for the key changes it depends on before the cache is dropped whole. */
const KEY_SYNC_WAIT_MS = 1000;

/** The dashboard process: started, awaited until it listens, restarted if it dies. */
class AppProcess {
  readonly socketPath = path.join(os.tmpdir(), `keyport-app-${process.pid}.sock`);
  readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  private child: ChildProcess | null = null;
  private stopping = false;
  /**
   * The last key change the dashboard process relayed (each is numbered), and answers waiting
   * for a later one. Every key change the dashboard commits reaches this process's cache before
   * any answer written after it is forwarded: the revoking instance never accepts the key again.
   */
  private keyChangesSeen = 0;
  private readonly keyChangeWaiters = new Set<{ seq: number; resolve: () => void }>();

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [...process.execArgv, path.join(import.meta.dirname, "keyport-app.mjs")], {
        env: { ...process.env, KEYPORT_APP_SOCKET: this.socketPath },
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      this.child = child;
      // A new dashboard process numbers its key changes from 1 again.
      this.keyChangesSeen = 0;
      child.on("message", (message: ProcessMessage) => {
        if (message === "ready") {
          this.tell({ type: "limits", status: limitStoreStatus() });
          resolve();
        } else if (message?.type === "key-changed" && this.child === child) {
          announceKeyChange(message.hash);
          this.keyChangesSeen = message.seq;
          for (const waiter of this.keyChangeWaiters) if (waiter.seq <= message.seq) waiter.resolve();
        }
      });
      child.once("exit", (code, signal) => {
        if (this.stopping) return;
        reject(new Error(`the dashboard process exited (${code ?? signal}) before it listened`));
        logger().error({ code, signal }, "the dashboard process exited; restarting it");
        setTimeout(() => void this.start().catch(() => {}), 1000).unref();
      });
    });
  }

  /** Sends the dashboard process a message, if it is there to hear it. */
  tell(message: ProcessMessage): void {
    if (this.child?.connected) this.child.send(message);
  }

  /** Resolves once this process has heard key change `seq`, or has dropped its cache instead. */
  private keyChangesUpTo(seq: number): Promise<void> | null {
    if (seq <= this.keyChangesSeen) return null;
    return new Promise((resolve) => {
      const waiter = {
        seq,
        resolve: () => {
          clearTimeout(timer);
          this.keyChangeWaiters.delete(waiter);
          resolve();
        },
      };
      // The relay never lost a message in testing; if one is ever late, nothing cached is
      // trusted rather than a revoked key accepted.
      const timer = setTimeout(() => {
        logger().error({ seq, seen: this.keyChangesSeen }, "a key change was not relayed in time; the verification cache is dropped");
        getKeyStore().forgetAll();
        waiter.resolve();
      }, KEY_SYNC_WAIT_MS);
      this.keyChangeWaiters.add(waiter);
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
        const respond = () => {
          if (res.headersSent || res.destroyed) return void answer.destroy();
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
        };
        // An answer written after a key change leaves only once this process's cache knows it.
        const synced = this.keyChangesUpTo(Number(answer.headers[KEY_SYNC_HEADER] ?? 0));
        if (synced) void synced.then(respond);
        else respond();
      },
    );
    upstream.on("error", (error) => {
      if (res.headersSent || res.destroyed) return void res.destroy();
      logger().warn({ error: String(error) }, "the dashboard process did not answer");
      refuse(req, res, new AppError("service_unavailable", "The dashboard is restarting. Retry in a few seconds.", { headers: { "retry-after": "2" } }));
    });
    res.on("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }
}

/** The problem for a request the HTTP parser refused or gave up on, and its status line's reason. */
function clientErrorProblem(error: NodeJS.ErrnoException): { error: AppError; reason: string } {
  if (error.code === "HPE_HEADER_OVERFLOW") {
    return { error: new AppError("request_header_fields_too_large", "The request's headers are too large."), reason: "Request Header Fields Too Large" };
  }
  if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") {
    const detail = `The request was not received in time: headers within ${HEADERS_TIMEOUT_MS / 1000} s, the whole request within ${REQUEST_TIMEOUT_MS / 1000} s.`;
    return { error: new AppError("request_timeout", detail), reason: "Request Timeout" };
  }
  return { error: new AppError("bad_request", "The request could not be parsed as HTTP."), reason: "Bad Request" };
}

/**
 * A request the HTTP parser itself refused (headers too large, malformed) or that stalled past
 * its timeout: still a problem. An answer already under way on the connection (a valid request
 * pipelined before a malformed one) is finished first; a request whose answer has not started
 * (a body that stalled) gets the problem as its answer.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket, connections: ConnectionTracker): void {
  if (!socket.writable || closing.has(socket)) {
    socket.destroy();
    return;
  }
  const { error: problem, reason } = clientErrorProblem(error);
  const pending = connections.responseOn(socket);
  if (pending && !pending.headersSent && problem.code === "request_timeout") {
    const { status, headers, body } = problemBytes(problem);
    pending.shouldKeepAlive = false;
    pending.writeHead(status, headers);
    pending.end(body, () => socket.destroy());
    return;
  }
  /** The problem as raw bytes, for a connection that is closing. */
  const rawProblem = () => {
    const { status, headers, body } = problemBytes(problem);
    const head = Object.entries({ ...headers, connection: "close" })
      .map(([name, value]) => `${name}: ${value}`)
      .join("\r\n");
    return `HTTP/1.1 ${status} ${reason}\r\n${head}\r\n\r\n${body}`;
  };
  if (pending && !pending.writableFinished) {
    // The answer under way says the connection closes, so no client sends another request
    // into it; the 400 follows it, before the server ends the connection.
    if (!pending.headersSent) pending.shouldKeepAlive = false;
    pending.prependListener("finish", () => {
      if (!socket.writable) return;
      socket.write(rawProblem());
      if (pending.shouldKeepAlive) socket.end();
    });
    pending.once("close", () => socket.destroy());
  } else if (socket.writable) {
    socket.end(rawProblem());
  } else {
    socket.destroy();
  }
}

/** `OPTIONS *`: what the server as a whole answers. */
function answerServerOptions(res: http.ServerResponse): void {
  res.writeHead(204, { allow: [...IMPLEMENTED_METHODS].join(", "), [REQUEST_ID_HEADER]: newRequestId(), ...securityHeaders() });
  res.end();
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
  getKeyStore(); // start listening for revocations before the first request
  // The first read of keys is slow (a connection opened, the client prepared): it is done
  // now, beside the rest of the start, so that the first verifications do not wait for it.
  const warmUpStarted = performance.now();
  const warmingUp = getKeyStore()
    .warmUp(WARM_UP_MS)
    .then((warmedUp) => ({ warmed_up: warmedUp, ms: Math.round(performance.now() - warmUpStarted) }));
  // The verification log is written from a thread of its own, off the path requests take.
  writeVerificationsOnThread(path.join(import.meta.dirname, "keyport-verification-writer.mjs"));
  // The rate limits' store (Redis, when configured), connected before the first request.
  const rateLimits = await connectLimitStore();
  const warmUp = await warmingUp;

  // The dashboard process hears what this process sees of Redis: /api/health is answered there.
  onLimitStoreStatusChange((status) => app.tell({ type: "limits", status }));
  app.tell({ type: "limits", status: rateLimits });

  const server = http.createServer(
    // Host is checked below, so that its absence is answered as a problem like any other.
    { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, connectionsCheckingInterval: 1000, requireHostHeader: false },
    (req, res) => {
      // Clients are told a shorter idle time than the server keeps: they let an idle connection
      // go before the server closes it, never send on one it is closing at that moment. (The
      // verify fast path writes it in its own head.)
      if (!(fastPath && req.method === "POST" && isVerifyTarget(req.url ?? ""))) res.setHeader("keep-alive", KEEP_ALIVE_HEADER);
      if (req.method === "OPTIONS" && req.url === "*") return answerServerOptions(res);
      const form = originForm(req.method, req.url ?? "/");
      if (form instanceof AppError) return refuse(req, res, form);
      req.url = form.target;
      if (form.host) req.headers.host = form.host;
      if (!req.headers.host && req.httpVersion === "1.1") {
        return refuse(req, res, new AppError("bad_request", "An HTTP/1.1 request must carry a Host header."));
      }
      dispatch(req, res);
    },
  );
  const admission = new Admission(API_ADMISSION);
  const connections = trackConnections(server);
  const dispatch = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const target = req.url ?? "/";
    if (fastPath && req.method === "POST" && isVerifyTarget(target)) return void verify(req, res, trustedProxies);
    const refused = refusal(req.method, target);
    if (refused) return refuse(req, res, refused);
    // Who the client is, decided here (the socket, or a trusted proxy's X-Forwarded-For) and
    // handed to Next in a header that no client can set: whatever it sent under that name goes.
    const ip = clientAddress(req, trustedProxies);
    if (ip) req.headers[CLIENT_IP_HEADER] = ip;
    else delete req.headers[CLIENT_IP_HEADER];
    if (!isManagementApiTarget(target)) return app.forward(req, res);
    // Past what the dashboard process can take, API requests wait briefly, then are refused.
    void admission.enter().then((release) => {
      if (!release) {
        return refuse(req, res, new AppError("service_unavailable", BUSY_DETAIL, { headers: { "retry-after": "1" } }));
      }
      res.once("close", release);
      if (res.destroyed) return release();
      app.forward(req, res);
    });
  };
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => answerClientError(error, socket, connections));
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // A burst of new connections (Node's default backlog is 511) waits in the kernel's queue
  // instead of being dropped into SYN retries, seconds apart; the kernel caps it (somaxconn).
  server.listen({ port, host: hostname, backlog: 4096 }, () => {
    logger().info(
      { url: `http://${hostname}:${port}`, fast_verify: fastPath, rate_limits: rateLimits, key_store: warmUp },
      "Keyport server listening",
    );
  });

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const startedAt = performance.now();
    const elapsedMs = () => Math.round(performance.now() - startedAt);
    logger().info(
      { signal, in_flight: connections.inFlight, deadline_ms: SHUTDOWN_DEADLINE_MS },
      "stopping: no new connections; answering the requests in progress",
    );
    // Whatever still hangs (a database that does not answer), the process ends by the deadline.
    setTimeout(() => {
      logger().error({ elapsed_ms: elapsedMs() }, "stopped at the shutdown deadline with work unfinished");
      void flushLogs().finally(() => process.exit(1));
    }, SHUTDOWN_DEADLINE_MS).unref();
    // Requests in progress are answered (forwarded ones too, so the dashboard process stops
    // after them); a second of the deadline is kept for writing what is pending.
    const drained = await connections.drain(SHUTDOWN_DEADLINE_MS - 1000);
    // Pending last-used times and counts are written before exit, here and in the dashboard
    // process, and the unspent credits of blocks this process holds go back to their balances.
    await Promise.all([
      app.stop().catch(() => {}),
      flushUsage().catch(() => {}),
      closeVerificationLog().catch(() => {}),
      getCreditLedger().returnLeases(),
    ]);
    await getKeyStore().close();
    await closeLimitStore();
    logger().info({ elapsed_ms: elapsedMs(), drained }, "stopped");
    await flushLogs();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  // Where the event loop stalled, and what the garbage collector paused it for, since the last
  // stats line: what a latency tail is made of.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const gcPauses = { count: 0, totalMs: 0, maxMs: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcPauses.count++;
      gcPauses.totalMs += entry.duration;
      gcPauses.maxMs = Math.max(gcPauses.maxMs, entry.duration);
    }
  }).observe({ entryTypes: ["gc"] });
  // On demand (kill -USR2), one line of memory, cache, event-loop and GC figures: for operators
  // and the bench.
  process.on("SIGUSR2", () => {
    const memory = process.memoryUsage();
    const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    logger().info(
      {
        rss_mb: mb(memory.rss),
        heap_used_mb: mb(memory.heapUsed),
        heap_total_mb: mb(memory.heapTotal),
        caches: getKeyStore().cacheSizes,
        // The loop's lateness past its 10 ms sampling timer, and the collector's pauses.
        loop_delay_ms: { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) },
        gc: { count: gcPauses.count, total_ms: Math.round(gcPauses.totalMs), max_ms: Math.round(gcPauses.maxMs * 10) / 10 },
      },
      "verify process stats",
    );
    loopDelay.reset();
    Object.assign(gcPauses, { count: 0, totalMs: 0, maxMs: 0 });
  });
}

void main();
