"use server";

import { runAction } from "@/lib/actions";
import type { ActionResult } from "@/lib/schemas/action-result";
import { mintLocalSessionToken } from "@/lib/auth/local-keys";
import { findLocalPerson } from "@/lib/auth/local-people";
import { authMode } from "@/lib/auth/mode";
import { AppError } from "@/lib/errors";

/** Local mode: a session token for the REST API, for the account menu's copy button. */
export async function issueApiTokenAction(): Promise<ActionResult<{ token: string }>> {
  return runAction({ role: "member" }, async ({ session }) => {
    const person = authMode() === "local" ? findLocalPerson(session.userId) : undefined;
    if (!person) throw new AppError("forbidden", "In Clerk mode, use your Clerk session token.");
    return { token: await mintLocalSessionToken(person) };
  });
}
