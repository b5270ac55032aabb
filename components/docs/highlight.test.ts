// Highlighting marks the tokens of each language the dashboard shows, and never turns the
// code's own text into markup.
import { describe, expect, it } from "vitest";
import { curlSnippet, goSnippet, pythonSnippet, typeScriptSnippet } from "@/components/api-keys/snippets";
import { highlightToHtml } from "./highlight";

const target = { baseUrl: "https://keys.example.com", projectId: "3f0e2a3c-1b2c-4d5e-8f90-0a1b2c3d4e5f" };
const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

describe("server-side highlighting", () => {
  it("marks keywords, strings and names in the SDK snippets, keeping their text as it is", () => {
    const go = highlightToHtml(goSnippet(target), "go");
    expect(go).toContain('<span class="hljs-keyword">package</span>');
    expect(go).toContain('<span class="hljs-string">&quot;keyport.dev/go/keyport&quot;</span>');
    expect(text(go)).toBe(goSnippet(target));
    const ts = highlightToHtml(typeScriptSnippet(target), "typescript");
    expect(ts).toContain('<span class="hljs-keyword">await</span>');
    expect(text(ts)).toBe(typeScriptSnippet(target));
    const python = highlightToHtml(pythonSnippet(target), "python");
    expect(python).toContain('<span class="hljs-keyword">import</span> keyport');
    expect(text(python)).toBe(pythonSnippet(target));
    const curl = highlightToHtml(curlSnippet(target), "bash");
    expect(curl).toContain('<span class="hljs-string">&quot;Authorization: Bearer <span class="hljs-variable">$KEYPORT_API_KEY</span>&quot;</span>');
    expect(text(curl)).toBe(curlSnippet(target));
  });

  it("marks JSON keys and values", () => {
    const html = highlightToHtml(JSON.stringify({ valid: true, name: "x", n: 1, gone: null }, null, 2), "json");
    expect(html).toContain('<span class="hljs-attr">&quot;valid&quot;</span>');
    expect(html).toContain('<span class="hljs-literal"><span class="hljs-keyword">true</span></span>');
    expect(html).toContain('<span class="hljs-number">1</span>');
  });

  it("escapes markup in the code", () => {
    const html = highlightToHtml('{"name": "<img src=x onerror=alert(1)>"}', "json");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});
