// The SDKs the grid lists, in the order the product's docs give them (Go and HTTP first, then the
// client SDKs and C++ that are coming), then the packages Keyport ships besides: TypeScript,
// Python and the CLI. Each Ready package installs from this instance and has a docs page.
import { cliSnippet, goSnippet, installCommands, pythonSnippet, typeScriptSnippet, type SnippetTarget } from "./snippets";

export type SdkSlug = "go" | "typescript" | "python" | "cli";

export type SdkEntry = {
  name: string;
  ready: boolean;
  note: string;
  /** The docs page (/docs/sdks/{slug}) and install command of a package this instance serves. */
  slug?: SdkSlug;
};

export const SDKS: readonly SdkEntry[] = [
  { name: "Go", ready: true, note: "Server SDK: the keyport.dev/go/keyport module.", slug: "go" },
  { name: "HTTP", ready: true, note: "Any language, with curl or your HTTP client." },
  { name: "Android", ready: false, note: "Client SDK." },
  { name: "iOS", ready: false, note: "Client SDK." },
  { name: "JavaScript", ready: false, note: "Client SDK." },
  { name: "C++", ready: false, note: "Server SDK. Until it ships, call the HTTP API with a server key." },
  { name: "TypeScript", ready: true, note: "@keyport/sdk: Node 20+, edge runtimes.", slug: "typescript" },
  { name: "Python", ready: true, note: "keyport: Python 3.9+, standard library only.", slug: "python" },
  { name: "CLI", ready: true, note: "keyport: the command line, for people and CI.", slug: "cli" },
];

/** What a docs page says about each package: its title, language and verify snippet. */
export const SDK_PAGES: Record<SdkSlug, { title: string; language: "go" | "typescript" | "python" | "bash"; snippet: (target: SnippetTarget) => string }> = {
  typescript: { title: "TypeScript SDK", language: "typescript", snippet: typeScriptSnippet },
  go: { title: "Go SDK", language: "go", snippet: goSnippet },
  python: { title: "Python SDK", language: "python", snippet: pythonSnippet },
  cli: { title: "CLI", language: "bash", snippet: cliSnippet },
};

export function installCommand(slug: SdkSlug, baseUrl: string): string {
  return installCommands(baseUrl)[slug];
}
