// The promises at the edges of a request: a client that hangs up, stalls, sends the target `*`
// or the absolute form, or pipelines a malformed request behind a valid one gets a proper
// answer, and nobody mistakes it for an outage.
import net from "node:net";
import { ApiClient, expect, test } from "../support/api";
import { baseURL } from "../support/env";
import { startOwnInstance } from "../support/server";
import { sessionToken } from "../support/tokens";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes `payload` on a fresh connection and collects everything the server sends until it closes. */
function rawExchange(origin: string, payload: string, options: { holdOpenMs?: number } = {}): Promise<{ text: string; ms: number }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = net.connect(Number(port), hostname);
    let text = "";
    socket.on("data", (chunk) => (text += chunk));
    socket.on("error", () => {});
    socket.on("close", () => resolve({ text, ms: performance.now() - started }));
    socket.write(payload);
    if (options.holdOpenMs !== undefined) setTimeout(() => socket.destroy(), options.holdOpenMs);
  });
}

/** The status lines and JSON bodies of every answer in a raw exchange, in order. */
function answers(text: string): { status: number; body: Record<string, unknown> | null }[] {
  const found: { status: number; body: Record<string, unknown> | null }[] = [];
  for (const part of text.split(/(?=HTTP\/1\.1 \d{3} )/)) {
    const status = /^HTTP\/1\.1 (\d{3})/.exec(part);
    if (!status) continue;
    const bodyAt = part.indexOf("\r\n\r\n");
    const rawBody = bodyAt >= 0 ? part.slice(bodyAt + 4) : "";
    let body: Record<string, unknown> | null = null;
    try {
      body = rawBody ? JSON.parse(rawBody) : null;
    } catch {
      body = null;
    }
    found.push({ status: Number(status[1]), body });
  }
  return found;
}

test("a client that hangs up mid-body is no outage: no 503, no warning, no verification recorded", async ({ api }) => {
  test.setTimeout(60_000);
  const instance = await startOwnInstance("hangup", { KEYPORT_LOG_REQUESTS: "1" });
  try {
    const ada = new ApiClient(sessionToken("acmeAdmin", instance.dataDir), instance.origin);
    const { default_key } = await api("acmeAdmin").createProject("Hang-ups");
    const partial = (path: string, authorization: string) =>
      rawExchange(
        instance.origin,
        `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${authorization}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"app`,
        { holdOpenMs: 100 },
      );
    await Promise.all(Array.from({ length: 10 }, () => partial("/api/v1/keys/verify", default_key.key)));
    await Promise.all(Array.from({ length: 10 }, () => partial("/api/v1/projects", ada.token!)));
    await sleep(1500);
    const logs = instance.logs();
    expect(logs).not.toMatch(/database unavailable/);
    expect(logs).not.toMatch(/"status":503/);
    expect(logs).not.toMatch(/"path":"\/api\/v1\/keys\/verify"/); // nothing recorded as a verification
  } finally {
    await instance.stop();
  }
});

test("a request that stalls is answered 408 as a problem: headers within 10 s, the whole request within 30 s", async ({ api }) => {
  test.setTimeout(90_000);
  const token = api("acmeAdmin").token!;
  const [headers, verifyBody, managementBody] = await Promise.all([
    rawExchange(baseURL, "GET /api/v1/projects HTTP/1.1\r\nHost: x\r\n"),
    rawExchange(baseURL, "POST /api/v1/keys/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"),
    rawExchange(baseURL, `POST /api/v1/projects HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`),
  ]);
  console.log(`stalled: headers ${Math.round(headers.ms)} ms, verify body ${Math.round(verifyBody.ms)} ms, management body ${Math.round(managementBody.ms)} ms`);
  for (const [exchange, bound] of [[headers, 12_000], [verifyBody, 33_000], [managementBody, 33_000]] as const) {
    const [answer] = answers(exchange.text);
    expect(answer?.status).toBe(408);
    expect(answer?.body).toMatchObject({ code: "request_timeout", status: 408 });
    expect(exchange.text).toMatch(/content-type: application\/problem\+json/i);
    expect(exchange.ms).toBeLessThan(bound);
  }
  expect(headers.ms).toBeGreaterThan(9000);
});

test("request targets: `*` is a problem (OPTIONS * lists the methods), and the absolute form reaches its route", async ({ api }) => {
  for (const method of ["GET", "POST", "DELETE", "PATCH"]) {
    const { text } = await rawExchange(baseURL, `${method} * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    const [answer] = answers(text);
    expect(answer?.status, text).toBe(400);
    expect(answer?.body).toMatchObject({ code: "bad_request" });
    expect(text).toMatch(/content-type: application\/problem\+json/i);
  }
  const options = await rawExchange(baseURL, "OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  expect(answers(options.text)[0]?.status).toBe(204);
  expect(options.text).toMatch(/allow: GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE/i);

  const { port } = new URL(baseURL);
  const key = (await api("acmeAdmin").createProject("Absolute form")).default_key.key;
  const absolute = await rawExchange(
    baseURL,
    `POST http://127.0.0.1:${port}/api/v1/keys/verify HTTP/1.1\r\nHost: elsewhere.example\r\nAuthorization: Bearer ${key}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
  );
  expect(answers(absolute.text)[0]).toMatchObject({ status: 200, body: { valid: true } });
  const listed = await rawExchange(
    baseURL,
    `GET http://127.0.0.1:${port}/api/v1/projects HTTP/1.1\r\nHost: elsewhere.example\r\nAuthorization: Bearer ${api("acmeAdmin").token}\r\nConnection: close\r\n\r\n`,
  );
  expect(answers(listed.text)[0]?.status, listed.text).toBe(200);
  // HTTP/1.1 requires Host; its absence is a problem like any other refusal.
  const hostless = await rawExchange(baseURL, "GET /api/v1/projects HTTP/1.1\r\nConnection: close\r\n\r\n");
  expect(answers(hostless.text)[0]).toMatchObject({ status: 400, body: { code: "bad_request" } });
  expect(hostless.text).toMatch(/content-type: application\/problem\+json/i);
});

test("a valid request pipelined before a malformed one gets its answer, then the 400", async ({ api }) => {
  const key = (await api("acmeAdmin").createProject("Pipelined")).default_key.key;
  const token = api("acmeAdmin").token!;
  for (const first of [
    `POST /api/v1/keys/verify HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Length: 0\r\n\r\n`,
    `GET /api/v1/projects HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\n`,
  ]) {
    for (let trial = 0; trial < 10; trial++) {
      const { text } = await rawExchange(baseURL, `${first}GARBAGE\u0001 / HTTP/1.1\r\n\r\n`, { holdOpenMs: 5000 });
      const [valid, malformed] = answers(text);
      expect(valid?.status, text).toBe(200);
      expect(malformed?.status, text).toBe(400);
      expect(malformed?.body).toMatchObject({ code: "bad_request" });
    }
  }
});
