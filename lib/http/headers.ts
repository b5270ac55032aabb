import { env } from "@/lib/env";
import { API_CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from "./security-headers.mjs";

// The security headers of each kind of response, computed once per process.

/** HSTS, when this deployment is served over HTTPS (its public URL says so). */
function transportSecurity(): Record<string, string> {
  return env().KEYPORT_PUBLIC_URL?.startsWith("https://") ? { "strict-transport-security": "max-age=31536000; includeSubDomains" } : {};
}

let general: Readonly<Record<string, string>> | null = null;
let api: Readonly<Record<string, string>> | null = null;

/** Headers every response carries, pages and assets included. */
export function securityHeaders(): Readonly<Record<string, string>> {
  return (general ??= Object.freeze({ ...SECURITY_HEADERS, ...transportSecurity() }));
}

/** Headers every API response carries. */
export function apiSecurityHeaders(): Readonly<Record<string, string>> {
  return (api ??= Object.freeze({ ...securityHeaders(), "content-security-policy": API_CONTENT_SECURITY_POLICY }));
}

/**
 * A page's Content-Security-Policy: scripts only from here and with this response's nonce
 * (Next reads the nonce from this header and puts it on its own scripts), nothing framed,
 * framed by nobody. Development adds what React's dev tooling needs.
 */
export function pageContentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
