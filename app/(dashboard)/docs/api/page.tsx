import type { Metadata } from "next";
import { ApiReference, Described } from "@/components/docs/api-reference";
import type { OpenApiDocument } from "@/components/docs/reference-model";
import { requirePageSession } from "@/lib/auth/page";
import { env } from "@/lib/env";
import { publicBaseUrl } from "@/lib/http/base-url";
import { openApiDocument } from "@/lib/openapi";

export const metadata: Metadata = { title: "API reference" };

/** The API reference, rendered from the same OpenAPI document the API serves. */
export default async function ApiReferencePage() {
  await requirePageSession();
  const baseUrl = await publicBaseUrl();
  const document = openApiDocument(baseUrl, env().KEYPORT_KEY_PREFIX);
  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">API reference</h1>
        <p className="max-w-3xl text-sm text-fg-muted">
          <Described text={document.info.description} />
        </p>
        <p className="text-sm">
          Machine-readable:{" "}
          <a className="text-accent underline" href="/api/v1/openapi.json">
            /api/v1/openapi.json
          </a>{" "}
          (OpenAPI {document.openapi}, version {document.info.version}). Base URL: <code className="font-mono break-all">{baseUrl}</code>
        </p>
      </header>
      <ApiReference document={document as unknown as OpenApiDocument} baseUrl={baseUrl} />
    </div>
  );
}
