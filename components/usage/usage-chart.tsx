// Verifications over time as stacked bars (valid below, invalid above), drawn as SVG on the
// server: no chart library, no client JavaScript. The colours are the theme's, so the chart
// follows light and dark; the SVG scales to its container (375 px included); a sentence sums
// it up for everyone, and the numbers are in a table for screen readers and keyboards.
import type { UsageGranularity, UsagePoint } from "@/lib/schemas/usage";
import { formatCount } from "@/components/api-keys/format";

const WIDTH = 720;
const HEIGHT = 160;
const GAP = 2;

/** "Nov 29": made once, used for every bar. */
const DAY_LABEL = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" });

export function bucketLabel(at: string, granularity: UsageGranularity): string {
  const date = new Date(at);
  return granularity === "hour" ? `${DAY_LABEL.format(date)}, ${date.toISOString().slice(11, 16)} UTC` : DAY_LABEL.format(date);
}

/** One sentence that says what the chart shows. */
export function usageSummary(points: UsagePoint[], granularity: UsageGranularity, period: string): string {
  const valid = points.reduce((sum, p) => sum + p.valid, 0);
  const invalid = points.reduce((sum, p) => sum + p.invalid, 0);
  if (valid + invalid === 0) return `No verifications in ${period}.`;
  const peak = points.reduce((best, p) => (p.valid + p.invalid > best.valid + best.invalid ? p : best));
  return (
    `${formatCount(valid)} valid and ${formatCount(invalid)} invalid verifications in ${period}; ` +
    `the busiest ${granularity} was ${bucketLabel(peak.at, granularity)}, with ${formatCount(peak.valid + peak.invalid)}.`
  );
}

export function UsageChart({
  title,
  points,
  granularity,
  period,
}: {
  title: string;
  points: UsagePoint[];
  granularity: UsageGranularity;
  /** "the last 24 hours" */
  period: string;
}) {
  const max = Math.max(1, ...points.map((p) => p.valid + p.invalid));
  const slot = WIDTH / Math.max(points.length, 1);
  const barWidth = Math.max(1, slot - GAP);
  const scale = (n: number) => (n / max) * (HEIGHT - 4);
  const summary = usageSummary(points, granularity, period);
  const ticks = [0, Math.floor((points.length - 1) / 2), points.length - 1].filter((i, n, all) => i >= 0 && all.indexOf(i) === n);
  return (
    <figure className="space-y-2 rounded-lg border border-border bg-surface p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="text-sm font-semibold">{title}</h3>
        <div className="flex gap-3 text-xs text-fg-muted" aria-hidden>
          <span className="inline-flex items-center gap-1">
            <span className="h-2.5 w-2.5 rounded-sm bg-success" /> Valid
          </span>
          <span className="inline-flex items-center gap-1">
            <span className="h-2.5 w-2.5 rounded-sm bg-danger" /> Invalid
          </span>
        </div>
      </div>
      <figcaption className="text-sm text-fg-muted">{summary}</figcaption>
      <div className="relative">
        <span className="absolute top-0 left-0 text-[10px] text-fg-muted tabular-nums" aria-hidden>
          {formatCount(max)}
        </span>
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" className="h-36 w-full" aria-hidden focusable="false">
          <line x1="0" x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} className="stroke-border" strokeWidth="1" />
          {points.map((p, i) => {
            const validHeight = scale(p.valid);
            const invalidHeight = scale(p.invalid);
            const x = i * slot + GAP / 2;
            return (
              <g key={p.at}>
                <title>{`${bucketLabel(p.at, granularity)}: ${formatCount(p.valid)} valid, ${formatCount(p.invalid)} invalid`}</title>
                <rect x={x} width={barWidth} y={HEIGHT - validHeight} height={validHeight} className="fill-success" />
                <rect x={x} width={barWidth} y={HEIGHT - validHeight - invalidHeight} height={invalidHeight} className="fill-danger" />
              </g>
            );
          })}
        </svg>
        <div className="mt-1 flex justify-between text-[10px] text-fg-muted" aria-hidden>
          {ticks.map((i) => (
            <span key={i}>{bucketLabel(points[i]!.at, granularity)}</span>
          ))}
        </div>
      </div>
      <details className="text-xs">
        <summary className="cursor-pointer text-fg-muted">Show the numbers</summary>
        <table className="mt-2 w-full text-left tabular-nums">
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col" className="py-1 font-medium">{granularity === "hour" ? "Hour" : "Day"}</th>
              <th scope="col" className="py-1 text-right font-medium">Valid</th>
              <th scope="col" className="py-1 text-right font-medium">Invalid</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.at} className="border-t border-border">
                <td className="py-0.5">{bucketLabel(p.at, granularity)}</td>
                <td className="py-0.5 text-right">{formatCount(p.valid)}</td>
                <td className="py-0.5 text-right">{formatCount(p.invalid)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
