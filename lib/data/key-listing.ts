import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { DEFAULT_SORT_ORDER, type KeySort } from "@/lib/schemas/keys/domain";
import { listApiKeysQuerySchema, type ListApiKeysQuery } from "@/lib/schemas/keys/rest";
import { z } from "zod";
import { uuidSchema } from "@/lib/schemas/ids";
import { storableText } from "@/lib/schemas/text";
import { encodeCursor, invalidCursor, readCursor } from "./cursor";
import { activeKeyWhere, deactivatedKeyWhere, expiredKeyWhere } from "./active-keys";
import { getProjectOrThrow } from "./api-keys";
import { prisma } from "./client";
import { OMIT_HASH, type ApiKeyRecord } from "./records";

// The keys table's paging: keyset cursors (page 200 costs what page 1 does), in any of four
// sort orders, with a project's own keys and the workspace-wide keys merged in one order.
// Names sort case-insensitively ("alpha", "Beta", "gamma"), the same on PostgreSQL and the
// embedded database: by lower(name), then the name and the id, compared byte by byte.

const SORT_FIELD = {
  created: "createdAt",
  name: "name",
  last_used: "lastUsedAt",
  expires: "expiresAt",
} as const satisfies Record<KeySort, keyof ApiKeyRecord>;
const NULLABLE_SORT = new Set<string>(["lastUsedAt", "expiresAt"]);

/** A page boundary: the key's sort value and id, the direction, and the key's position (0-based). */
export type Cursor = { v: string | null; id: string; back: boolean; at?: number | undefined };

function keyCursor(key: ApiKeyRecord, field: (typeof SORT_FIELD)[KeySort], back: boolean, at: number): string {
  const value = key[field];
  const v = value instanceof Date ? value.toISOString() : (value ?? null);
  return encodeCursor({ v, id: key.id, back, at });
}

/** The range of timestamps PostgreSQL and JavaScript both represent (years 1 to 9999). */
const EARLIEST = Date.UTC(1, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** The JSON inside a cursor, checked field by field: a cursor is client input. */
const cursorSchema = z.strictObject({
  v: z.union([z.null(), storableText().max(512)]),
  id: uuidSchema,
  back: z.boolean(),
  /** Where the key stands in the listing, for "51–64 of 64" (absent from older cursors). */
  at: z.number().int().min(0).max(1_000_000).optional(),
});

function decodeCursor(raw: string | undefined, field: (typeof SORT_FIELD)[KeySort]): Cursor | null {
  if (!raw) return null;
  const cursor = readCursor(raw, cursorSchema);
  if (cursor) {
    const { v } = cursor;
    const time = v === null || field === "name" ? null : Date.parse(v);
    const valueOk =
      v === null
        ? NULLABLE_SORT.has(field)
        : field === "name" || (time !== null && Number.isFinite(time) && time >= EARLIEST && time <= LATEST);
    if (valueOk) return cursor;
  }
  throw invalidCursor(raw);
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
  /**
   * How many matching keys come before this page (0 on the first page), or null when the cursor
   * does not say. Keys created or revoked meanwhile may shift it by a few.
   */
  offset: number | null;
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
 * What a search looks for: the text as typed, without the ellipsis the table shows after a
 * key's start ("fp_live_Ab12…" pasted from the table finds that key).
 */
function searchText(q: string): string {
  return q.replace(/(\u2026|\.\.\.)$/, "").trim();
}

/**
 * Keys whose name contains the search, or whose visible start begins with it (as people read
 * a start: from its beginning, `fp_live_Ab12`), case-insensitively.
 */
function searchWhere(q: string): Prisma.ApiKeyWhereInput {
  const text = likeLiteral(searchText(q));
  return { OR: [{ name: { contains: text, mode: "insensitive" } }, { start: { startsWith: text, mode: "insensitive" } }] };
}

/**
 * Keys with a leak report no admin has acknowledged yet (the page's banner counts the same
 * keys): reported, and acknowledged never or before the latest report.
 */
function unacknowledgedLeakWhere(): Prisma.ApiKeyWhereInput {
  return {
    leakedAt: { not: null },
    OR: [{ leakAcknowledgedAt: null }, { leakAcknowledgedAt: { lt: prisma.apiKey.fields.leakedAt } }],
  };
}

/**
 * Keys of a project (including workspace-wide keys), filtered, searched and sorted on the
 * server, a page at a time with keyset cursors: page 200 costs what page 1 does.
 */
export async function listApiKeys(
  workspaceId: string,
  options: { projectId: string; /** Only keys with an unacknowledged leak report (the dashboard's filter). */ leaked?: boolean } & Partial<ListApiKeysQuery>,
): Promise<ApiKeyPage> {
  const { projectId, leaked = false, ...rest } = options;
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
          : query.status === "deactivated"
            ? deactivatedKeyWhere(now)
            : {};
  const filters: Prisma.ApiKeyWhereInput = {
    workspaceId,
    ...(query.environment ? { environment: query.environment } : {}),
    AND: [statusFilter, ...(query.q && searchText(query.q) ? [searchWhere(query.q)] : []), ...(leaked ? [unacknowledgedLeakWhere()] : [])],
  };
  // Workspace-wide keys (projectId null) belong to every project's listing: each listing below
  // reads the project's own keys and the workspace-wide ones apart, each in an index's order.

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
  // database stops after the cap instead of sorting every key to count the first ones. The
  // project's own keys and the workspace-wide ones are counted apart: one count over
  // `projectId = P OR projectId IS NULL` sorted a million keys to count the first thousand.
  const count = (where: Prisma.ApiKeyWhereInput) =>
    prisma.apiKey.count({ where, take: TOTAL_COUNT_CAP + 1, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  const counting = () => Promise.all([count({ ...filters, projectId }), count({ ...filters, projectId: null })]).then(([own, wide]) => own + wide);
  let rows: ApiKeyRecord[];
  let counted: number;
  if (field === "name") {
    // Case-insensitive: SQL of its own, read from an index on lower(name) (pageByName).
    const nameFilters = { workspaceId, projectId, environment: query.environment, status: query.status, q: query.q, leaked, now };
    [rows, counted] = await Promise.all([pageByName(nameFilters, dir, cursor, back, query.limit + 1), counting()]);
  } else {
    // `projectId = P OR projectId IS NULL` cannot be read from the index in order, so a page
    // would sort every key of the project. Two index-ordered reads, merged, cost one page each.
    const [own, wide, total] = await Promise.all([page({ ...filters, projectId }), page({ ...filters, projectId: null }), counting()]);
    rows = mergeOrdered(own, wide, field, pageDir, nulls).slice(0, query.limit + 1);
    counted = total;
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
  // The page's position: after the cursor's key going forwards, before it going back (and 0
  // when going back reached the first key).
  const offset = !cursor ? 0 : back && !hasMore ? 0 : cursor.at === undefined ? null : Math.max(0, back ? cursor.at - items.length : cursor.at + 1);
  return {
    items,
    offset,
    total,
    totalIsCapped,
    nextCursor: hasNext && last ? keyCursor(last, field, false, (offset ?? 0) + items.length - 1) : null,
    prevCursor: hasPrev && first ? keyCursor(first, field, true, offset ?? 0) : null,
  };
}

/** The listing's filters, as SQL for the name order's query (the Prisma `where` above says the same). */
export type NameFilters = {
  workspaceId: string;
  projectId: string;
  environment: string | undefined;
  status: ListApiKeysQuery["status"];
  q: string | undefined;
  leaked: boolean;
  now: Date;
};

function nameFiltersSql(f: NameFilters, projectId: string | null): Prisma.Sql {
  const parts: Prisma.Sql[] = [
    Prisma.sql`workspace_id = ${f.workspaceId}::uuid`,
    projectId === null ? Prisma.sql`project_id IS NULL` : Prisma.sql`project_id = ${projectId}::uuid`,
  ];
  if (f.environment) parts.push(Prisma.sql`environment::text = ${f.environment}`);
  // As activeKeyWhere and expiredKeyWhere: revoked wins over expired, expiry at `now` counts.
  if (f.status === "active") parts.push(Prisma.sql`revoked_at IS NULL AND deactivated_at IS NULL AND (expires_at IS NULL OR expires_at > ${f.now})`);
  if (f.status === "deactivated") parts.push(Prisma.sql`revoked_at IS NULL AND deactivated_at IS NOT NULL AND (expires_at IS NULL OR expires_at > ${f.now})`);
  if (f.status === "revoked") parts.push(Prisma.sql`revoked_at IS NOT NULL`);
  if (f.status === "expired") parts.push(Prisma.sql`revoked_at IS NULL AND expires_at <= ${f.now}`);
  const text = f.q ? searchText(f.q) : "";
  if (text) {
    const literal = likeLiteral(text);
    parts.push(Prisma.sql`(name ILIKE ${`%${literal}%`} OR start ILIKE ${`${literal}%`})`);
  }
  if (f.leaked) parts.push(Prisma.sql`leaked_at IS NOT NULL AND (leak_acknowledged_at IS NULL OR leak_acknowledged_at < leaked_at)`);
  return Prisma.join(parts, " AND ");
}

/**
 * A page of keys in name order, case-insensitively. Prisma orders by columns only, so this
 * page is SQL: ordered by lower(name), then the name and the id, with `COLLATE "C"` (bytes),
 * which PostgreSQL and the embedded database compare alike whatever their default collation.
 * The project's own keys and the workspace-wide ones are each read a page long from the index
 * on that order (api_keys_workspace_id_project_id_name_order_idx), then merged: the database
 * sorts two pages, never the project.
 */
async function pageByName(
  filters: NameFilters,
  dir: "asc" | "desc",
  cursor: Cursor | null,
  back: boolean,
  take: number,
): Promise<ApiKeyRecord[]> {
  const ids = await prisma.$queryRaw<{ id: string }[]>(nameOrderPageSql(filters, dir, cursor, back, take));
  if (ids.length === 0) return [];
  const rows = await prisma.apiKey.findMany({ where: { workspaceId: filters.workspaceId, id: { in: ids.map((r) => r.id) } }, omit: OMIT_HASH });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((r) => byId.get(r.id)).filter((row): row is ApiKeyRecord => row !== undefined);
}

/** The ids of a page in name order (pageByName's query; exported for its query-plan test). */
export function nameOrderPageSql(filters: NameFilters, dir: "asc" | "desc", cursor: Cursor | null, back: boolean, take: number): Prisma.Sql {
  const pageDir = back ? (dir === "asc" ? "desc" : "asc") : dir;
  const order = Prisma.raw(pageDir === "asc" ? "ASC" : "DESC");
  const ahead = Prisma.raw(pageDir === "asc" ? ">" : "<");
  const keyset =
    cursor && cursor.v !== null
      ? Prisma.sql`AND (lower(name) COLLATE "C", name COLLATE "C", id) ${ahead} (lower(${cursor.v}) COLLATE "C", ${cursor.v} COLLATE "C", ${cursor.id}::uuid)`
      : Prisma.empty;
  const orderBy = Prisma.sql`ORDER BY lower(name) COLLATE "C" ${order}, name COLLATE "C" ${order}, id ${order}`;
  const pageOf = (projectId: string | null) =>
    Prisma.sql`(SELECT id, name FROM api_keys WHERE ${nameFiltersSql(filters, projectId)} ${keyset} ${orderBy} LIMIT ${take})`;
  return Prisma.sql`SELECT id::text AS id FROM (${pageOf(filters.projectId)} UNION ALL ${pageOf(null)}) AS page ${orderBy} LIMIT ${take}`;
}

/** A key named in another key's row: what a link to its page needs. */
export type KeyReference = { id: string; name: string; projectId: string | null };

/** A key's place in a roll: the key it replaced, and the key that replaced it. */
export type KeyLineage = { replaces: KeyReference | null; replacedBy: KeyReference | null };

/** The lineage of each listed key that was rolled or came from a roll, by key id. */
export async function listKeyLineage(workspaceId: string, keys: readonly Pick<ApiKeyRecord, "id" | "rolledFromId" | "rolledToId">[]): Promise<Map<string, KeyLineage>> {
  const related = [...new Set(keys.flatMap((key) => [key.rolledFromId, key.rolledToId]).filter((id): id is string => id !== null))];
  const lineage = new Map<string, KeyLineage>();
  if (related.length === 0) return lineage;
  const found = await prisma.apiKey.findMany({ where: { workspaceId, id: { in: related } }, select: { id: true, name: true, projectId: true } });
  const byId = new Map(found.map((key) => [key.id, key]));
  for (const key of keys) {
    const replaces = key.rolledFromId ? (byId.get(key.rolledFromId) ?? null) : null;
    const replacedBy = key.rolledToId ? (byId.get(key.rolledToId) ?? null) : null;
    if (replaces || replacedBy) lineage.set(key.id, { replaces, replacedBy });
  }
  return lineage;
}

/** A key with a leak report no admin has acknowledged: what the page's banner lists. */
export type LeakedKey = KeyReference & { start: string; url: string | null; reportedAt: Date; revoked: boolean };

/** The workspace's keys with an unacknowledged leak report, most recently reported first. */
export async function listLeakedKeys(workspaceId: string, limit = 10): Promise<LeakedKey[]> {
  const keys = await prisma.apiKey.findMany({
    where: { workspaceId, ...unacknowledgedLeakWhere() },
    orderBy: [{ leakedAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, name: true, projectId: true, start: true, leakUrl: true, leakedAt: true, revokedAt: true },
  });
  return keys.map((key) => ({
    id: key.id,
    name: key.name,
    projectId: key.projectId,
    start: key.start,
    url: key.leakUrl,
    reportedAt: key.leakedAt!,
    revoked: key.revokedAt !== null,
  }));
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
