import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { CodeBlock } from "@/components/docs/code-block";
import { cn } from "@/components/ui/cn";
import { SDKS, installCommand } from "./sdk-catalogue";
import { cliSnippet, curlSnippet, goSnippet, pythonSnippet, typeScriptSnippet } from "./snippets";

/**
 * The SDK setup grid, with snippets for this deployment's URL, highlighted on the server. Each
 * Ready package's card shows the one command that installs it from this instance and links to
 * its docs page; the cards of SDKs that are coming are not links.
 */
export function SdkSetup({ baseUrl, projectId }: { baseUrl: string; projectId: string }) {
  const target = { baseUrl, projectId };
  const snippets = [
    { label: "Go snippet", title: "Go (keyport.dev/go/keyport)", code: goSnippet(target), language: "go", wide: true },
    { label: "curl snippet", title: "HTTP (curl)", code: curlSnippet(target), language: "bash", wide: false },
    { label: "TypeScript snippet", title: "TypeScript (@keyport/sdk)", code: typeScriptSnippet(target), language: "typescript", wide: false },
    { label: "Python snippet", title: "Python (keyport)", code: pythonSnippet(target), language: "python", wide: false },
    { label: "CLI snippet", title: "CLI (keyport)", code: cliSnippet(target), language: "bash", wide: false },
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
          public, so use a separate key for each platform. Every SDK installs from this instance; every route, with its fields and errors, is in the{" "}
          <Link href="/docs/api" className="text-accent underline underline-offset-2">
            API reference
          </Link>
          .
        </p>
      </div>
      <ul aria-label="SDKs" className="grid grid-cols-1 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        {SDKS.map((sdk) => (
          <li
            key={sdk.name}
            aria-label={`${sdk.name}: ${sdk.ready ? "Ready" : "Coming soon"}`}
            className="min-w-0 rounded-lg border border-border bg-surface p-3"
          >
            <div className="flex flex-wrap items-center justify-between gap-x-2 gap-y-1">
              <span className="font-medium">{sdk.name}</span>
              {sdk.ready ? <Badge tone="success">Ready</Badge> : <Badge>Coming soon</Badge>}
            </div>
            <p className="mt-1 text-xs text-fg-muted">{sdk.note}</p>
            {sdk.slug ? (
              <>
                <code aria-label={`Install ${sdk.name}`} className={cn("mt-2 block font-mono text-xs break-all")}>
                  {installCommand(sdk.slug, baseUrl)}
                </code>
                <Link href={`/docs/sdks/${sdk.slug}`} className="mt-2 inline-block text-xs text-accent underline">
                  {sdk.name} docs
                </Link>
              </>
            ) : null}
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
