import { NextResponse } from "next/server";
import { openPortalLink } from "@/lib/data";
import { isPortalCodeShaped } from "@/lib/keys/token";
import { PORTAL_COOKIE } from "@/lib/schemas/portal";

// GET /portal/{code} - a portal link. The first use within 15 minutes gives this browser the
// session (an httpOnly, SameSite=Lax cookie for /portal) and opens the portal; a second use, a
// late one or a made-up code opens the "link expired" page instead.

/** Whether the request came to a loopback host, where a Secure cookie would not stick (plain http). */
function loopback(host: string): boolean {
  const name = host.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
  return name === "localhost" || name === "::1" || /^127\./.test(name);
}

export async function GET(request: Request, context: { params: Promise<{ code: string }> }): Promise<Response> {
  const { code } = await context.params;
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? url.host;
  const proto = request.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "");
  const base = `${proto}://${host}`;
  const opened = isPortalCodeShaped(code) ? await openPortalLink(code) : null;
  if (!opened) {
    const response = NextResponse.redirect(new URL("/portal/expired", base), 303);
    response.headers.set("cache-control", "no-store");
    return response;
  }
  const response = NextResponse.redirect(new URL("/portal", base), 303);
  response.headers.set("cache-control", "no-store");
  response.headers.set("referrer-policy", "no-referrer");
  response.cookies.set(PORTAL_COOKIE, opened.token, {
    httpOnly: true,
    sameSite: "lax",
    path: "/portal",
    secure: !loopback(host),
    expires: opened.expiresAt,
  });
  return response;
}
