// Security headers for every response: Next's pages and routes get them from next.config.mjs,
// the production server's verify fast path sends them itself. One list, so the two agree.
// Plain JavaScript, because next.config.mjs imports it before any TypeScript is compiled.

/** @type {Readonly<Record<string, string>>} */
export const SECURITY_HEADERS = Object.freeze({
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
});
