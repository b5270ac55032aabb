"use client";

import { FlexRender, tableFeatures, useTable, type ColumnDef } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { useWideScreen } from "@/components/ui/screen-width";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";

export const dataTableFeatures = tableFeatures({});
export type DataTableFeatures = typeof dataTableFeatures;

/**
 * A column kept in view at the table's right edge while the rest scrolls sideways (a row's
 * actions): opaque, so the cells passing under it do not show through, and set off by a rule.
 * Its header cell is the colour THead's translucent bg-muted/60 makes over the surface.
 */
const PINNED = "sticky right-0 z-10 shadow-[inset_1px_0_0_var(--border)]";
const PINNED_CELL = `${PINNED} bg-surface`;
const PINNED_HEADER = `${PINNED} bg-[color-mix(in_srgb,var(--muted)_60%,var(--surface))]`;

/**
 * One generic table. Sorting, filtering and paging happen on the server (through the URL),
 * so the table renders exactly the rows it is given. Headers may render sort controls.
 *
 * With `columnWidths`, the layout is fixed and the cells' padding narrower: each listed column
 * keeps its width and the others share the rest, so long text is truncated in its cell
 * instead of widening the table. With
 * `card`, narrow screens (below 768 px) get a list of cards, one per row, instead of the table
 * (rendered instead of it, not hidden beside it).
 */
export function DataTable<Row extends object>({
  columns,
  data,
  caption,
  getRowId,
  sortState,
  empty,
  pinnedColumn,
  columnWidths,
  minWidth,
  card,
}: {
  columns: ColumnDef<DataTableFeatures, Row, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  data: Row[];
  caption: string;
  getRowId: (row: Row) => string;
  /** aria-sort for a column id. */
  sortState?: (columnId: string) => "ascending" | "descending" | undefined;
  empty: ReactNode;
  /** The id of a column to keep in view at the right edge, when the table is wider than its box. */
  pinnedColumn?: string;
  /** Width classes by column id (e.g. `w-28`); a column not listed takes the remaining width. */
  columnWidths?: Record<string, string>;
  /** A fixed layout's narrowest width (a class, e.g. `min-w-[56rem]`): narrower, the table scrolls sideways in its box. */
  minWidth?: string;
  /** One row as a card, shown instead of the table below 768 px. */
  card?: (row: Row) => ReactNode;
}) {
  const table = useTable({ features: dataTableFeatures, columns, data, getRowId: (row) => getRowId(row) });
  // The table or the cards, never both: each row is rendered once (half a page's weight).
  const wide = useWideScreen();
  const rows = table.getRowModel().rows;
  const grid = (
    <Table className={columnWidths ? cn("table-fixed", minWidth) : undefined}>
      <caption className="sr-only">{caption}</caption>
      <THead>
        {table.getHeaderGroups().map((group) => (
          <Tr key={group.id}>
            {group.headers.map((header) => (
              <Th
                key={header.id}
                scope="col"
                aria-sort={sortState?.(header.column.id)}
                className={cn(columnWidths && "px-2", columnWidths?.[header.column.id], header.column.id === pinnedColumn && PINNED_HEADER)}
              >
                {header.isPlaceholder ? null : <FlexRender header={header} />}
              </Th>
            ))}
          </Tr>
        ))}
      </THead>
      <TBody>
        {rows.length === 0 ? (
          <Tr>
            <Td colSpan={columns.length}>{empty}</Td>
          </Tr>
        ) : (
          rows.map((row) => (
            <Tr key={row.id}>
              {row.getAllCells().map((cell) => (
                <Td key={cell.id} className={cn(columnWidths && "px-2", cell.column.id === pinnedColumn && PINNED_CELL)}>
                  <FlexRender cell={cell} />
                </Td>
              ))}
            </Tr>
          ))
        )}
      </TBody>
    </Table>
  );
  if (!card || wide) return grid;
  // Nothing to show: the empty state once, for every width (it may hold a dialog's button).
  if (rows.length === 0) return <div className="rounded-lg border border-border bg-surface px-3">{empty}</div>;
  return (
    <ul aria-label={caption} className="space-y-2">
      {rows.map((row) => (
        <li key={row.id} className="rounded-lg border border-border bg-surface p-3 text-sm">
          {card(row.original)}
        </li>
      ))}
    </ul>
  );
}
