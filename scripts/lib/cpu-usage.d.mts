// Types for cpu-usage.mjs (plain JavaScript, run by the bench without a build step).

/** CPU time so far of each part, the machine's busy time, and when they were read. */
export interface CpuSnapshot {
  at: number;
  machine: number;
  ms: Record<string, number>;
  /** How long the verify process's main thread has waited for a core, or null. */
  mainThreadWaitMs: number | null;
}

/**
 * CPU ms so far of each part: `parts` names pids; `verifyPid`, when given, is split by thread
 * and its children counted as "dashboard process"; postgres and redis-server processes are
 * counted too.
 */
export function cpuSnapshot(options: { verifyPid?: number | undefined; parts?: Record<string, number | undefined> }): CpuSnapshot;

/**
 * Each part's share of one core between two snapshots, in %, with "all else", "machine" and,
 * for a verify process, "verify: main thread waiting for a core".
 */
export function cpuShares(before: CpuSnapshot, after: CpuSnapshot): Record<string, number>;

/** The pids of the processes `pid` started, none once it is gone. */
export function childrenOf(pid: number): number[];
