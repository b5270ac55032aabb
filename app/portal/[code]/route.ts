import { openPortalLink } from "@/lib/data";
import { apiRoute, handle } from "@/lib/http/route";
import { isPortalCodeShaped } from "@/lib/keys/token";
import { PORTAL_COOKIE } from "@/lib/schemas/portal";
import { z } from "zod";

// GET /portal/{code} - a portal link. The first use within 15 minutes gives this browser the
// session (an httpOnly, SameSite=Lax cookie for /portal) and opens the portal; a second use, a
// late one or a made-up code opens the "link expired" page instead. Not an API operation (its
// credential is the code in its path), but answered by the same wrapper. It redirects to a path,
// never to a host a header named: the browser stays on the origin it opened the link on.

/** Whether the request came to a loopback host, where a Secure cookie would not stick (plain http). */
function loopback(host: string): boolean {
  const name = host.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
  return name === "localhost" || name === "::1" || /^127\./.test(name);
}

const open = handle(
  {
    method: "GET",
    path: "/portal/{code}",
    role: "public",
    params: { code: { schema: z.string(), description: "The link's one-time code" } },
  },
  async (ctx) => {
    const host = ctx.request.headers.get("x-forwarded-host") ?? ctx.request.headers.get("host") ?? ctx.url.host;
    const opened = isPortalCodeShaped(ctx.params.code) ? await openPortalLink(ctx.params.code) : null;
    const noStore = { "cache-control": "no-store", "referrer-policy": "no-referrer" };
    if (!opened) return { status: 303, headers: { ...noStore, location: "/portal/expired" } };
    const cookie = [
      `${PORTAL_COOKIE}=${opened.token}`,
      "Path=/portal",
      `Expires=${opened.expiresAt.toUTCString()}`,
      "HttpOnly",
      "SameSite=Lax",
      ...(loopback(host) ? [] : ["Secure"]),
    ].join("; ");
    return { status: 303, headers: { ...noStore, location: "/portal", "set-cookie": cookie } };
  },
);

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(open);
