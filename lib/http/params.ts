import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/schemas/ids";

/** A path parameter that must be a UUID: anything else is a 422 naming it. */
export function uuidParam(name: string, value: string): string {
  if (!isUuid(value)) {
    throw new AppError("validation_failed", `${name} must be a UUID.`, {
      errors: [{ location: `path.${name}`, message: "Must be a UUID.", value }],
    });
  }
  return value.toLowerCase();
}

/** `Link: <...>; rel="next", <...>; rel="prev"` for a cursor-paged listing. */
export function paginationLink(url: URL, cursors: { next: string | null; prev: string | null }): Record<string, string> {
  const links: string[] = [];
  for (const [rel, cursor] of [["next", cursors.next], ["prev", cursors.prev]] as const) {
    if (!cursor) continue;
    const target = new URL(url);
    target.searchParams.set("cursor", cursor);
    links.push(`<${target.pathname}${target.search}>; rel="${rel}"`);
  }
  return links.length ? { link: links.join(", ") } : {};
}
