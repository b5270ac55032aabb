import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { uuidSchema } from "@/lib/schemas/ids";

// Keyset cursors: where a page ended, as base64url JSON that the next request hands back. A
// cursor is client input, so reading one checks it field by field, and one that does not read
// is the same 422 on every listing.

/** A position as a cursor. */
export function encodeCursor(position: object): string {
  return Buffer.from(JSON.stringify(position)).toString("base64url");
}

/** The position inside `raw`, checked with `schema`; null when it is not one. */
export function readCursor<S extends z.ZodType>(raw: string, schema: S): z.output<S> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const cursor = schema.safeParse(parsed);
  return cursor.success ? cursor.data : null;
}

/** The answer to a cursor that does not read: a 422 that says where good ones come from. */
export function invalidCursor(raw: string): AppError {
  return new AppError("validation_failed", "The cursor is not valid for this listing.", {
    errors: [{ location: "query.cursor", message: "Use the cursor from a Link header or a previous page.", value: raw }],
  });
}

const createdCursorSchema = z.strictObject({ t: z.iso.datetime(), id: uuidSchema });

/** A row's place in a listing ordered by creation time, then id. */
export type CreatedPosition = { t: string; id: string };

/** The cursor after `row` in a listing ordered by creation time, then id. */
export function createdCursorOf(row: { createdAt: Date; id: string }): string {
  return encodeCursor({ t: row.createdAt.toISOString(), id: row.id });
}

/** The position in such a listing that `raw` names (none without a cursor); a 422 when it names none. */
export function decodeCreatedCursor(raw: string | undefined): CreatedPosition | null {
  if (!raw) return null;
  const cursor = readCursor(raw, createdCursorSchema);
  if (!cursor) throw invalidCursor(raw);
  return cursor;
}
