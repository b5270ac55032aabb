// The bench's account of how the cores were shared: read from /proc for real processes.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { childrenOf, cpuShares, cpuSnapshot } from "./cpu-usage.mjs";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) {
    for (const grandchild of childrenOf(child.pid!)) process.kill(grandchild, "SIGKILL");
    child.kill("SIGKILL");
  }
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
    expect(shares.spinning).toBeGreaterThan(25);
    expect(shares.spinning).toBeLessThanOrEqual(110);
    expect(shares.idle).toBeLessThan(5);
    expect(shares.machine).toBeGreaterThanOrEqual(shares.spinning! - 5);
    expect(shares["all else"]).toBeGreaterThanOrEqual(0);
    expect(shares).not.toHaveProperty("verify: main thread waiting for a core");
  });

  it("counts the time a busy main thread waits for a core when more threads want to run than there are cores", async () => {
    const cores = (await import("node:os")).availableParallelism();
    // As many spinning processes as cores, and a spinning main thread beside them: it cannot run all the time.
    for (let i = 0; i < cores; i++) await start(`console.log("ready"); for (;;) {}`);
    const verifyPid = await start(`console.log("ready"); for (;;) {}`);
    const before = cpuSnapshot({ verifyPid });
    await sleep(1500);
    const shares = cpuShares(before, cpuSnapshot({ verifyPid }));
    expect(shares["verify: main thread waiting for a core"]).toBeGreaterThan(10);
    expect(shares["verify: main thread"]! + shares["verify: main thread waiting for a core"]!).toBeGreaterThan(80);
  });

  it("splits a verify process by thread (the main thread, a lower-priority thread as the log writer, the rest as helpers) and counts the process it started as the dashboard", async () => {
    // The main thread idles; a worker thread lowers its own priority and spins, as the
    // verification log's writer thread does (os.setPriority with pid 0 is the calling thread's).
    const verifyPid = await start(`
      require("node:child_process").spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
      const { Worker } = require("node:worker_threads");
      const worker = new Worker('require("node:os").setPriority(0, 10); require("node:worker_threads").parentPort.postMessage("up"); for (;;) {}', { eval: true });
      worker.once("message", () => console.log("ready"));
      setInterval(() => {}, 1000);`);
    const before = cpuSnapshot({ verifyPid });
    await sleep(1500);
    const shares = cpuShares(before, cpuSnapshot({ verifyPid }));
    expect(shares["verify: log writer thread"]).toBeGreaterThan(25);
    expect(shares["verify: main thread"]).toBeLessThan(10);
    // An idle main thread is never ready to run without a core for long.
    expect(shares["verify: main thread waiting for a core"]).toBeGreaterThanOrEqual(0);
    expect(shares["verify: main thread waiting for a core"]).toBeLessThan(10);
    expect(childrenOf(verifyPid)).toHaveLength(1);
    expect(shares["dashboard process"]).toBeLessThan(10);
  });
});
