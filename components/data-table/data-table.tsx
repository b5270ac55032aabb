"use client";

import { FlexRender, tableFeatures, useTable, type ColumnDef } from "@tanstack/react-table";
import type { ReactNode } from "react";
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
 */
export function DataTable<Row extends object>({
  columns,
  data,
  caption,
  getRowId,
  sortState,
  empty,
  pinnedColumn,
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
}) {
  const table = useTable({ features: dataTableFeatures, columns, data, getRowId: (row) => getRowId(row) });
  return (
    <Table>
      <caption className="sr-only">{caption}</caption>
      <THead>
        {table.getHeaderGroups().map((group) => (
          <Tr key={group.id}>
            {group.headers.map((header) => (
              <Th
                key={header.id}
                scope="col"
                aria-sort={sortState?.(header.column.id)}
                className={header.column.id === pinnedColumn ? PINNED_HEADER : undefined}
              >
                {header.isPlaceholder ? null : <FlexRender header={header} />}
              </Th>
            ))}
          </Tr>
        ))}
      </THead>
      <TBody>
        {table.getRowModel().rows.length === 0 ? (
          <Tr>
            <Td colSpan={columns.length}>{empty}</Td>
          </Tr>
        ) : (
          table.getRowModel().rows.map((row) => (
            <Tr key={row.id}>
              {row.getAllCells().map((cell) => (
                <Td key={cell.id} className={cell.column.id === pinnedColumn ? PINNED_CELL : undefined}>
                  <FlexRender cell={cell} />
                </Td>
              ))}
            </Tr>
          ))
        )}
      </TBody>
    </Table>
  );
}
