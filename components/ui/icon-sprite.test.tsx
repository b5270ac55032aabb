// The rows' icons are drawn once, as symbols, and each row refers to one: a reference must find
// exactly one symbol, and the symbol must hold lucide's own drawing of that icon.
import { Eye, Pause, Pencil, Play, RefreshCw, Trash2 } from "lucide-react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { RowIcon, RowIconSprite, type RowIconName } from "./icon-sprite";

const drawing = (markup: string) => markup.replace(/^<svg[^>]*>/, "").replace(/<\/svg>$/, "");

describe("the row icons", () => {
  const sprite = renderToStaticMarkup(<RowIconSprite />);

  it.each([
    ["eye", Eye],
    ["pencil", Pencil],
    ["refresh-cw", RefreshCw],
    ["pause", Pause],
    ["play", Play],
    ["trash-2", Trash2],
  ] as const)("%s refers to one symbol holding lucide's drawing", (name, Icon) => {
    const icon = renderToStaticMarkup(<RowIcon name={name as RowIconName} />);
    const href = /<use href="#([^"]+)"/.exec(icon)?.[1];
    expect(href).toBeTruthy();
    const symbols = [...sprite.matchAll(new RegExp(`<symbol id="${href}" viewBox="0 0 24 24">(.*?)</symbol>`, "g"))];
    expect(symbols).toHaveLength(1);
    expect(drawing(symbols[0]![1]!)).toBe(drawing(renderToStaticMarkup(<Icon />)));
    // A reference, not a drawing: no path of its own, hidden from assistive technology.
    expect(icon).not.toMatch(/<path|<rect/);
    expect(icon).toContain('aria-hidden="true"');
  });

  it("keeps the sprite out of sight and out of the accessibility tree", () => {
    expect(sprite).toMatch(/^<svg aria-hidden="true" class="hidden">/);
  });
});
