// Next 16's proxy (middleware). It redirects pages to sign-in and gives each page its
// Content-Security-Policy with a fresh nonce; it is not the security check: every page, action
// and route handler calls the guard itself. API routes never pass through here, so the SDK
// verify route pays for no middleware; nor do the SDK downloads under /sdk and the Go module
// proxy under /go, which npm, pip and go fetch without a session.
import { clerkMiddleware } from "@clerk/nextjs/server";
import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE, authMode } from "@/lib/auth/mode";
import { env } from "@/lib/env";
import { pageContentSecurityPolicy, securityHeaders } from "@/lib/http/headers";

/**
 * Pages anyone may open: signing in and up, and the self-serve portal (its customers are not
 * workspace members: each of its pages checks the portal session itself).
 */
const isPublic = (request: NextRequest) => /^\/(sign-(in|up)|portal)(\/|$)/.test(request.nextUrl.pathname);
const dev = process.env.NODE_ENV === "development";

// Clerk mode: Clerk writes its own strict, nonce-based policy (its scripts come from its own
// host), and a visitor who is not signed in is sent to sign-in with the way back. That redirect
// is a convenience, not the check: as Clerk now recommends, the checks are resource-based,
// made by the guard that every page, layout, action and route handler calls.
const clerkProxy = clerkMiddleware(
  async (auth, request) => {
    if (!isPublic(request)) await auth.protect();
  },
  {
    jwtKey: env().CLERK_JWT_KEY,
    contentSecurityPolicy: { strict: true, directives: { "frame-ancestors": ["'none'"], "object-src": ["'none'"] } },
  },
);

function localProxy(request: NextRequest) {
  // A cheap presence check for a friendly redirect; the guard verifies the token. Server
  // action calls are not pages: they reach their guard, which answers with a 401 result.
  if (!isPublic(request) && !request.headers.has("next-action") && !request.cookies.get(SESSION_COOKIE)) {
    return NextResponse.redirect(new URL("/sign-in", request.url));
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const policy = pageContentSecurityPolicy(nonce, dev);
  // Next reads the nonce from the request's policy and puts it on the scripts it renders.
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  for (const [name, value] of Object.entries(securityHeaders())) response.headers.set(name, value);
  return response;
}

export default authMode() === "clerk" ? clerkProxy : localProxy;

export const config = {
  // The portal's own API path (/portal/api/…, the portal API under the portal cookie's path) is
  // the API, not a page; the SDK artifacts and the Go module proxy are files for tools.
  matcher: ["/((?!api/|portal/api/|sdk/|go/|_next/|favicon\\.ico|.*\\.(?:png|svg|ico|txt|json)$).*)"],
};
