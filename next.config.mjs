// Next.js configuration. Security headers apply to every response (the same list the verify
// fast path sends); the verify route and the REST API set their own content types.
import { API_CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from "./lib/http/security-headers.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // The proxy (middleware) sees the request's own URL. Otherwise it sees
  // http://localhost:PORT while the router compares against the host the server was started
  // on: Clerk's middleware rewrites every page to its own URL, the origins differ, and Next
  // proxies the request to itself, again and again (HOST=127.0.0.1 in Clerk mode).
  skipProxyUrlNormalize: true,
  // npm test type-checks (tsc) before it builds, and says so with KEYPORT_TYPECHECKED=1: its
  // build does not check the same types again. Every other build checks them.
  typescript: { ignoreBuildErrors: process.env.KEYPORT_TYPECHECKED === "1" },
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "@electric-sql/pglite", "pino", "ioredis", "rate-limiter-flexible"],
  // The hosted portal calls the portal API under its own path, so that its cookie (Path=/portal)
  // goes with each call and with nothing else.
  async rewrites() {
    return { beforeFiles: [{ source: "/portal/api/:path*", destination: "/api/v1/portal/:path*" }], afterFiles: [], fallback: [] };
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value })),
      },
      // Pages get a nonce-based policy from proxy.ts; the API's is fixed.
      { source: "/api/:path*", headers: [{ key: "content-security-policy", value: API_CONTENT_SECURITY_POLICY }] },
      { source: "/portal/api/:path*", headers: [{ key: "content-security-policy", value: API_CONTENT_SECURITY_POLICY }] },
    ];
  },
};

export default nextConfig;
