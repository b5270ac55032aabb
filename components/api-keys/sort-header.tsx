"use client";

import Link from "next/link";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { DEFAULT_SORT_ORDER, type KeySort } from "@/lib/schemas/keys/domain";

export type SortProps = { sort: KeySort; order: "asc" | "desc"; hrefFor: (sort: KeySort, order: "asc" | "desc") => string };

/** A header that sorts on the server by linking to the same view with other sort params. */
export function SortHeader({ sort, order, hrefFor, column, label }: SortProps & { column: KeySort; label: string }) {
  const active = sort === column;
  const next = active ? (order === "asc" ? "desc" : "asc") : DEFAULT_SORT_ORDER[column];
  const Icon = !active ? ArrowUpDown : order === "asc" ? ArrowUp : ArrowDown;
  return (
    <Link
      href={hrefFor(column, next)}
      scroll={false}
      className="inline-flex items-center gap-1 whitespace-nowrap hover:text-fg"
      title={`Sort by ${label.toLowerCase()}, ${next === "asc" ? "ascending" : "descending"}`}
    >
      {label}
      <Icon className="h-3 w-3" aria-hidden />
    </Link>
  );
}

