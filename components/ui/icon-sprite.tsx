import { Eye, Pause, Pencil, Play, RefreshCw, Trash2, type LucideIcon } from "lucide-react";

// Icons repeated on every row of a table, drawn once. A lucide icon is about 600 bytes of SVG
// and a component render; four on each of 50 rows were two fifths of the API Keys page's HTML
// and most of a row's rendering time. The page holds each icon once, as a <symbol> (lucide's
// own rendering inside it), and each row refers to it with <use>: about 90 bytes, no component.

const ROW_ICONS = {
  eye: Eye,
  pause: Pause,
  pencil: Pencil,
  play: Play,
  "refresh-cw": RefreshCw,
  "trash-2": Trash2,
} satisfies Record<string, LucideIcon>;

export type RowIconName = keyof typeof ROW_ICONS;

const symbolId = (name: RowIconName) => `row-icon-${name}`;

/**
 * The row icons' symbols, rendered once on a page that shows <RowIcon>s (before or after them:
 * `<use>` finds its symbol anywhere in the document). Hidden and out of the accessibility tree.
 */
export function RowIconSprite() {
  return (
    <svg aria-hidden className="hidden">
      {(Object.entries(ROW_ICONS) as [RowIconName, LucideIcon][]).map(([name, Icon]) => (
        <symbol key={name} id={symbolId(name)} viewBox="0 0 24 24">
          <Icon />
        </symbol>
      ))}
    </svg>
  );
}

/** One of the row icons, by reference to its symbol; decorative (the button around it is labelled). */
export function RowIcon({ name, className }: { name: RowIconName; className?: string }) {
  return (
    <svg aria-hidden className={className ?? "h-4 w-4"} data-icon={name}>
      <use href={`#${symbolId(name)}`} />
    </svg>
  );
}
