import "server-only";
import { randomInt } from "node:crypto";
import { keyPrefix } from "@/lib/config";
import { prisma, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import {
  DEFAULT_SORT_ORDER,
  createApiKeyInputSchema,
  listApiKeysQuerySchema,
  type CreateApiKeyInput,
  type KeySort,
  type ListApiKeysQuery,
} from "@/lib/schemas/api-keys";
import { recordAuditEvent } from "./audit";
import { REVOCATION_CHANNEL, announceRevocation } from "./events";
import { OMIT_HASH, type ApiKeyRecord } from "./records";
import { generateKey, type KeyEnvironment } from "./token";
import type { Actor, RequestContext } from "./types";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID_RE.test(value);

/** A project of `workspaceId`, or a 404 (also for another workspace's project: no leak). */
export async function getProjectOrThrow(workspaceId: string, projectId: string, db: Tx = prisma) {
  const project = isUuid(projectId)
    ? await db.project.findFirst({ where: { id: projectId, workspaceId } })
    : null;
  if (!project) throw new AppError("not_found", "No project with that id exists in this workspace.");
  return project;
}

/**
 * A key of `workspaceId`, or a 404. With `projectId`, the key must belong to that project or
 * cover every project of the workspace.
 */
export async function getApiKeyOrThrow(
  workspaceId: string,
  keyId: string,
  options: { projectId?: string } = {},
  db: Tx = prisma,
): Promise<ApiKeyRecord> {
  const key = isUuid(keyId)
    ? await db.apiKey.findFirst({
        where: {
          id: keyId,
          workspaceId,
          ...(options.projectId ? { OR: [{ projectId: options.projectId }, { projectId: null }] } : {}),
        },
        omit: OMIT_HASH,
      })
    : null;
  if (!key) throw new AppError("not_found", "No API key with that id exists in this project.");
  return key;
}

async function enforceKeyPolicy(
  tx: Tx,
  workspaceId: string,
  input: { expiresAt?: Date | undefined },
): Promise<void> {
  const workspace = await tx.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
  if (workspace.maxKeyLifetimeDays !== null) {
    const latest = Date.now() + workspace.maxKeyLifetimeDays * 86_400_000;
    if (!input.expiresAt || input.expiresAt.getTime() > latest) {
      throw new AppError("validation_failed", "This workspace's policy limits how long keys may live.", {
        errors: [
          {
            location: "expiresAt",
            message: `Keys in this workspace must expire within ${workspace.maxKeyLifetimeDays} days.`,
            value: input.expiresAt?.toISOString() ?? null,
          },
        ],
      });
    }
  }
  if (workspace.maxActiveKeys !== null) {
    const active = await tx.apiKey.count({
      where: { workspaceId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    });
    if (active >= workspace.maxActiveKeys) {
      throw new AppError(
        "conflict",
        `This workspace allows ${workspace.maxActiveKeys} active key(s). Revoke one before creating another.`,
      );
    }
  }
}

/** Inserts a key in `tx`. Returns the plaintext once, with the stored record. */
export async function insertApiKey(
  tx: Tx,
  data: {
    workspaceId: string;
    projectId: string | null;
    name: string;
    description?: string | undefined;
    environment: KeyEnvironment;
    scopes: string[];
    expiresAt?: Date | undefined;
    isAdminManaged?: boolean;
    actor: Actor;
    context: RequestContext;
  },
): Promise<{ key: string; apiKey: ApiKeyRecord }> {
  const { key, hash, start } = generateKey({ prefix: keyPrefix(), environment: data.environment });
  const apiKey = await tx.apiKey.create({
    data: {
      workspaceId: data.workspaceId,
      projectId: data.projectId,
      name: data.name,
      description: data.description ?? null,
      environment: data.environment,
      start,
      hash,
      scopes: data.scopes,
      expiresAt: data.expiresAt ?? null,
      createdById: data.actor.userId,
      createdByName: data.actor.userName,
      isAdminManaged: data.isAdminManaged ?? false,
    },
    omit: OMIT_HASH,
  });
  await recordAuditEvent(tx, {
    workspaceId: data.workspaceId,
    actor: data.actor,
    action: "api_key.created",
    context: data.context,
    targetKeyId: apiKey.id,
    projectId: data.projectId,
    metadata: {
      name: apiKey.name,
      environment: apiKey.environment,
      allProjects: data.projectId === null,
      start: apiKey.start,
    },
  });
  return { key, apiKey };
}

/** Creates a key in a project (or, with `allProjects`, for the whole workspace). */
export async function createApiKey(
  workspaceId: string,
  actor: Actor,
  projectId: string,
  input: CreateApiKeyInput,
  context: RequestContext = {},
): Promise<{ key: string; apiKey: ApiKeyRecord }> {
  const values = createApiKeyInputSchema.parse(input);
  return prisma.$transaction(async (tx) => {
    await getProjectOrThrow(workspaceId, projectId, tx);
    await enforceKeyPolicy(tx, workspaceId, values);
    return insertApiKey(tx, {
      workspaceId,
      projectId: values.allProjects ? null : projectId,
      name: values.name,
      description: values.description,
      environment: values.environment,
      scopes: values.scopes,
      expiresAt: values.expiresAt,
      actor,
      context,
    });
  });
}

/**
 * Revokes a key: a soft delete (`revokedAt`, `revokedById`). Revoking a revoked key changes
 * nothing and succeeds. A project's default key cannot be revoked (409).
 */
export async function revokeApiKey(
  workspaceId: string,
  actor: Actor,
  keyId: string,
  options: { projectId?: string } = {},
  context: RequestContext = {},
): Promise<ApiKeyRecord> {
  const { record, hash } = await prisma.$transaction(async (tx) => {
    const key = await getApiKeyOrThrow(workspaceId, keyId, options, tx);
    if (key.isAdminManaged) {
      throw new AppError(
        "conflict",
        "This is the project's default key, which the platform manages: it cannot be revoked. Create a new key for your traffic instead.",
      );
    }
    if (key.revokedAt) return { record: key, hash: null };
    const revoked = await tx.apiKey.update({
      where: { id: key.id },
      data: { revokedAt: new Date(), revokedById: actor.userId },
    });
    await recordAuditEvent(tx, {
      workspaceId,
      actor,
      action: "api_key.revoked",
      context,
      targetKeyId: key.id,
      projectId: key.projectId,
      metadata: { name: key.name, start: key.start },
    });
    // Delivered to every listening instance when this transaction commits.
    await tx.$executeRaw`SELECT pg_notify(${REVOCATION_CHANNEL}, ${revoked.hash})`;
    const { hash: revokedHash, ...record } = revoked;
    return { record, hash: revokedHash };
  });
  if (hash) announceRevocation(hash);
  return record;
}

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

function decodeCursor(raw: string | undefined, field: string): Cursor | null {
  if (!raw) return null;
  try {
    const parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Cursor;
    const valueOk =
      parsed.v === null ||
      (typeof parsed.v === "string" && (field === "name" || !Number.isNaN(Date.parse(parsed.v))));
    if (valueOk && typeof parsed.id === "string" && isUuid(parsed.id) && typeof parsed.back === "boolean") {
      return parsed;
    }
  } catch {
    // fall through to the error below
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
      ? { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }
      : query.status === "revoked"
        ? { revokedAt: { not: null } }
        : query.status === "expired"
          ? { revokedAt: null, expiresAt: { lte: now } }
          : {};
  const filters: Prisma.ApiKeyWhereInput = {
    workspaceId,
    ...(query.environment ? { environment: query.environment } : {}),
    ...(query.q ? { name: { contains: query.q, mode: "insensitive" } } : {}),
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

  const count = (where: Prisma.ApiKeyWhereInput) => prisma.apiKey.count({ where, take: TOTAL_COUNT_CAP + 1 });
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

/** Random digits for a default key's name: `{projectId}_default_{suffix}` (seed 001). */
export function defaultKeySuffix(): string {
  return String(randomInt(100_000, 1_000_000));
}
