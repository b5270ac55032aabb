// The dashboard and management API process of the production server: Next, on a Unix socket
// only the front process (server.ts) talks to. The front answers the verify route itself and
// forwards everything else here, with the client's address already resolved in a header it
// always overwrites. It starts this process, and this process ends when the front does, even
// when the front is killed outright. Built by scripts/build-server.mjs.
import http from "node:http";
import { rmSync } from "node:fs";
import path from "node:path";
import next from "next";
import { closeVerifier, flushUsage, flushVerificationLog } from "@/lib/data";
import { env } from "@/lib/env";
import { REQUEST_ID_HEADER, newRequestId } from "@/lib/http/request-id";
import { securityHeaders } from "@/lib/http/headers";
import { closeLimitStore, connectLimitStore } from "@/lib/limits";
import { logger, nameLogProcess } from "@/lib/log";
import { startWebhookWorker, stopWebhookWorker } from "@/lib/webhooks/worker";

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

for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});

async function main() {
  nameLogProcess("dashboard");
  const socketPath = process.env.KEYPORT_APP_SOCKET;
  if (!socketPath) throw new Error("KEYPORT_APP_SOCKET is not set: start the production server with `npm start`.");
  const config = env();
  // The front's own port and host: Next builds absolute URLs (redirects) from them.
  const app = next({ dev: false, dir: path.resolve(import.meta.dirname, ".."), hostname: config.HOST ?? "127.0.0.1", port: config.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();
  // The management write limits (and the route handler's verify, when the fast path is off).
  await connectLimitStore();

  const server = http.createServer((req, res) => {
    ensureHeaders(res);
    void handle(req, res);
  });
  server.keepAliveTimeout = 65_000;
  rmSync(socketPath, { force: true });
  server.listen(socketPath, () => {
    process.send?.("ready");
    startWebhookWorker();
  });

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    // Whatever still hangs (a database that does not answer), the process ends within 8 s.
    setTimeout(() => process.exit(0), 8000).unref();
    server.close();
    server.closeIdleConnections();
    await Promise.all([stopWebhookWorker().catch(() => {}), flushUsage().catch(() => {}), flushVerificationLog().catch(() => {})]);
    await closeVerifier();
    await closeLimitStore();
    rmSync(socketPath, { force: true });
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown());
  process.on("SIGINT", () => void shutdown());
  // The front is gone (killed, crashed): nothing can reach this process any more. Its output
  // may be gone with it: a write to a closed pipe is dropped, never an error that Next's own
  // uncaught-exception handler would try to print to that same pipe, again and again.
  process.on("disconnect", () => {
    logger().warn("the front process is gone; the dashboard process stops");
    void shutdown();
  });
}

void main().catch((error: unknown) => {
  logger().error({ error: String(error) }, "the dashboard process could not start");
  process.exit(1);
});
