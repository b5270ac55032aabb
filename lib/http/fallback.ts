import { AppError } from "@/lib/errors";
import { problemResponse } from "./problem";
import { newRequestId } from "./request-id";

/** Route handlers for the methods a route does not support: a 405 problem with `Allow`. */
export function methodNotAllowed(allowed: string[]) {
  const handler = (): Response =>
    problemResponse(
      new AppError("method_not_allowed", `Use ${allowed.join(" or ")} on this route.`, {
        headers: { allow: allowed.join(", ") },
      }),
      newRequestId(),
    );
  return handler;
}
