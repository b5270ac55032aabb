import { describe, expect, it } from "vitest";
import { Admission } from "./admission";

describe("Admission", () => {
  it("admits up to its concurrency, queues up to its queue, and refuses the rest at once", async () => {
    const gate = new Admission({ concurrency: 2, queue: 1, waitMs: 1000 });
    const a = await gate.enter();
    const b = await gate.enter();
    expect(a).toBeTypeOf("function");
    expect(b).toBeTypeOf("function");
    const queued = gate.enter();
    const started = performance.now();
    expect(await gate.enter()).toBeNull(); // the queue is full
    expect(performance.now() - started).toBeLessThan(50);
    expect(gate.load).toEqual({ running: 2, waiting: 1 });
    a!();
    a!(); // releasing twice frees one turn, not two
    const c = await queued;
    expect(c).toBeTypeOf("function");
    expect(gate.load).toEqual({ running: 2, waiting: 0 });
    b!();
    c!();
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it("refuses a request whose wait runs out, and forgets it", async () => {
    const gate = new Admission({ concurrency: 1, queue: 5, waitMs: 100 });
    const held = await gate.enter();
    const started = performance.now();
    expect(await gate.enter()).toBeNull();
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
    expect(gate.load).toEqual({ running: 1, waiting: 0 });
    held!();
    expect(await gate.enter()).toBeTypeOf("function");
  });
});
