// Identifiers. Client-safe.
import { z } from "zod";

/** Every id Keyport issues is a UUID (RFC 9562). */
export const uuidSchema = z.uuid();

export function isUuid(value: unknown): value is string {
  return uuidSchema.safeParse(value).success;
}
