// Syntax highlighting, done on the server: highlight.js's core with only the languages the
// dashboard shows, turned into spans with `hljs-*` classes that code-block.module.css colours
// for light and dark. No highlighting code reaches the browser.
import "server-only";
import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import go from "highlight.js/lib/languages/go";
import json from "highlight.js/lib/languages/json";
import python from "highlight.js/lib/languages/python";
import typescript from "highlight.js/lib/languages/typescript";

const highlighter = hljs.newInstance();
highlighter.registerLanguage("bash", bash);
highlighter.registerLanguage("go", go);
highlighter.registerLanguage("json", json);
highlighter.registerLanguage("python", python);
highlighter.registerLanguage("typescript", typescript);

export type CodeLanguage = "bash" | "go" | "json" | "python" | "typescript";

/** `code` as HTML: its text escaped, its tokens wrapped in `<span class="hljs-…">`. */
export function highlightToHtml(code: string, language: CodeLanguage): string {
  return highlighter.highlight(code, { language, ignoreIllegals: true }).value;
}
