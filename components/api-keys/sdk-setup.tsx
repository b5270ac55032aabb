import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { CodeBlock } from "@/components/docs/code-block";
import { cn } from "@/components/ui/cn";
import { curlSnippet, goSnippet, typeScriptSnippet } from "./snippets";

/**
 * The SDKs, in the order the product's docs give them: Go and HTTP are ready; the client SDKs
 * and C++ are coming. Our TypeScript client is real too, so it follows them.
 */
const SDKS = [
  { name: "Go", ready: true, note: "Server SDK: net/http, below." },
  { name: "HTTP", ready: true, note: "Any language, with curl or your HTTP client." },
  { name: "Android", ready: false, note: "Client SDK." },
  { name: "iOS", ready: false, note: "Client SDK." },
  { name: "JavaScript", ready: false, note: "Client SDK." },
  { name: "C++", ready: false, note: "Server SDK. Until it ships, call the HTTP API with a server key." },
  { name: "TypeScript", ready: true, note: "lib/sdk: a dependency-free server client." },
] as const;

/**
 * The SDK setup grid (informational: no card is a link), with snippets for this deployment's URL,
 * highlighted on the server.
 */
export function SdkSetup({ baseUrl, projectId }: { baseUrl: string; projectId: string }) {
  const target = { baseUrl, projectId };
  const snippets = [
    { label: "Go snippet", title: "Go (net/http)", code: goSnippet(target), language: "go", wide: true },
    { label: "curl snippet", title: "HTTP (curl)", code: curlSnippet(target), language: "bash", wide: false },
    { label: "TypeScript snippet", title: "TypeScript", code: typeScriptSnippet(target), language: "typescript", wide: false },
  ] as const;
  return (
    <section aria-labelledby="sdk-heading" className="space-y-4">
      <div>
        <h2 id="sdk-heading" className="text-lg font-semibold">
          SDK setup
        </h2>
        <p className="text-sm text-fg-muted">
          Send the key as <code className="font-mono">Authorization: Bearer &lt;key&gt;</code>. Load it from an environment
          variable or your secret manager; never commit it. Keys are for servers: a key shipped in a browser or a mobile app is
          public, so use a separate key for each platform. Every route, with its fields and errors, is in the{" "}
          <Link href="/docs/api" className="text-accent underline underline-offset-2">
            API reference
          </Link>
          .
        </p>
      </div>
      <ul aria-label="SDKs" className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7">
        {SDKS.map((sdk) => (
          <li key={sdk.name} aria-label={`${sdk.name}: ${sdk.ready ? "Ready" : "Coming soon"}`} className="rounded-lg border border-border bg-surface p-3">
            <div className="flex flex-wrap items-center justify-between gap-x-2 gap-y-1">
              <span className="font-medium">{sdk.name}</span>
              {sdk.ready ? <Badge tone="success">Ready</Badge> : <Badge>Coming soon</Badge>}
            </div>
            <p className="mt-1 text-xs text-fg-muted">{sdk.note}</p>
          </li>
        ))}
      </ul>
      <div className="grid items-start gap-4 lg:grid-cols-2">
        {snippets.map((snippet) => (
          <CodeBlock
            key={snippet.title}
            code={snippet.code}
            language={snippet.language}
            title={snippet.title}
            label={snippet.label}
            className={cn(snippet.wide && "lg:col-span-2")}
          />
        ))}
      </div>
    </section>
  );
}
