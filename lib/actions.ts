import "server-only";
import { headers } from "next/headers";
import type { z } from "zod";
import type { Role } from "@/lib/auth/claims";
import { requireWorkspace, type WorkspaceSession } from "@/lib/auth/guard";
import { callerOf, type Caller } from "@/lib/data";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { chargeWrite } from "@/lib/limits";
import { toAppError } from "@/lib/http/problem";
import { newRequestId } from "@/lib/http/request-id";
import { redactKeys } from "@/lib/keys/token";
import type { ActionResult } from "@/lib/schemas/action-result";

// Server actions go through here: guard -> parse -> data layer -> a discriminated result.
// The dialog shows `fieldErrors` inline and `error.message` above the form.

export type ActionContext = {
  session: WorkspaceSession;
  requestId: string;
  ip: string | null;
  /** Who calls the data layer: the session's workspace and person, on this request. */
  caller: Caller;
};

export function toActionResult(error: unknown, requestId: string): ActionResult<never> {
  const appError = toAppError(error, requestId);
  const fieldErrors: Record<string, string[]> = {};
  for (const e of appError.errors) {
    const field = e.location.replace(/^(body|query|path)\./, "");
    // A message may quote what was typed (an allowlist entry): a key in it is never sent back whole.
    (fieldErrors[field] ??= []).push(redactKeys(e.message));
  }
  return {
    ok: false,
    error: { code: appError.code, status: appError.status, message: redactKeys(appError.detail), requestId },
    fieldErrors,
  };
}

/** Parses `input` with `schema`, or throws a 422 AppError listing every issue. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("validation_failed", "Check the highlighted fields.", {
      errors: parsed.error.issues.map((issue) => ({
        location: issue.path.map(String).join(".") || "form",
        message: issue.message,
      })),
    });
  }
  return parsed.data;
}

/**
 * Runs an action for a signed-in user of the workspace. A `write` counts against that user's
 * management write limit (the REST API's too), and past it is refused with a 429 result.
 */
export async function runAction<T>(
  options: { role: Role; write?: boolean; /** What the action does, for the audit trail of refusals. */ name?: string },
  fn: (ctx: ActionContext) => Promise<T>,
): Promise<ActionResult<T>> {
  const requestId = newRequestId();
  try {
    const ip = clientIp(await headers());
    const session = await requireWorkspace({
      role: options.role,
      attempt: options.name ? `dashboard: ${options.name}` : "a dashboard action",
      context: { requestId, ip },
    });
    if (options.write) await chargeWrite(session.workspaceId, session.userId);
    return { ok: true, data: await fn({ session, requestId, ip, caller: callerOf(session, { requestId, ip }) }) };
  } catch (error) {
    return toActionResult(error, requestId);
  }
}
