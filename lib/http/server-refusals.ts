import "server-only";
import { AppError } from "@/lib/errors";

// Requests the production server refuses before any route sees them, as problem+json with a
// request id like every other answer: methods no route here implements (a 405 listing those
// that exist: a client error, never a 5xx), and paths whose percent-encoding does not decode.

/** The methods a route here can answer (Next's route handlers implement no others). */
export const IMPLEMENTED_METHODS = new Set(["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]);

/** Why the server refuses this request outright, or null to let it through. */
export function refusal(method: string | undefined, target: string): AppError | null {
  if (!method || !IMPLEMENTED_METHODS.has(method)) {
    return new AppError(
      "method_not_allowed",
      "No route here answers this method. OPTIONS on a route lists the methods it allows.",
      { headers: { allow: [...IMPLEMENTED_METHODS].join(", ") } },
    );
  }
  const queryAt = target.indexOf("?");
  const path = queryAt >= 0 ? target.slice(0, queryAt) : target;
  if (path.includes("%")) {
    try {
      decodeURIComponent(path);
    } catch {
      return new AppError("bad_request", "The request path is not valid percent-encoding.", {
        errors: [{ location: "path", message: "Not valid percent-encoding.", value: path }],
      });
    }
  }
  return null;
}
