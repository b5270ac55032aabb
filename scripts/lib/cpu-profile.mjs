// Summarises a V8 CPU profile (.cpuprofile, from `node --cpu-prof`) for the bench: self time
// by group (our bundle, Node's HTTP and network internals, other Node internals, packages,
// the garbage collector, idle) and the functions with the most self time.
import { readFileSync } from "node:fs";

/** Which group a function belongs to, by where it was loaded from. */
function groupOf({ functionName, url }) {
  if (functionName === "(garbage collector)") return "GC";
  if (functionName === "(idle)") return "idle";
  if (functionName === "(program)") return "program (V8/native, unattributed)";
  if (url.includes("/node_modules/")) return "packages";
  if (url.includes("/.next/keyport-")) return "our code";
  if (/^node:(_http|http|net|stream|internal\/(streams|stream_base|http|net|timers))/.test(url)) return "Node HTTP / net / streams / timers";
  if (url.startsWith("node:")) return "other Node internals";
  if (url === "") return "native / builtins";
  return "other";
}

/** Self time (ms) per group and the top functions, from one .cpuprofile file. */
export function summariseCpuProfile(file, top = 15) {
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const groups = {};
  const functions = new Map();
  let total = 0;
  for (const [id, ms] of self) {
    const { callFrame } = byId.get(id);
    const group = groupOf(callFrame);
    groups[group] = (groups[group] ?? 0) + ms;
    total += ms;
    const where = callFrame.url ? `${callFrame.url.replace(/^.*\/(node_modules|\.next)\//, "$1/")}:${callFrame.lineNumber + 1}` : "";
    const name = `${callFrame.functionName || "(anonymous)"} ${where}`.trim();
    const entry = functions.get(name) ?? { name, group, ms: 0 };
    entry.ms += ms;
    functions.set(name, entry);
  }
  const pct = (ms) => Math.round((ms / total) * 1000) / 10;
  const busy = total - (groups.idle ?? 0);
  return {
    totalMs: Math.round(total),
    busyPct: pct(busy),
    groups: Object.fromEntries(
      Object.entries(groups)
        .sort((a, b) => b[1] - a[1])
        .map(([group, ms]) => [group, { ms: Math.round(ms), pct: pct(ms), pctOfBusy: group === "idle" ? null : Math.round((ms / busy) * 1000) / 10 }]),
    ),
    top: [...functions.values()]
      .filter((f) => f.group !== "idle")
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top)
      .map((f) => ({ name: f.name, group: f.group, ms: Math.round(f.ms), pctOfBusy: Math.round((f.ms / busy) * 1000) / 10 })),
  };
}

/** The summary as lines of text. */
export function formatCpuSummary(summary) {
  const lines = [`busy ${summary.busyPct}% of ${summary.totalMs} ms sampled; self time, share of busy time:`];
  for (const [group, { ms, pctOfBusy }] of Object.entries(summary.groups)) if (pctOfBusy !== null) lines.push(`  ${group}: ${pctOfBusy}% (${ms} ms)`);
  lines.push("top functions (self):");
  for (const f of summary.top) lines.push(`  ${f.pctOfBusy}%  ${f.name}  [${f.group}]`);
  return lines.join("\n");
}
