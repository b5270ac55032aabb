"use client";

import { FlexRender, tableFeatures, useTable, type ColumnDef } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";

export const dataTableFeatures = tableFeatures({});
export type DataTableFeatures = typeof dataTableFeatures;

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
}: {
  columns: ColumnDef<DataTableFeatures, Row, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  data: Row[];
  caption: string;
  getRowId: (row: Row) => string;
  /** aria-sort for a column id. */
  sortState?: (columnId: string) => "ascending" | "descending" | undefined;
  empty: ReactNode;
}) {
  const table = useTable({ features: dataTableFeatures, columns, data, getRowId: (row) => getRowId(row) });
  return (
    <Table>
      <caption className="sr-only">{caption}</caption>
      <THead>
        {table.getHeaderGroups().map((group) => (
          <Tr key={group.id}>
            {group.headers.map((header) => (
              <Th key={header.id} scope="col" aria-sort={sortState?.(header.column.id)}>
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
                <Td key={cell.id}>
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
