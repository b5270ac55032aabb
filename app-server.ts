// The dashboard and management API process of the production server: Next, on a Unix socket
// only the front process (server.ts) talks to. The front answers the verify route itself and
// forwards everything else here, with the client's address already resolved in a header it
// always overwrites. It starts this process, and this process ends when the front does, even
// when the front is killed outright. Built by scripts/build-server.mjs.
import http from "node:http";
import { rmSync } from "node:fs";
import path from "node:path";
import next from "next";
import { closeKeyStore, flushUsage, flushVerificationLog, getCreditLedger, onKeyChange } from "@/lib/data";
import { env } from "@/lib/env";
import { SHUTDOWN_DEADLINE_MS, trackConnections } from "@/lib/http/graceful";
import { KEY_SYNC_HEADER, type ProcessMessage } from "@/lib/http/process-messages";
import { REQUEST_ID_HEADER, newRequestId } from "@/lib/http/request-id";
import { securityHeaders } from "@/lib/http/headers";
import { closeLimitStore, connectLimitStore, setVerifyProcessLimitStatus } from "@/lib/limits";
import { logger, nameLogProcess } from "@/lib/log";
import { startWebhookWorker, stopWebhookWorker } from "@/lib/webhooks/worker";

/**
 * Key changes this process committed, numbered, each sent to the verify process as it is
 * announced. Every answer says how many there were when it was written, and the verify
 * process forwards it only once it has heard that many: so when the answer to a revocation
 * (or a roll, or an edit) reaches the client, the verify process's cache already knows.
 */
let keyChanges = 0;

function relayKeyChanges(): void {
  onKeyChange((hash) => {
    keyChanges += 1;
    const message: ProcessMessage = { type: "key-changed", seq: keyChanges, hash };
    process.send?.(message);
  });
}

/**
 * Every response carries a request id and the security headers. Next's route handlers set
 * their own (the request id is the one in their body); anything else Next writes (redirects,
 * OPTIONS, its own 404s and 405s, assets) gets them here. So does the key-change count.
 */
function ensureHeaders(res: http.ServerResponse): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: http.ServerResponse, ...args: Parameters<typeof writeHead>) {
    if (!this.hasHeader(REQUEST_ID_HEADER)) this.setHeader(REQUEST_ID_HEADER, newRequestId());
    for (const [name, value] of Object.entries(securityHeaders())) if (!this.hasHeader(name)) this.setHeader(name, value);
    if (keyChanges > 0) this.setHeader(KEY_SYNC_HEADER, String(keyChanges));
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
  relayKeyChanges();
  process.on("message", (message: ProcessMessage) => {
    if (typeof message === "object" && message?.type === "limits") setVerifyProcessLimitStatus(message.status);
  });

  const server = http.createServer((req, res) => {
    ensureHeaders(res);
    void handle(req, res);
  });
  const connections = trackConnections(server);
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
    // Whatever still hangs (a database that does not answer), the process ends by the deadline.
    setTimeout(() => process.exit(0), SHUTDOWN_DEADLINE_MS - 500).unref();
    // The verify process stops forwarding before it stops this one; requests still in
    // progress here (a signal sent to both at once) are answered first.
    await connections.drain(SHUTDOWN_DEADLINE_MS - 2000);
    // Blocks of credit this process took (verifications through the route handler) go back too.
    await Promise.all([
      stopWebhookWorker().catch(() => {}),
      flushUsage().catch(() => {}),
      flushVerificationLog().catch(() => {}),
      getCreditLedger().returnLeases(),
    ]);
    await closeKeyStore();
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
