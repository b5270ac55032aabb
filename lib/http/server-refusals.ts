import "server-only";
import { allowAt } from "@/lib/api/operations";
import { AppError } from "@/lib/errors";

// Requests the production server refuses before any route sees them, as problem+json with a
// request id like every other answer: methods no route here implements (a 405 listing those
// the path answers: a client error, never a 5xx), request targets that are not a path, and
// paths whose percent-encoding does not decode.

/** The methods a route here can answer (Next's route handlers implement no others). */
export const IMPLEMENTED_METHODS = new Set(["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]);

/**
 * The request target in origin form (`/path?query`), and the host it names. HTTP/1.1 servers
 * must accept the absolute form (`http://host/path`, RFC 9112, section 3.2.2), whose host then
 * replaces the Host header. `*` means the server itself, and only OPTIONS asks about that.
 */
export function originForm(method: string | undefined, target: string): { target: string; host?: string } | AppError {
  if (target.startsWith("/")) return { target };
  if (target === "*") {
    return new AppError("bad_request", "The request target `*` is only meaningful with OPTIONS.", {
      errors: [{ location: "path", message: "Not a path.", value: target }],
    });
  }
  if (/^https?:\/\//i.test(target)) {
    try {
      const url = new URL(target);
      return { target: `${url.pathname}${url.search}`, host: url.host };
    } catch {
      // refused below
    }
  }
  return new AppError("bad_request", "The request target must be a path such as /api/v1/projects.", {
    errors: [{ location: "path", message: "Not a path.", value: target }],
  });
}

/** Why the server refuses this request outright, or null to let it through. */
export function refusal(method: string | undefined, target: string): AppError | null {
  const queryAt = target.indexOf("?");
  const path = queryAt >= 0 ? target.slice(0, queryAt) : target;
  if (!method || !IMPLEMENTED_METHODS.has(method)) {
    // The methods of the API operations at this path (the catalogue's); elsewhere (pages, the
    // catch-all's 404s), every method a route here can answer.
    return new AppError(
      "method_not_allowed",
      "No route here answers this method. OPTIONS on a route lists the methods it allows.",
      { headers: { allow: allowAt(path) ?? [...IMPLEMENTED_METHODS].join(", ") } },
    );
  }
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
