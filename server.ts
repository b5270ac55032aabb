// The production server (`npm start`). It answers POST /api/v1/keys/verify itself, without
// the framework's per-request overhead, and hands every other request to Next. Both paths
// call the same answerVerify, so they answer alike; the Next route handler stays for
// `next start` and serverless deployments. Built by scripts/build-server.mjs.
import http from "node:http";
import path from "node:path";
import next from "next";
import { flushUsage, getVerifier } from "@/lib/data";
import { EnvError, env } from "@/lib/env";
import { VERIFY_PATH, answerVerify } from "@/lib/http/verify-exchange";
import { logger } from "@/lib/log";

/** Whether a request target is the verify path, with or without a query string. */
function isVerifyTarget(target: string): boolean {
  return target.startsWith(VERIFY_PATH) && (target.length === VERIFY_PATH.length || target[VERIFY_PATH.length] === "?");
}

async function verify(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const answer = await answerVerify({
    target: req.url ?? VERIFY_PATH,
    authorization: req.headers.authorization,
    contentType: req.headers["content-type"],
    contentLength: req.headers["content-length"],
    // Stopping early (a body over the limit) must not destroy the socket the answer goes on.
    body: req.iterator({ destroyOnReturn: false }),
  });
  if (!req.complete) {
    // The rest of a refused body is discarded, and the connection closed after the answer.
    res.shouldKeepAlive = false;
    req.resume();
  }
  res.writeHead(answer.status, answer.headers);
  res.end(answer.bodyText);
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
  const app = next({ dev: false, dir: path.resolve(import.meta.dirname, ".."), hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  getVerifier(); // start listening for revocations before the first request

  const server = http.createServer((req, res) => {
    if (fastPath && req.method === "POST" && isVerifyTarget(req.url ?? "")) void verify(req, res);
    else void handle(req, res);
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, hostname, () => {
    logger().info({ url: `http://${hostname}:${port}`, fast_verify: fastPath }, "Keyport server listening");
  });

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    server.close();
    server.closeIdleConnections();
    // Pending last-used times and counts are written before exit.
    await flushUsage().catch(() => {});
    await getVerifier().close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown());
  process.on("SIGINT", () => void shutdown());
}

void main();
