// The production server (`npm start`). It answers POST /api/v1/keys/verify itself, without
// the framework's per-request overhead, and hands every other request to Next. Both paths
// call the same handleVerify, so they answer alike; the Next route handler stays for
// `next start` and serverless deployments. Built by scripts/build-server.mjs.
import http from "node:http";
import path from "node:path";
import next from "next";
import { MAX_BODY_BYTES } from "@/lib/http/body";
import { logRequest } from "@/lib/http/log";
import { toProblem } from "@/lib/http/problem";
import { newRequestId } from "@/lib/http/request-id";
import { handleVerify } from "@/lib/http/verify-endpoint";
import { AppError } from "@/lib/errors";
import { flushUsage } from "@/lib/keys/usage";
import { getVerifier } from "@/lib/keys/verify";

const VERIFY_PATH = "/api/v1/keys/verify";
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME ?? "127.0.0.1";
const fastPath = process.env.KEYPORT_FAST_VERIFY !== "0";

function send(res: http.ServerResponse, status: number, headers: Record<string, string>, payload: string) {
  res.writeHead(status, { ...headers, "content-length": Buffer.byteLength(payload) });
  res.end(payload);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) return reject(tooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners("data");
        req.resume();
        reject(tooLarge());
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function tooLarge() {
  return new AppError("payload_too_large", `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);
}

async function verify(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
  const startedAt = performance.now();
  const requestId = newRequestId();
  let result;
  try {
    const bodyText = await readBody(req);
    result = await handleVerify({
      url,
      authorization: req.headers.authorization ?? null,
      contentType: req.headers["content-type"] ?? null,
      bodyText,
      requestId,
    });
  } catch (error) {
    const problem = toProblem(error, requestId);
    result = { ...problem, bodyText: JSON.stringify(problem.body) };
  }
  send(res, result.status, result.headers, result.bodyText);
  logRequest({
    method: "POST",
    path: url.pathname,
    status: result.status,
    requestId,
    startedAt,
    code: "code" in result ? (result.code as string | undefined) : undefined,
    reason: "reason" in result ? (result.reason as string | undefined) : undefined,
  });
}

async function main() {
  const app = next({ dev: false, dir: path.resolve(import.meta.dirname, ".."), hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  getVerifier(); // start listening for revocations before the first request

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (fastPath && req.method === "POST" && url.pathname === VERIFY_PATH) {
      void verify(req, res, url);
      return;
    }
    void handle(req, res);
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, hostname, () => {
    console.log(`Keyport server on http://${hostname}:${port} (verify fast path ${fastPath ? "on" : "off"})`);
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
