// Summarises a V8 CPU profile (.cpuprofile, from `node --cpu-prof`) for the bench: self time
// by group (our bundles, Node's HTTP and network internals, other Node internals, packages,
// the garbage collector, idle) and the functions with the most self time.
import { readFileSync } from "node:fs";

/** Which group a function belongs to, by where it was loaded from. */
function groupOf({ functionName, url }) {
  if (functionName === "(garbage collector)") return "GC";
  if (functionName === "(idle)") return "idle";
  if (functionName === "(program)") return "program (V8/native, unattributed)";
  // The dashboard's bundle (Next's server chunks) holds the packages it bundled apart.
  if (url.includes("/node_modules/") || url.includes("/.next/server/chunks/node_modules_")) return "packages";
  if (url.includes("/.next/keyport-")) return "our code";
  if (url.includes("/.next/server/")) return "dashboard bundle (routes, and Next's runtime with them)";
  if (/^node:(_http|http|net|stream|internal\/(streams|stream_base|http|net|timers))/.test(url)) return "Node HTTP / net / streams / timers";
  if (url.startsWith("node:")) return "other Node internals";
  if (url === "") return "native / builtins";
  return "other";
}

/**
 * Who a frame's code belongs to, for the time it and what it calls take: a package (by its
 * name), our bundle, or the dashboard's; null for Node's internals and native code, which are
 * counted to the nearest caller that has an owner.
 */
function ownerOf(url) {
  const bundled = /\/\.next\/server\/chunks\/node_modules_(@?[a-z0-9-]+?)_/.exec(url);
  if (bundled) return bundled[1];
  const installed = /\/node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (installed) return installed[1];
  if (url.includes("/.next/keyport-")) return "our code";
  if (url.includes("/.next/server/")) return "dashboard bundle";
  return null;
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
  const parentOf = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const groups = {};
  const owners = {};
  const functions = new Map();
  let total = 0;
  for (const [id, ms] of self) {
    const { callFrame } = byId.get(id);
    const group = groupOf(callFrame);
    groups[group] = (groups[group] ?? 0) + ms;
    if (group !== "idle") {
      let owner = null;
      for (let at = id; at !== undefined && owner === null; at = parentOf.get(at)) owner = ownerOf(byId.get(at).callFrame.url);
      owner ??= group === "GC" ? "GC" : "Node, called by none of these";
      owners[owner] = (owners[owner] ?? 0) + ms;
    }
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
    // Busy time by who asked for it: Node's internals and native code counted to the package
    // or bundle whose code called them.
    byOwner: Object.fromEntries(
      Object.entries(owners)
        .sort((a, b) => b[1] - a[1])
        .map(([owner, ms]) => [owner, { ms: Math.round(ms), pctOfBusy: Math.round((ms / busy) * 1000) / 10 }]),
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
  lines.push("busy time by who called for it (Node's internals counted to their caller):");
  for (const [owner, { ms, pctOfBusy }] of Object.entries(summary.byOwner).slice(0, 10)) lines.push(`  ${owner}: ${pctOfBusy}% (${ms} ms)`);
  lines.push("top functions (self):");
  for (const f of summary.top) lines.push(`  ${f.pctOfBusy}%  ${f.name}  [${f.group}]`);
  return lines.join("\n");
}
