// A stopping instance: in a rolling restart it answers what it started and loses no request,
// and it exits by its deadline even with the database cut off.
import http from "node:http";
import { ApiClient, expect, test, verify } from "../support/api";
import { holdingProxy, hostOf, privateDatabase } from "../support/faults";
import { startInstance, startOwnInstance, type ServerInstance } from "../support/server";
import { sessionToken } from "../support/tokens";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** POST verify with `key` through `agent`, and what happened. */
function verifyThrough(origin: string, agent: http.Agent, key: string) {
  const { hostname, port } = new URL(origin);
  return new Promise<{ status: number; connection: string | undefined } | { error: string; reused: boolean }>((resolve) => {
    const req = http.request({ host: hostname, port, method: "POST", path: "/api/v1/keys/verify", agent, headers: { authorization: `Bearer ${key}` } }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
      res.on("error", () => resolve({ error: "response error", reused: req.reusedSocket }));
    });
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message, reused: req.reusedSocket }));
    req.end();
  });
}

test("a rolling restart of one of two instances loses no request, and the stopped one exits within its deadline, saying so", async ({ api }) => {
  test.setTimeout(180_000);
  const ada = api("acmeAdmin");
  const { default_key } = await ada.createProject("Rolling restart");
  let a: ServerInstance = await startOwnInstance("rolling-a");
  const b = await startOwnInstance("rolling-b");
  const stopped: ServerInstance[] = [];
  try {
    for (const instance of [a, b]) expect((await verify(default_key.key, undefined, instance.origin)).status).toBe(200);
    const counts = { ok: 0, retried: 0, lost: 0, closeMarked: 0 };
    const lostReasons: string[] = [];
    let running = true;
    // Clients from two addresses, each keeping its connections alive between requests, as SDKs do.
    const clients = Array.from({ length: 16 }, (_, i) => new http.Agent({ keepAlive: true, maxSockets: 1, localAddress: `127.0.0.${2 + (i % 2)}` }));
    const loop = async (i: number) => {
      let turn = i;
      while (running) {
        const target = turn++ % 2 === 0 ? a : b;
        let outcome = await verifyThrough(target.origin, clients[i]!, default_key.key);
        // What a careful client retries on a fresh connection: a refused connection (the
        // instance is gone), or a reused keep-alive connection closed before the request
        // reached the server. A request the server had started is never retried.
        while ("error" in outcome && (outcome.error === "ECONNREFUSED" || (outcome.reused && outcome.error === "ECONNRESET"))) {
          counts.retried++;
          outcome = await verifyThrough(b.origin, clients[i]!, default_key.key);
        }
        if ("error" in outcome) {
          counts.lost++;
          lostReasons.push(outcome.error);
        } else if (outcome.status === 200) {
          counts.ok++;
          if (outcome.connection === "close") counts.closeMarked++;
        } else {
          counts.lost++;
          lostReasons.push(`status ${outcome.status}`);
        }
      }
    };
    const loops = clients.map((_, i) => loop(i));
    await sleep(1500);
    const old = a;
    const exited = new Promise<{ code: number | null; ms: number }>((resolve) => {
      const started = performance.now();
      old.process.once("exit", (code) => resolve({ code, ms: performance.now() - started }));
    });
    old.process.kill("SIGTERM");
    stopped.push(old);
    const exit = await exited;
    a = await startOwnInstance("rolling-a2");
    await sleep(1500);
    running = false;
    await Promise.all(loops);
    for (const agent of clients) agent.destroy();
    console.log(`rolling restart: ${JSON.stringify(counts)}; the stopped instance exited in ${Math.round(exit.ms)} ms (code ${exit.code})`);
    expect(lostReasons).toEqual([]);
    expect(counts.ok).toBeGreaterThan(100);
    expect(exit.code).toBe(0);
    expect(exit.ms).toBeLessThan(10_000);
    expect(old.logs()).toMatch(/"msg":"stopping: no new connections/);
    expect(old.logs()).toMatch(/"msg":"stopped"/);
  } finally {
    for (const instance of [a, b]) await instance.stop();
  }
});

test("SIGTERM with the database cut off: the instance still exits by its 10 s deadline, and says so", async () => {
  test.setTimeout(120_000);
  const db = await privateDatabase();
  const proxy = await holdingProxy(hostOf(db.url));
  const dataDir = (await import("node:fs")).mkdtempSync(`${(await import("node:os")).tmpdir()}/keyport-deadline-`);
  const instance = await startInstance({ DATABASE_URL: proxy.url(db.url), KEYPORT_DATA_DIR: dataDir, KEYPORT_EMBEDDED: "1", KEYPORT_DB_POOL_SIZE: "2" });
  try {
    const ada = new ApiClient(sessionToken("acmeAdmin", dataDir), instance.origin);
    const { default_key } = await ada.createProject("Deadline");
    expect((await verify(default_key.key, undefined, instance.origin)).status).toBe(200);
    proxy.freeze();
    // Work that now hangs on the database: pending usage, and requests in progress.
    void ada.call("POST", "/api/v1/projects", { body: { name: "hangs" } }).catch(() => {});
    await sleep(200);
    const started = performance.now();
    const exited = new Promise<number | null>((resolve) => instance.process.once("exit", resolve));
    instance.process.kill("SIGTERM");
    await exited;
    const ms = performance.now() - started;
    console.log(`SIGTERM with the database cut off: exited in ${Math.round(ms)} ms`);
    expect(ms).toBeLessThan(11_000);
  } finally {
    await instance.stop();
    await proxy.close();
    await db.stop();
  }
});
