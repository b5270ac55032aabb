// Next 16's proxy (middleware). It redirects pages to sign-in and gives each page its
// Content-Security-Policy with a fresh nonce; it is not the security check: every page, action
// and route handler calls the guard itself. API routes never pass through here, so the SDK
// verify route pays for no middleware.
import { clerkMiddleware, createRouteMatcher } from "@clerk/nextjs/server";
import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE, authMode } from "@/lib/auth/mode";
import { env } from "@/lib/env";
import { pageContentSecurityPolicy, securityHeaders } from "@/lib/http/headers";

const isPublic = createRouteMatcher(["/sign-in(.*)", "/sign-up(.*)"]);
const dev = process.env.NODE_ENV === "development";

// Clerk writes its own strict, nonce-based policy (its scripts come from its own host).
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
  matcher: ["/((?!api/|_next/|favicon\\.ico|.*\\.(?:png|svg|ico|txt|json)$).*)"],
};
