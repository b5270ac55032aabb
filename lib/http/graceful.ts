import "server-only";
import type http from "node:http";
import type { Socket } from "node:net";

// How the production server's two processes stop without dropping a request: they stop
// accepting connections, answer what is in progress, mark those last answers
// `Connection: close` (so a keep-alive client does not send its next request into a closing
// socket), close idle keep-alive connections at once, and give up on whatever is left when
// the deadline passes.

/** How long a stopping server waits for requests in progress before it closes them. */
export const SHUTDOWN_DEADLINE_MS = 10_000;

export type ConnectionTracker = {
  /** The response in progress on a connection, if any (its headers may not be written yet). */
  responseOn(socket: Socket): http.ServerResponse | undefined;
  /** How many requests are being answered now. */
  readonly inFlight: number;
  /** Whether the server is stopping (new answers say `Connection: close`). */
  readonly draining: boolean;
  /**
   * Stops accepting, closes idle connections, and resolves once every connection has closed
   * (true) or `deadlineMs` has passed (false; the rest are then closed outright).
   */
  drain(deadlineMs: number): Promise<boolean>;
};

/** Tracks `server`'s requests in progress. Call before the server handles its first request. */
export function trackConnections(server: http.Server): ConnectionTracker {
  const responses = new Set<http.ServerResponse>();
  const bySocket = new WeakMap<Socket, http.ServerResponse>();
  let draining = false;
  server.prependListener("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    responses.add(res);
    bySocket.set(req.socket, res);
    if (draining) res.shouldKeepAlive = false;
    const done = () => {
      responses.delete(res);
      if (bySocket.get(req.socket) === res) bySocket.delete(req.socket);
    };
    res.once("finish", done);
    res.once("close", done);
  });
  return {
    responseOn: (socket) => bySocket.get(socket),
    get inFlight() {
      return responses.size;
    },
    get draining() {
      return draining;
    },
    drain(deadlineMs) {
      draining = true;
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          server.closeAllConnections();
          resolve(false);
        }, deadlineMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve(true);
        });
        for (const res of responses) if (!res.headersSent) res.shouldKeepAlive = false;
        server.closeIdleConnections();
        // A response already under way when the drain began keeps its connection open for
        // another request; close each such connection as soon as it goes idle.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        sweep.unref();
        server.once("close", () => clearInterval(sweep));
      });
    },
  };
}
