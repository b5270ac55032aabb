// The bench's CPU profile summary: where a profile's time went, by kind of code and by who
// asked for it, from a profile of known shape.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { summariseCpuProfile } from "./cpu-profile.mjs";

const frame = (functionName: string, url = "") => ({ functionName, url, lineNumber: 0, columnNumber: 0, scriptId: "0" });

/**
 * A profile with `ms` of self time in each node: a package's function calls a Node internal,
 * which calls native code; the dashboard's bundle calls a bundled package; our server's code
 * runs on its own; and the process idles and collects garbage.
 */
function profileFile(): string {
  const nodes = [
    { id: 1, callFrame: frame("(root)"), children: [2, 5, 7, 8, 9, 10] },
    { id: 2, callFrame: frame("query", "file:///app/node_modules/pg/lib/client.js"), children: [3] },
    { id: 3, callFrame: frame("writeGeneric", "node:net"), children: [4] },
    { id: 4, callFrame: frame("writev"), children: [] },
    { id: 5, callFrame: frame("GET", "file:///app/.next/server/chunks/[root-of-the-server]__abc._.js"), children: [6] },
    { id: 6, callFrame: frame("verifyToken", "file:///app/.next/server/chunks/node_modules_@clerk_abc._.js"), children: [] },
    { id: 7, callFrame: frame("answerVerify", "file:///app/.next/keyport-server.mjs"), children: [] },
    { id: 8, callFrame: frame("(idle)"), children: [] },
    { id: 9, callFrame: frame("(garbage collector)"), children: [] },
    { id: 10, callFrame: frame("processTicksAndRejections", "node:internal/process/task_queues"), children: [] },
  ];
  // Self time in ms per node id, as 1 ms samples.
  const self: Record<number, number> = { 2: 5, 3: 10, 4: 15, 5: 4, 6: 6, 7: 20, 8: 30, 9: 6, 10: 4 };
  const samples = Object.entries(self).flatMap(([id, ms]) => Array.from({ length: ms }, () => Number(id)));
  const dir = mkdtempSync(path.join(os.tmpdir(), "keyport-cpu-profile-"));
  const file = path.join(dir, "test.cpuprofile");
  writeFileSync(file, JSON.stringify({ nodes, startTime: 0, endTime: samples.length * 1000, samples, timeDeltas: samples.map(() => 1000) }));
  return file;
}

describe("summariseCpuProfile", () => {
  const summary = summariseCpuProfile(profileFile());

  it("counts self time by kind of code, idle apart from busy", () => {
    expect(summary.totalMs).toBe(100);
    expect(summary.busyPct).toBe(70);
    expect(summary.groups["packages"]).toMatchObject({ ms: 11 }); // pg, and Clerk bundled by Next
    expect(summary.groups["our code"]).toMatchObject({ ms: 20 });
    expect(summary.groups["dashboard bundle (routes, and Next's runtime with them)"]).toMatchObject({ ms: 4 });
    expect(summary.groups["GC"]).toMatchObject({ ms: 6, pctOfBusy: 8.6 });
    expect(summary.groups["idle"]).toMatchObject({ ms: 30, pctOfBusy: null });
  });

  it("counts Node's internals and native code to the package that called them", () => {
    expect(summary.byOwner["pg"]).toEqual({ ms: 30, pctOfBusy: 42.9 });
    expect(summary.byOwner["@clerk"]).toEqual({ ms: 6, pctOfBusy: 8.6 });
    expect(summary.byOwner["dashboard bundle"]).toEqual({ ms: 4, pctOfBusy: 5.7 });
    expect(summary.byOwner["our code"]).toEqual({ ms: 20, pctOfBusy: 28.6 });
    expect(summary.byOwner["GC"]).toEqual({ ms: 6, pctOfBusy: 8.6 });
    expect(summary.byOwner["Node, called by none of these"]).toEqual({ ms: 4, pctOfBusy: 5.7 });
    expect(Object.keys(summary.byOwner)).not.toContain("idle");
  });

  it("lists the functions with the most self time, idle left out", () => {
    expect(summary.top[0]).toMatchObject({ name: "answerVerify .next/keyport-server.mjs:1", group: "our code", ms: 20 });
    expect(summary.top[1]).toMatchObject({ name: "writev", ms: 15 });
    expect(summary.top.map((f) => f.name)).not.toContain("(idle)");
  });
});
