// What every server action returns: the data, or an error with every field's messages.
// Client-safe, so dialogs can type their actions without touching server code.
import type { ErrorCode } from "@/lib/errors";

export type ActionError = { code: ErrorCode; status: number; message: string; requestId: string };

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: ActionError; fieldErrors: Record<string, string[]> };
