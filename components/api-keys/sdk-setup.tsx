import { Badge } from "@/components/ui/badge";
import { CopyButton } from "./copy-button";

const SDKS = [
  { name: "HTTP", ready: true, note: "Any language, with curl or your HTTP client." },
  { name: "TypeScript", ready: true, note: "lib/sdk: dependency-free client." },
  { name: "Go", ready: false, note: "Server SDK." },
  { name: "Android", ready: false, note: "Client SDK." },
  { name: "iOS", ready: false, note: "Client SDK." },
  { name: "C++", ready: false, note: "Use the HTTP API meanwhile." },
] as const;

/** The SDK setup grid (informational: no card is a link), with snippets for this deployment's URL. */
export function SdkSetup({ baseUrl, projectId }: { baseUrl: string; projectId: string }) {
  const curl = `curl -X POST ${baseUrl}/api/v1/keys/verify \\
  -H "Authorization: Bearer $KEYPORT_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"app_id": "${projectId}"}'`;
  const ts = `import { Keyport } from "./lib/sdk";

const keyport = new Keyport({ baseUrl: "${baseUrl}" });
const result = await keyport.verifyKey(process.env.KEYPORT_API_KEY!, {
  appId: "${projectId}",
  environment: "live",
});
console.log(result.keyId, result.scopes);`;
  return (
    <section aria-labelledby="sdk-heading" className="space-y-4">
      <div>
        <h2 id="sdk-heading" className="text-lg font-semibold">
          SDK setup
        </h2>
        <p className="text-sm text-fg-muted">
          Send the key as <code className="font-mono">Authorization: Bearer &lt;key&gt;</code>. Load it from an environment
          variable or your secret manager; never commit it.
        </p>
      </div>
      <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        {SDKS.map((sdk) => (
          <li key={sdk.name} className="rounded-lg border border-border bg-surface p-3">
            <div className="flex flex-wrap items-center justify-between gap-x-2 gap-y-1">
              <span className="font-medium">{sdk.name}</span>
              {sdk.ready ? <Badge tone="success">Ready</Badge> : <Badge>Coming soon</Badge>}
            </div>
            <p className="mt-1 text-xs text-fg-muted">{sdk.note}</p>
          </li>
        ))}
      </ul>
      <div className="grid gap-4 lg:grid-cols-2">
        {[
          { label: "curl snippet", title: "HTTP (curl)", code: curl },
          { label: "TypeScript snippet", title: "TypeScript", code: ts },
        ].map((snippet) => (
          <figure key={snippet.title} className="min-w-0 overflow-hidden rounded-lg border border-border bg-surface">
            <figcaption className="flex items-center justify-between border-b border-border px-3 py-1.5 text-sm font-medium">
              {snippet.title}
              <CopyButton text={snippet.code} label={snippet.label} />
            </figcaption>
            {/* Focusable, so keyboard users can scroll a long line. */}
            <pre tabIndex={0} aria-label={snippet.label} className="overflow-x-auto p-3 font-mono text-xs leading-relaxed">
              <code>{snippet.code}</code>
            </pre>
          </figure>
        ))}
      </div>
    </section>
  );
}
