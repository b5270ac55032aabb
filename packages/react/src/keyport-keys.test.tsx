// The component renders on a server (no window, no document, no fetch made) and in its own
// built module, and its client speaks the portal API's words.
import { readFileSync } from "node:fs";
import path from "node:path";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { KeyportKeys, PortalApiError, portalClient } from "./index";

describe("KeyportKeys", () => {
  it("renders on the server without touching browser globals, and asks nothing of the network there", () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe("undefined");
    const originalFetch = globalThis.fetch;
    let fetched = 0;
    globalThis.fetch = (async () => {
      fetched++;
      throw new Error("no fetch during render");
    }) as typeof fetch;
    try {
      const html = renderToString(createElement(KeyportKeys, { baseUrl: "https://keys.example.com/api/v1/portal", token: "kpp_x", title: "Your API keys" }));
      expect(html).toContain("Your API keys");
      expect(html).toContain("Loading keys");
      expect(html).toContain("--kp-accent");
      expect(html).not.toContain("kpp_x");
    } finally {
      globalThis.fetch = originalFetch;
    }
    expect(fetched).toBe(0);
  });

  it("styles itself with variables the host can override, in light and dark", () => {
    const html = renderToString(createElement(KeyportKeys, { baseUrl: "/portal/api" }));
    for (const variable of ["--kp-bg", "--kp-fg", "--kp-accent", "--kp-border", "--kp-danger", "--kp-radius", "--kp-font"]) expect(html).toContain(variable);
    expect(html).toContain("prefers-color-scheme: dark");
  });
});

describe("portalClient", () => {
  it("sends the token as a bearer and never the cookie; turns a problem into a PortalApiError with its detail", async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const originalFetch = globalThis.fetch;
    globalThis.fetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ code: "forbidden", detail: "This portal session does not allow keys:create.", errors: [] }), {
        status: 403,
        headers: { "content-type": "application/problem+json" },
      });
    }) as typeof fetch;
    try {
      const client = portalClient({ baseUrl: "https://keys.example.com/api/v1/portal/", token: "kpp_abc" });
      const error = await client.createKey({ name: "ci" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PortalApiError);
      expect((error as PortalApiError).message).toBe("This portal session does not allow keys:create.");
      expect(calls[0]!.url).toBe("https://keys.example.com/api/v1/portal/keys");
      expect(calls[0]!.init.credentials).toBe("omit");
      expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe("Bearer kpp_abc");
      await portalClient({ baseUrl: "/portal/api" }).listKeys().catch(() => undefined);
      expect(calls[1]!.init.credentials).toBe("same-origin");
      expect((calls[1]!.init.headers as Record<string, string>).authorization).toBeUndefined();
    } finally {
      globalThis.fetch = originalFetch;
    }
  });
});

describe("the package", () => {
  it("is semver-versioned with a changelog entry for its version", () => {
    const here = path.dirname(new URL(import.meta.url).pathname);
    const manifest = JSON.parse(readFileSync(path.join(here, "..", "package.json"), "utf8")) as { name: string; version: string };
    expect(manifest.name).toBe("@keyport/react");
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(readFileSync(path.join(here, "..", "CHANGELOG.md"), "utf8")).toContain(`## ${manifest.version}`);
  });
});
