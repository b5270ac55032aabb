"use client";

// Verifications over time as stacked bars (valid below, invalid above), drawn as SVG: no chart
// library for a dozen rectangles and three gridlines. The colours are the theme's, so the chart
// follows light and dark; it scales to its container (375 px included). Axes are labelled (the
// count on the left, with gridlines; the time below), a sentence sums the chart up, and the
// numbers are in a table. Pointing at a bar, or focusing the chart and using the arrow keys,
// shows that bar's numbers in a small readout, which screen readers hear through a live region.
import { useId, useState, type KeyboardEvent, type PointerEvent } from "react";
import { formatCount } from "@/components/api-keys/format";
import type { UsageGranularity, UsagePoint } from "@/lib/schemas/usage";

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

/** What the readout says about one bar. */
export function pointReadout(point: UsagePoint, granularity: UsageGranularity): string {
  return `${bucketLabel(point.at, granularity)}: ${formatCount(point.valid)} valid, ${formatCount(point.invalid)} invalid`;
}

/**
 * The count axis: whole numbers in steps of 1, 2 or 5 times a power of ten, from 0 to the
 * first step at or above the busiest bar (at most five gridlines).
 */
export function countTicks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const rough = Math.max(1, max / 4);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough && Number.isInteger(s)) ?? 10 * power;
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= top; t += step) ticks.push(t);
  return ticks;
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
  const id = useId();
  const [active, setActive] = useState<number | null>(null);
  const ticks = countTicks(Math.max(0, ...points.map((p) => p.valid + p.invalid)));
  const top = ticks[ticks.length - 1]!;
  const n = Math.max(points.length, 1);
  const slot = WIDTH / n;
  const barWidth = Math.max(1, slot - GAP);
  const scale = (value: number) => (value / top) * HEIGHT;
  const summary = usageSummary(points, granularity, period);
  const timeTicks = [0, Math.floor((points.length - 1) / 2), points.length - 1].filter((i, k, all) => i >= 0 && all.indexOf(i) === k);
  const unit = granularity === "hour" ? "hour" : "day";
  const current = active !== null ? points[active] : undefined;
  const readout = current ? pointReadout(current, granularity) : "";

  const pick = (event: PointerEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    if (box.width === 0 || points.length === 0) return;
    const index = Math.floor(((event.clientX - box.left) / box.width) * points.length);
    setActive(Math.min(points.length - 1, Math.max(0, index)));
  };
  const step = (event: KeyboardEvent<HTMLDivElement>) => {
    if (points.length === 0) return;
    const last = points.length - 1;
    const from = active ?? last;
    const next =
      event.key === "ArrowLeft" ? Math.max(0, from - 1)
      : event.key === "ArrowRight" ? Math.min(last, from + 1)
      : event.key === "Home" ? 0
      : event.key === "End" ? last
      : event.key === "Escape" ? null
      : undefined;
    if (next === undefined) return;
    event.preventDefault();
    setActive(next);
  };
  // The readout stays inside the chart: left-aligned near the left edge, right-aligned near the right.
  const position = active === null ? 0 : (active + 0.5) / n;
  const align = position < 0.2 ? "translate-x-0" : position > 0.8 ? "-translate-x-full" : "-translate-x-1/2";

  return (
    <figure className="min-w-0 space-y-2 rounded-lg border border-border bg-surface p-4" aria-labelledby={`${id}-title`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id={`${id}-title`} className="text-sm font-semibold">
          {title}
        </h3>
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

      <div className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-2" data-testid="chart-plot-area">
        <p className="col-span-2 mb-1 text-[11px] text-fg-muted" aria-hidden>
          Verifications per {unit}
          {granularity === "hour" ? " (times in UTC)" : ""}
        </p>
        {/* The count axis, aligned with the gridlines. */}
        <div className="relative h-36 w-8 text-right text-[11px] text-fg-muted tabular-nums" aria-hidden>
          {ticks.map((t) => (
            <span key={t} className="absolute right-0 -translate-y-1/2 leading-none" style={{ top: `${(1 - t / top) * 100}%` }}>
              {formatCount(t)}
            </span>
          ))}
        </div>
        <div
          className="relative h-36 rounded-sm outline-none focus-visible:ring-2 focus-visible:ring-accent focus-visible:ring-offset-2 focus-visible:ring-offset-surface"
          role="group"
          tabIndex={0}
          aria-label={`${title}: use the left and right arrow keys to read each ${unit}`}
          aria-describedby={`${id}-readout`}
          onPointerMove={pick}
          onPointerDown={pick}
          onPointerLeave={(event) => {
            if (document.activeElement !== event.currentTarget) setActive(null);
          }}
          onFocus={() => setActive((a) => a ?? (points.length > 0 ? points.length - 1 : null))}
          onBlur={() => setActive(null)}
          onKeyDown={step}
        >
          <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" className="h-full w-full" aria-hidden focusable="false">
            {ticks.map((t) => {
              const y = Math.min(HEIGHT - 0.5, Math.max(0.5, HEIGHT - scale(t)));
              return (
                <line
                  key={t}
                  x1="0"
                  x2={WIDTH}
                  y1={y}
                  y2={y}
                  className="stroke-border"
                  strokeWidth="1"
                  strokeDasharray={t === 0 ? undefined : "4 4"}
                  vectorEffect="non-scaling-stroke"
                />
              );
            })}
            {active !== null ? <rect x={active * slot} width={slot} y="0" height={HEIGHT} className="fill-fg/10" /> : null}
            {points.map((p, i) => {
              const validHeight = scale(p.valid);
              const invalidHeight = scale(p.invalid);
              const x = i * slot + GAP / 2;
              return (
                <g key={p.at}>
                  <rect x={x} width={barWidth} y={HEIGHT - validHeight} height={validHeight} className="fill-success" />
                  <rect x={x} width={barWidth} y={HEIGHT - validHeight - invalidHeight} height={invalidHeight} className="fill-danger" />
                </g>
              );
            })}
          </svg>
          {current ? (
            <div
              data-testid="chart-readout"
              aria-hidden
              className={`pointer-events-none absolute -top-2 z-10 -translate-y-full ${align} rounded-md border border-border bg-fg px-2 py-1 text-xs whitespace-nowrap text-bg shadow-md`}
              style={{ left: `${position * 100}%` }}
            >
              <span className="font-medium">{bucketLabel(current.at, granularity)}</span>
              <span className="block tabular-nums">
                {formatCount(current.valid)} valid · {formatCount(current.invalid)} invalid
              </span>
            </div>
          ) : null}
        </div>
        {/* The time axis. */}
        <div className="col-start-2 mt-1 flex justify-between gap-2 text-[11px] text-fg-muted" aria-hidden>
          {timeTicks.map((i) => (
            <span key={i} className="truncate">
              {granularity === "hour" ? points[i]!.at.slice(11, 16) : bucketLabel(points[i]!.at, granularity)}
            </span>
          ))}
        </div>
      </div>
      <p id={`${id}-readout`} role="status" className="sr-only">
        {readout}
      </p>

      <details className="text-xs">
        <summary className="cursor-pointer text-fg-muted">Show the numbers</summary>
        {/* Scrolls inside its own box, so opening it leaves the chart beside it as it was. */}
        <div className="mt-2 max-h-56 overflow-y-auto rounded-md border border-border" tabIndex={0} role="region" aria-label={`${title}, the numbers`}>
          <table className="w-full text-left tabular-nums">
            <caption className="sr-only">{title}</caption>
            <thead className="sticky top-0 bg-surface">
              <tr>
                <th scope="col" className="px-2 py-1 font-medium">
                  {granularity === "hour" ? "Hour" : "Day"}
                </th>
                <th scope="col" className="px-2 py-1 text-right font-medium">
                  Valid
                </th>
                <th scope="col" className="px-2 py-1 text-right font-medium">
                  Invalid
                </th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.at} className="border-t border-border">
                  <td className="px-2 py-0.5">{bucketLabel(p.at, granularity)}</td>
                  <td className="px-2 py-0.5 text-right">{formatCount(p.valid)}</td>
                  <td className="px-2 py-0.5 text-right">{formatCount(p.invalid)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
