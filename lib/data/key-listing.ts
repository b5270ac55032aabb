import "server-only";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { DEFAULT_SORT_ORDER, type KeySort } from "@/lib/schemas/keys/domain";
import { listApiKeysQuerySchema, type ListApiKeysQuery } from "@/lib/schemas/keys/rest";
import { z } from "zod";
import { uuidSchema } from "@/lib/schemas/ids";
import { storableText } from "@/lib/schemas/text";
import { activeKeyWhere, expiredKeyWhere } from "./active-keys";
import { getProjectOrThrow } from "./api-keys";
import { prisma } from "./client";
import { OMIT_HASH, type ApiKeyRecord } from "./records";

// The keys table's paging: keyset cursors (page 200 costs what page 1 does), in any of four
// sort orders, with a project's own keys and the workspace-wide keys merged in one order.

const SORT_FIELD = {
  created: "createdAt",
  name: "name",
  last_used: "lastUsedAt",
  expires: "expiresAt",
} as const satisfies Record<KeySort, keyof ApiKeyRecord>;
const NULLABLE_SORT = new Set<string>(["lastUsedAt", "expiresAt"]);

type Cursor = { v: string | null; id: string; back: boolean };

function encodeCursor(key: ApiKeyRecord, field: (typeof SORT_FIELD)[KeySort], back: boolean): string {
  const value = key[field];
  const v = value instanceof Date ? value.toISOString() : (value ?? null);
  return Buffer.from(JSON.stringify({ v, id: key.id, back })).toString("base64url");
}

/** The range of timestamps PostgreSQL and JavaScript both represent (years 1 to 9999). */
const EARLIEST = Date.UTC(1, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** The JSON inside a cursor, checked field by field: a cursor is client input. */
const cursorSchema = z.strictObject({
  v: z.union([z.null(), storableText().max(512)]),
  id: uuidSchema,
  back: z.boolean(),
});

function decodeCursor(raw: string | undefined, field: (typeof SORT_FIELD)[KeySort]): Cursor | null {
  if (!raw) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    parsed = undefined;
  }
  const cursor = cursorSchema.safeParse(parsed);
  if (cursor.success) {
    const { v } = cursor.data;
    const time = v === null || field === "name" ? null : Date.parse(v);
    const valueOk =
      v === null
        ? NULLABLE_SORT.has(field)
        : field === "name" || (time !== null && Number.isFinite(time) && time >= EARLIEST && time <= LATEST);
    if (valueOk) return cursor.data;
  }
  throw new AppError("validation_failed", "The cursor is not valid for this listing.", {
    errors: [{ location: "query.cursor", message: "Use the cursor from a Link header or a previous page.", value: raw }],
  });
}

/**
 * Keys strictly after (or, for `before`, strictly before) the cursor in the order
 * `field dir NULLS LAST, id dir`.
 */
function keysetCondition(
  field: string,
  dir: "asc" | "desc",
  cursor: Cursor,
  before: boolean,
): Prisma.ApiKeyWhereInput {
  const value = cursor.v === null ? null : field === "name" ? cursor.v : new Date(cursor.v);
  const ahead = (dir === "asc") !== before ? "gt" : "lt";
  if (!before) {
    if (value === null) return { [field]: null, id: { [ahead]: cursor.id } };
    return {
      OR: [
        { [field]: { [ahead]: value } },
        { [field]: value, id: { [ahead]: cursor.id } },
        ...(NULLABLE_SORT.has(field) ? [{ [field]: null }] : []),
      ],
    };
  }
  if (value === null) return { OR: [{ NOT: { [field]: null } }, { [field]: null, id: { [ahead]: cursor.id } }] };
  return { OR: [{ [field]: { [ahead]: value } }, { [field]: value, id: { [ahead]: cursor.id } }] };
}

/** Counting stops here: beyond it, "1,000+" is all a page needs, and it costs no more. */
export const TOTAL_COUNT_CAP = 1000;

export type ApiKeyPage = {
  items: ApiKeyRecord[];
  /** The number of matching keys, up to TOTAL_COUNT_CAP; `totalIsCapped` when there are more. */
  total: number;
  totalIsCapped: boolean;
  nextCursor: string | null;
  prevCursor: string | null;
};

/**
 * Search text as a literal: Prisma's `contains` becomes ILIKE without escaping, so `%` and `_`
 * would match anything. PostgreSQL's default LIKE escape is the backslash.
 */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}

/**
 * Keys of a project (including workspace-wide keys), filtered, searched and sorted on the
 * server, a page at a time with keyset cursors: page 200 costs what page 1 does.
 */
export async function listApiKeys(
  workspaceId: string,
  options: { projectId: string } & Partial<ListApiKeysQuery>,
): Promise<ApiKeyPage> {
  const { projectId, ...rest } = options;
  const query = listApiKeysQuerySchema.parse(rest);
  await getProjectOrThrow(workspaceId, projectId);
  const now = new Date();
  const field = SORT_FIELD[query.sort];
  const dir = query.order ?? DEFAULT_SORT_ORDER[query.sort];
  const cursor = decodeCursor(query.cursor, field);
  const back = cursor?.back ?? false;

  const statusFilter: Prisma.ApiKeyWhereInput =
    query.status === "active"
      ? activeKeyWhere(now)
      : query.status === "revoked"
        ? { revokedAt: { not: null } }
        : query.status === "expired"
          ? expiredKeyWhere(now)
          : {};
  const filters: Prisma.ApiKeyWhereInput = {
    workspaceId,
    ...(query.environment ? { environment: query.environment } : {}),
    ...(query.q ? { name: { contains: likeLiteral(query.q), mode: "insensitive" } } : {}),
    AND: [statusFilter],
  };
  // Workspace-wide keys (projectId null) belong to every project's listing.
  const scoped: Prisma.ApiKeyWhereInput = { ...filters, OR: [{ projectId }, { projectId: null }] };

  const pageDir = back ? (dir === "asc" ? "desc" : "asc") : dir;
  const nulls = back ? "first" : "last";
  const orderBy: Prisma.ApiKeyOrderByWithRelationInput[] = [
    NULLABLE_SORT.has(field) ? { [field]: { sort: pageDir, nulls } } : { [field]: pageDir },
    { id: pageDir },
  ];
  const keyset = cursor ? keysetCondition(field, dir, cursor, back) : {};
  const page = (where: Prisma.ApiKeyWhereInput) =>
    prisma.apiKey.findMany({ where: { AND: [where, keyset] }, orderBy, take: query.limit + 1, omit: OMIT_HASH });

  // Capped, and in the order of an index that starts with the workspace and project: the
  // database stops after the cap instead of sorting every key to count the first ones.
  const count = (where: Prisma.ApiKeyWhereInput) =>
    prisma.apiKey.count({ where, take: TOTAL_COUNT_CAP + 1, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  let rows: ApiKeyRecord[];
  let counted: number;
  if (field === "name") {
    // Names compare by the database's collation: one query sorts them.
    [rows, counted] = await Promise.all([page(scoped), count(scoped)]);
  } else {
    // `projectId = P OR projectId IS NULL` cannot be read from the index in order, so a page
    // would sort every key of the project. Two index-ordered reads, merged, cost one page each.
    const [own, wide, ownCount, wideCount] = await Promise.all([
      page({ ...filters, projectId }),
      page({ ...filters, projectId: null }),
      count({ ...filters, projectId }),
      count({ ...filters, projectId: null }),
    ]);
    rows = mergeOrdered(own, wide, field, pageDir, nulls).slice(0, query.limit + 1);
    counted = ownCount + wideCount;
  }
  const totalIsCapped = counted > TOTAL_COUNT_CAP;
  const total = Math.min(counted, TOTAL_COUNT_CAP);
  const hasMore = rows.length > query.limit;
  const items = rows.slice(0, query.limit);
  if (back) items.reverse();
  const first = items[0];
  const last = items.at(-1);
  const hasNext = back ? true : hasMore;
  const hasPrev = back ? hasMore : cursor !== null;
  return {
    items,
    total,
    totalIsCapped,
    nextCursor: hasNext && last ? encodeCursor(last, field, false) : null,
    prevCursor: hasPrev && first ? encodeCursor(first, field, true) : null,
  };
}

/**
 * Merges two lists sorted by `field` (dates or null) then id, in the database's order:
 * dates compare by time and UUIDs as lowercase hex, exactly as PostgreSQL compares them.
 */
function mergeOrdered(
  a: ApiKeyRecord[],
  b: ApiKeyRecord[],
  field: "createdAt" | "lastUsedAt" | "expiresAt",
  dir: "asc" | "desc",
  nulls: "first" | "last",
): ApiKeyRecord[] {
  const sign = dir === "asc" ? 1 : -1;
  const compare = (x: ApiKeyRecord, y: ApiKeyRecord) => {
    const xv = x[field]?.getTime() ?? null;
    const yv = y[field]?.getTime() ?? null;
    if (xv === null || yv === null) {
      if (xv !== yv) return (xv === null ? 1 : -1) * (nulls === "last" ? 1 : -1);
    } else if (xv !== yv) return (xv - yv) * sign;
    return (x.id < y.id ? -1 : x.id > y.id ? 1 : 0) * sign;
  };
  const out: ApiKeyRecord[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && compare(a[i]!, b[j]!) <= 0)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}
