// The bench's account of how the cores were shared: read from /proc for real processes.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { cpuShares, cpuSnapshot } from "./cpu-usage.mjs";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

/** A Node process running `source`, once it has printed that it is ready. */
async function start(source: string): Promise<number> {
  const child = spawn(process.execPath, ["-e", source], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  await once(child.stdout!, "data");
  return child.pid!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("cpuShares", () => {
  it("gives a spinning process about one core and an idle one none, each within the machine's total", async () => {
    const spinning = await start(`console.log("ready"); for (;;) {}`);
    const idle = await start(`console.log("ready"); setInterval(() => {}, 1000);`);
    const parts = () => ({ parts: { spinning, idle } });
    const before = cpuSnapshot(parts());
    await sleep(1500);
    const shares = cpuShares(before, cpuSnapshot(parts()));
    expect(shares.spinning).toBeGreaterThan(50);
    expect(shares.spinning).toBeLessThanOrEqual(110);
    expect(shares.idle).toBeLessThan(5);
    expect(shares.machine).toBeGreaterThanOrEqual(shares.spinning! - 5);
    expect(shares["all else"]).toBeGreaterThanOrEqual(0);
  });

  it("splits a verify process by thread: the main thread, a lower-priority thread as the log writer, the rest as helpers", async () => {
    // The main thread idles; a worker thread lowers its own priority and spins, as the
    // verification log's writer thread does (os.setPriority with pid 0 is the calling thread's).
    const verifyPid = await start(`
      const { Worker } = require("node:worker_threads");
      const worker = new Worker('require("node:os").setPriority(0, 10); require("node:worker_threads").parentPort.postMessage("up"); for (;;) {}', { eval: true });
      worker.once("message", () => console.log("ready"));
      setInterval(() => {}, 1000);`);
    const before = cpuSnapshot({ verifyPid });
    await sleep(1500);
    const shares = cpuShares(before, cpuSnapshot({ verifyPid }));
    expect(shares["verify: log writer thread"]).toBeGreaterThan(50);
    expect(shares["verify: main thread"]).toBeLessThan(10);
  });
});
