// How the machine's cores were shared during a bench run, read from /proc (Linux): the CPU time
// of each part that runs, as a percentage of one core over the run (a 2-core machine has 200%).
// The verify process is split by thread: the main thread answers requests; the verification
// log's writer thread is the one running at a lower priority (a positive nice value); the rest
// are V8's helpers (GC, compiler) and libuv's pool. Threads or processes that start and end
// within the run are missed; "all else" is what the machine spent beyond the parts named. Beside
// the shares, how long the verify process's main thread waited for a core while it was ready
// to run (from schedstat): a request that arrives then waits as long, however fast its handler.
import { readdirSync, readFileSync } from "node:fs";

/** USER_HZ: /proc counts CPU time in ticks of 10 ms on Linux. */
const TICK_MS = 10;

/** CPU ms, nice value and command name from a /proc stat file, or null once it is gone. */
function statOf(file) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return null;
  }
  const close = text.lastIndexOf(")");
  const comm = text.slice(text.indexOf("(") + 1, close);
  // Fields after the command: state is field 3, utime 14, stime 15, nice 19.
  const fields = text.slice(close + 2).split(" ");
  return { comm, ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS, nice: Number(fields[16]) };
}

const pidsOf = (dir) => readdirSync(dir).filter((name) => /^\d+$/.test(name));

/** The pids of the processes `pid` started (its main thread's children), none once it is gone. */
export function childrenOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The machine's busy CPU ms over all cores (everything but idle and iowait). */
function machineBusyMs() {
  const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is counted in user already)
  const busy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7];
  return busy * TICK_MS;
}

/**
 * CPU ms so far of each part: `parts` names pids ({ "load generator": pid, … }); `verifyPid`,
 * when given, is split by thread and its children counted as "dashboard process"; every
 * process named postgres is "database (postgres)", and redis-server "Redis".
 */
export function cpuSnapshot({ verifyPid, parts = {} }) {
  const ms = {};
  const add = (name, value) => (ms[name] = (ms[name] ?? 0) + value);
  let mainThreadWaitMs = null;
  if (verifyPid) {
    mainThreadWaitMs = runQueueWaitMs(`/proc/${verifyPid}/task/${verifyPid}/schedstat`);
    for (const tid of pidsOf(`/proc/${verifyPid}/task`)) {
      const stat = statOf(`/proc/${verifyPid}/task/${tid}/stat`);
      if (!stat) continue;
      const name = Number(tid) === verifyPid ? "verify: main thread" : stat.nice > 0 ? "verify: log writer thread" : "verify: V8 helpers, libuv pool";
      add(name, stat.ms);
    }
    for (const child of childrenOf(verifyPid)) add("dashboard process", statOf(`/proc/${child}/stat`)?.ms ?? 0);
  }
  for (const [name, pid] of Object.entries(parts)) if (pid) add(name, statOf(`/proc/${pid}/stat`)?.ms ?? 0);
  for (const pid of pidsOf("/proc")) {
    const stat = statOf(`/proc/${pid}/stat`);
    if (stat?.comm === "postgres") add("database (postgres)", stat.ms);
    else if (stat?.comm === "redis-server") add("Redis", stat.ms);
  }
  return { at: performance.now(), machine: machineBusyMs(), ms, mainThreadWaitMs };
}

/** How long a thread has waited, runnable, for a core (schedstat's second field, in ns), or null. */
function runQueueWaitMs(file) {
  try {
    return Number(readFileSync(file, "utf8").trim().split(" ")[1]) / 1e6;
  } catch {
    return null;
  }
}

/** Each part's share of one core between two snapshots, in %, with the machine's total. */
export function cpuShares(before, after) {
  const wall = after.at - before.at;
  const pct = (ms) => Math.round((ms / wall) * 1000) / 10;
  const shares = {};
  let named = 0;
  for (const [name, ms] of Object.entries(after.ms)) {
    const used = Math.max(0, ms - (before.ms[name] ?? 0));
    named += used;
    shares[name] = pct(used);
  }
  const machine = after.machine - before.machine;
  shares["all else"] = pct(Math.max(0, machine - named));
  shares.machine = pct(machine);
  // Not CPU time: how long the verify process's main thread was ready to run but had no core,
  // as a share of the run. Every request that arrives meanwhile waits that long too.
  if (before.mainThreadWaitMs !== null && after.mainThreadWaitMs !== null) {
    shares["verify: main thread waiting for a core"] = pct(after.mainThreadWaitMs - before.mainThreadWaitMs);
  }
  return shares;
}
