// Next 16's proxy (middleware). It only redirects: every page, action and route handler
// calls the guard itself. API routes never pass through here, so the SDK verify route pays
// for no middleware.
import { clerkMiddleware, createRouteMatcher } from "@clerk/nextjs/server";
import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE, authMode } from "@/lib/auth/mode";
import { env } from "@/lib/env";

const isPublic = createRouteMatcher(["/sign-in(.*)", "/sign-up(.*)"]);

const clerkProxy = clerkMiddleware(
  async (auth, request) => {
    if (!isPublic(request)) await auth.protect();
  },
  { jwtKey: env().CLERK_JWT_KEY },
);

function localProxy(request: NextRequest) {
  // A cheap presence check for a friendly redirect; the guard verifies the token. Server
  // action calls are not pages: they reach their guard, which answers with a 401 result.
  if (!isPublic(request) && !request.headers.has("next-action") && !request.cookies.get(SESSION_COOKIE)) {
    return NextResponse.redirect(new URL("/sign-in", request.url));
  }
  return NextResponse.next();
}

export default authMode() === "clerk" ? clerkProxy : localProxy;

export const config = {
  matcher: ["/((?!api/|_next/|favicon\\.ico|.*\\.(?:png|svg|ico|txt|json)$).*)"],
};
