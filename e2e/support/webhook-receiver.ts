// A webhook receiver on loopback, as a customer would write one: it checks every request with
// the Standard Webhooks library and the endpoint's secret, and keeps what it verified.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export type Received = { id: string; type: string; data: Record<string, any>; timestamp: number }; // eslint-disable-line @typescript-eslint/no-explicit-any

export type Receiver = {
  url: string;
  /** Set once the endpoint is added: requests are verified with it. */
  secret: string | null;
  /** What to answer: a status, or "hang" (never answer). 200 by default. */
  answer: (request: http.IncomingMessage) => number | "hang";
  verified: Received[];
  /** Requests whose signature did not verify. */
  rejected: number;
  /** Every request that arrived, verified or not. */
  requests: number;
  waitFor: (predicate: (verified: Received[]) => boolean, timeoutMs?: number) => Promise<Received[]>;
  close: () => Promise<void>;
};

export async function startReceiver(path = "/hooks/keyport", host = "127.0.0.1"): Promise<Receiver> {
  const hanging = new Set<http.ServerResponse>();
  const receiver: Receiver = {
    url: "",
    secret: null,
    answer: () => 200,
    verified: [],
    rejected: 0,
    requests: 0,
    async waitFor(predicate, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(receiver.verified)) {
        if (Date.now() > deadline) {
          throw new Error(`timed out waiting for webhooks; got ${JSON.stringify(receiver.verified.map((r) => r.type))}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      return receiver.verified;
    },
    close: () =>
      new Promise((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      receiver.requests++;
      const answer = receiver.answer(request);
      if (answer === "hang") {
        hanging.add(response);
        return;
      }
      const body = Buffer.concat(chunks).toString("utf8");
      try {
        const payload = new Webhook(receiver.secret ?? "whsec_AAAA").verify(body, request.headers as Record<string, string>) as Omit<Received, "id">;
        if (answer >= 200 && answer < 300) {
          receiver.verified.push({ id: String(request.headers["webhook-id"]), type: payload.type, data: payload.data, timestamp: Number(request.headers["webhook-timestamp"]) });
        }
      } catch {
        receiver.rejected++;
      }
      response.writeHead(answer, answer >= 300 && answer < 400 ? { location: `${receiver.url}/elsewhere` } : {});
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  receiver.url = `http://${host}:${port}${path}`;
  return receiver;
}
