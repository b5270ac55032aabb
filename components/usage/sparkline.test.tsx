// The keys table draws one sparkline per row, so what it renders is what every row costs.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SPARKLINE_DAYS } from "@/lib/schemas/usage";
import { Sparkline } from "./sparkline";

const bars = (markup: string) => [...markup.matchAll(/<rect x="([\d.]+)" width="5" y="([\d.]+)" height="([\d.]+)"/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), height: Number(m[3]) }));

describe("the usage sparkline", () => {
  it("draws a bar for each day with verifications, none for a day without", () => {
    const counts = Array<number>(SPARKLINE_DAYS).fill(0);
    counts[2] = 5;
    counts[SPARKLINE_DAYS - 1] = 10;
    const markup = renderToStaticMarkup(<Sparkline counts={counts} />);
    // Day 2 at half the busiest day's height, the last day full height (22 of 24 units).
    expect(bars(markup)).toEqual([
      { x: 12.5, y: 13, height: 11 },
      { x: (SPARKLINE_DAYS - 1) * 6 + 0.5, y: 2, height: 22 },
    ]);
    expect(markup).toContain(`aria-label="15 verifications in the last ${SPARKLINE_DAYS} days, at most 10 a day"`);
  });

  it("keeps a quiet day visible: at least 2 units high", () => {
    const counts = Array<number>(SPARKLINE_DAYS).fill(0);
    counts[0] = 1;
    counts[1] = 1000;
    expect(bars(renderToStaticMarkup(<Sparkline counts={counts} />))[0]).toEqual({ x: 0.5, y: 22, height: 2 });
  });

  it("an idle key is the baseline alone, and says so", () => {
    const markup = renderToStaticMarkup(<Sparkline counts={Array<number>(SPARKLINE_DAYS).fill(0)} />);
    expect(bars(markup)).toEqual([]);
    expect(markup).toContain("<line");
    expect(markup).toContain(`aria-label="No verifications in the last ${SPARKLINE_DAYS} days"`);
  });
});
