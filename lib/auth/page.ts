import "server-only";
import { redirect } from "next/navigation";
import { isAppError } from "@/lib/errors";
import type { Role } from "./claims";
import { requireWorkspace, type WorkspaceSession } from "./guard";

/** The guard for pages: no session redirects to sign-in; no organization to choosing one. */
export async function requirePageSession(options: { role?: Role } = {}): Promise<WorkspaceSession> {
  try {
    return await requireWorkspace(options);
  } catch (error) {
    if (isAppError(error) && error.code === "unauthorized") redirect("/sign-in");
    if (isAppError(error) && error.code === "forbidden" && !options.role) redirect("/select-organization");
    throw error;
  }
}
