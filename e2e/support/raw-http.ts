// A raw HTTP client for what fetch refuses to send: any method (TRACE, PROPFIND), any
// percent-encoding in the path, oversized headers. Loopback only.
import http from "node:http";

export type RawRequest = {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Send from this loopback address (127.0.0.2, …): another client, as far as the server can tell. */
  localAddress?: string;
};
export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: string };

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

export function rawRequest(origin: string, request: RawRequest): Promise<RawResponse> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.path,
        // A body is always framed: Node's client sends a DELETE's or an OPTIONS' body without a
        // Content-Length, and the server reads the unframed bytes as the next request.
        headers: request.body === undefined ? (request.headers ?? {}) : { ...request.headers, "content-length": String(Buffer.byteLength(request.body)) },
        ...(request.localAddress ? { localAddress: request.localAddress, agent: false } : { agent }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(request.body);
  });
}
