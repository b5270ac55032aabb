import { env } from "@/lib/env";
import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { requirePageSession } from "@/lib/auth/page";
import { ERROR_STATUS, ERROR_TITLE, type ErrorCode } from "@/lib/errors";
import { publicBaseUrl } from "@/lib/http/base-url";
import { openApiDocument } from "@/lib/openapi";

export const metadata: Metadata = { title: "API reference" };

type Operation = { summary?: string; description?: string; responses: Record<string, { description: string }> };

const METHOD_TONE = { get: "success", post: "accent", delete: "danger" } as const;

/** OpenAPI descriptions are Markdown: show their `code` spans as code. */
function Described({ text }: { text: string }) {
  return text.split("`").map((part, i) => (i % 2 ? <code key={i} className="font-mono text-[0.95em]">{part}</code> : part));
}

/** The API reference, rendered from the same OpenAPI document the API serves. */
export default async function ApiReferencePage() {
  await requirePageSession();
  const baseUrl = await publicBaseUrl();
  const doc = openApiDocument(baseUrl, env().KEYPORT_KEY_PREFIX);
  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">API reference</h1>
        <p className="max-w-2xl text-sm text-fg-muted">
          <Described text={doc.info.description} />
        </p>
        <p className="text-sm">
          Machine-readable:{" "}
          <a className="text-accent underline" href="/api/v1/openapi.json">
            /api/v1/openapi.json
          </a>{" "}
          (OpenAPI 3.1). Base URL: <code className="font-mono">{baseUrl}</code>
        </p>
      </header>
      {Object.entries(doc.paths).map(([path, item]) => (
        <section key={path} className="space-y-3 rounded-lg border border-border bg-surface p-4">
          {Object.entries(item as Record<string, Operation | unknown>)
            .filter(([method]) => ["get", "post", "delete"].includes(method))
            .map(([method, operation]) => {
              const op = operation as Operation;
              return (
                <div key={method} className="space-y-2">
                  <h2 className="flex flex-wrap items-center gap-2 font-mono text-sm">
                    <Badge tone={METHOD_TONE[method as keyof typeof METHOD_TONE]}>{method.toUpperCase()}</Badge>
                    <span className="break-all">{path}</span>
                  </h2>
                  <p className="text-sm font-medium">{op.summary}</p>
                  {op.description ? (
                    <p className="text-sm text-fg-muted">
                      <Described text={op.description} />
                    </p>
                  ) : null}
                  <ul className="grid gap-1 text-sm sm:grid-cols-2">
                    {Object.entries(op.responses).map(([status, response]) => (
                      <li key={status} className="flex gap-2">
                        <code className="font-mono text-xs font-semibold">{status}</code>
                        <span className="text-fg-muted">
                          <Described text={response.description} />
                        </span>
                      </li>
                    ))}
                  </ul>
                </div>
              );
            })}
        </section>
      ))}
      <section className="space-y-3" aria-labelledby="errors-heading">
        <h2 id="errors-heading" className="text-lg font-semibold">
          Error codes
        </h2>
        <p className="text-sm text-fg-muted">
          Every error is <code className="font-mono">application/problem+json</code> with <code className="font-mono">code</code>,{" "}
          <code className="font-mono">request_id</code> and <code className="font-mono">errors[]</code>.
        </p>
        <ul className="grid gap-2 sm:grid-cols-2">
          {(Object.keys(ERROR_STATUS) as ErrorCode[]).map((code) => (
            <li key={code} id={`error-${code}`} className="rounded-md border border-border bg-surface px-3 py-2 text-sm">
              <code className="font-mono font-semibold">{code}</code> <span className="text-fg-muted">{ERROR_STATUS[code]} {ERROR_TITLE[code]}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
