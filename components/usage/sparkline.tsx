// A row's last 14 days of verifications, as tiny bars. The label says it in words.
import { formatCount } from "@/components/api-keys/format";
import { SPARKLINE_DAYS } from "@/lib/schemas/usage";

export function Sparkline({ counts }: { counts: number[] }) {
  const total = counts.reduce((sum, n) => sum + n, 0);
  const max = Math.max(1, ...counts);
  const label =
    total === 0
      ? `No verifications in the last ${SPARKLINE_DAYS} days`
      : `${formatCount(total)} verifications in the last ${SPARKLINE_DAYS} days, at most ${formatCount(max)} a day`;
  const width = counts.length * 6;
  return (
    <svg viewBox={`0 0 ${width} 24`} className="h-6 w-20" role="img" aria-label={label}>
      <title>{label}</title>
      <line x1="0" x2={width} y1="23.5" y2="23.5" className="stroke-border" strokeWidth="1" />
      {/* A day without verifications has no bar: an idle key is the baseline alone. */}
      {counts.map((n, i) => {
        if (n === 0) return null;
        const height = Math.max(2, (n / max) * 22);
        return <rect key={i} x={i * 6 + 0.5} width="5" y={24 - height} height={height} rx="1" className="fill-accent" />;
      })}
    </svg>
  );
}
