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
