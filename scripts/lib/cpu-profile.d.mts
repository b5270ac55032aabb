// Types for cpu-profile.mjs (plain JavaScript, run by the bench without a build step).

export interface CpuProfileSummary {
  totalMs: number;
  busyPct: number;
  /** Self time by kind of code. */
  groups: Record<string, { ms: number; pct: number; pctOfBusy: number | null }>;
  /** Busy time by the package or bundle whose code asked for it (Node's internals counted to their caller). */
  byOwner: Record<string, { ms: number; pctOfBusy: number }>;
  top: { name: string; group: string; ms: number; pctOfBusy: number }[];
}

/** Self time per group, busy time per owner, and the top functions, from one .cpuprofile file. */
export function summariseCpuProfile(file: string, top?: number): CpuProfileSummary;

/** The summary as lines of text. */
export function formatCpuSummary(summary: CpuProfileSummary): string;
