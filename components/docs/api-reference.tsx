// The API reference page's body, from the reference model of the OpenAPI document: a table of
// contents by tag, how to authenticate, a section per operation (parameters, body fields, an
// example request and answer, the codes it can answer) and every error code explained once.
// A server component: the examples are highlighted here, and no script is needed to read it.
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { CodeBlock } from "./code-block";
import { ERROR_MEANING } from "./error-meanings";
import {
  credentialVariable,
  curlExample,
  errorAnchor,
  referenceModel,
  schemeAnchor,
  schemeSummary,
  type BodyView,
  type OpenApiDocument,
  type OperationView,
  type ParameterView,
  type ReferenceModel,
} from "./reference-model";
import type { FieldRow } from "./schema";

const METHOD_TONE: Record<string, "success" | "accent" | "warning" | "danger" | "neutral"> = {
  GET: "success",
  POST: "accent",
  PUT: "warning",
  PATCH: "warning",
  DELETE: "danger",
};

/** OpenAPI descriptions are Markdown: show their `code` spans as code. */
export function Described({ text }: { text: string }) {
  return text.split("`").map((part, i) =>
    i % 2 ? (
      <code key={i} className="font-mono text-[0.95em] break-words">
        {part}
      </code>
    ) : (
      part
    ),
  );
}

function MethodBadge({ method }: { method: string }) {
  return (
    <Badge tone={METHOD_TONE[method] ?? "neutral"} className="w-16 justify-center font-mono">
      {method}
    </Badge>
  );
}

/** A summary's first clause, for the table of contents: "Add a webhook endpoint". */
function shortSummary(summary: string): string {
  return summary.split(/ \(|; |: /)[0] ?? summary;
}

/** The table of contents: the overview sections, then each tag with its operations. */
function Contents({ model }: { model: ReferenceModel }) {
  return (
    <ul className="space-y-4 text-sm">
      <li>
        <ul className="space-y-1">
          <li>
            <a className="hover:text-accent hover:underline" href="#authentication">
              Authentication
            </a>
          </li>
          <li>
            <a className="hover:text-accent hover:underline" href="#errors">
              Errors
            </a>
          </li>
        </ul>
      </li>
      {model.tags.map((tag) => (
        <li key={tag.name}>
          <a className="font-semibold hover:text-accent hover:underline" href={`#${tag.anchor}`}>
            {tag.name}
          </a>
          <ul className="mt-1 space-y-1">
            {tag.operations.map((operation) => (
              <li key={operation.anchor}>
                <a className="flex items-baseline gap-2 text-fg-muted hover:text-accent hover:underline" href={`#${operation.anchor}`}>
                  <span className="w-12 shrink-0 font-mono text-[0.7rem] font-semibold">{operation.method}</span>
                  <span>
                    <Described text={shortSummary(operation.summary)} />
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

/** A table that scrolls sideways when it must, and can then be scrolled by keyboard. */
function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className="overflow-x-auto rounded-md border border-border">
      <table aria-label={label} className="w-full border-collapse text-sm">
        {children}
      </table>
    </div>
  );
}

const th = "px-3 py-1.5 text-left text-xs font-semibold tracking-wide text-fg-muted uppercase";
const td = "px-3 py-2 align-top";

function RequiredMark({ required }: { required: boolean }) {
  return required ? <span className="text-xs font-medium text-danger">required</span> : <span className="text-xs text-fg-muted">optional</span>;
}

function ParametersTable({ operation }: { operation: OperationView }) {
  return (
    <ScrollTable label={`Parameters of ${operation.operationId}`}>
      <thead className="bg-muted/60">
        <tr>
          <th scope="col" className={th}>
            Parameter
          </th>
          <th scope="col" className={cn(th, "hidden sm:table-cell")}>
            Type
          </th>
          <th scope="col" className={th}>
            Description
          </th>
        </tr>
      </thead>
      <tbody>
        {operation.parameters.map((parameter: ParameterView) => (
          <tr key={`${parameter.in}-${parameter.name}`} className="border-t border-border">
            <td className={cn(td, "w-2/5 sm:w-1/4")}>
              <code className="font-mono text-xs font-semibold [overflow-wrap:anywhere]">{parameter.name}</code>
              <div className="text-xs text-fg-muted">
                in {parameter.in} · <RequiredMark required={parameter.required} />
              </div>
              <div className="mt-1 font-mono text-xs [overflow-wrap:anywhere] sm:hidden">{parameter.type}</div>
            </td>
            <td className={cn(td, "hidden w-1/4 font-mono text-xs [overflow-wrap:anywhere] sm:table-cell")}>{parameter.type}</td>
            <td className={cn(td, "text-fg-muted [overflow-wrap:anywhere]")}>
              {parameter.deprecated ? <Badge tone="warning">Deprecated</Badge> : null} <Described text={parameter.description} />
              <Constraints items={parameter.constraints} />
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

function Constraints({ items }: { items: string[] }) {
  if (items.length === 0) return null;
  return <p className="mt-1 text-xs break-words text-fg-muted">{items.join(" · ")}</p>;
}

function FieldsTable({ label, fields }: { label: string; fields: FieldRow[] }) {
  return (
    <ScrollTable label={label}>
      <thead className="bg-muted/60">
        <tr>
          <th scope="col" className={th}>
            Field
          </th>
          <th scope="col" className={cn(th, "hidden sm:table-cell")}>
            Type
          </th>
          <th scope="col" className={th}>
            Description
          </th>
        </tr>
      </thead>
      <tbody>
        {fields.map((field) => (
          <tr key={field.name} className="border-t border-border">
            <td className={cn(td, "w-2/5 sm:w-1/4")}>
              <code className="font-mono text-xs font-semibold [overflow-wrap:anywhere]">{field.name}</code>
              <div>
                <RequiredMark required={field.required} />
              </div>
              <div className="mt-1 font-mono text-xs [overflow-wrap:anywhere] sm:hidden">{field.type}</div>
            </td>
            <td className={cn(td, "hidden w-1/4 font-mono text-xs [overflow-wrap:anywhere] sm:table-cell")}>{field.type}</td>
            <td className={cn(td, "text-fg-muted [overflow-wrap:anywhere]")}>
              {field.readOnly ? <Badge>Read-only</Badge> : null} {field.deprecated ? <Badge tone="warning">Deprecated</Badge> : null}{" "}
              <Described text={field.description} />
              <Constraints items={field.constraints} />
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

function SchemaNote({ body }: { body: BodyView }) {
  return (
    <p className="text-xs text-fg-muted">
      <code className="font-mono">{body.mediaType}</code>
      {body.schemaName ? (
        <>
          {" · "}
          <a className="text-accent underline" href={`/api/v1/schemas/${body.schemaName}.json`}>
            {body.schemaName}
          </a>
        </>
      ) : (
        <> · {body.type}</>
      )}
    </p>
  );
}

/** Who may call: each alternative's schemes, linked to their description. */
function Security({ operation }: { operation: OperationView }) {
  return (
    <span>
      {operation.security.length === 0 || operation.security.every((alternative) => alternative.length === 0)
        ? "None"
        : operation.security.map((alternative, i) => (
            <span key={alternative.join("+")}>
              {i > 0 ? " or " : null}
              {alternative.map((name, j) => (
                <span key={name}>
                  {j > 0 ? " + " : null}
                  <a className="font-mono text-accent underline" href={`#${schemeAnchor(name)}`}>
                    {name}
                  </a>
                </span>
              ))}
            </span>
          ))}
    </span>
  );
}

function Operation({ operation, document, baseUrl, common }: { operation: OperationView; document: OpenApiDocument; baseUrl: string; common: Set<string> }) {
  const success = operation.responses.find((response) => response.status.startsWith("2")) ?? operation.responses[0];
  const headingId = `${operation.anchor}-heading`;
  return (
    <section id={operation.anchor} aria-labelledby={headingId} className="scroll-mt-4 space-y-4 rounded-lg border border-border bg-surface p-4">
      <header className="space-y-1.5">
        <h3 id={headingId} className="flex flex-wrap items-center gap-x-3 gap-y-1 text-base font-semibold">
          <MethodBadge method={operation.method} />
          <code className="font-mono text-sm break-all">{operation.path}</code>
        </h3>
        <p className="font-medium">
          <Described text={operation.summary} />
          {operation.deprecated ? (
            <>
              {" "}
              <Badge tone="warning">Deprecated</Badge>
            </>
          ) : null}
        </p>
        {operation.description ? (
          <p className="text-sm text-fg-muted">
            <Described text={operation.description} />
          </p>
        ) : null}
        <dl className="flex flex-wrap gap-x-6 gap-y-1 text-xs">
          <div className="flex gap-1.5">
            <dt className="text-fg-muted">Auth</dt>
            <dd>
              <Security operation={operation} />
            </dd>
          </div>
          {operation.permission ? (
            <div className="flex gap-1.5">
              <dt className="text-fg-muted">Permission</dt>
              <dd>
                <code className="font-mono">{operation.permission}</code>
              </dd>
            </div>
          ) : null}
          <div className="flex gap-1.5">
            <dt className="text-fg-muted">Operation id</dt>
            <dd>
              <code className="font-mono">{operation.operationId}</code>
            </dd>
          </div>
        </dl>
      </header>

      {operation.parameters.length ? (
        <div className="space-y-2">
          <h4 className="text-sm font-semibold">Parameters</h4>
          <ParametersTable operation={operation} />
        </div>
      ) : null}

      {operation.body ? (
        <div className="space-y-2">
          <h4 className="text-sm font-semibold">
            Request body <span className="font-normal text-fg-muted">({operation.body.required ? "required" : "optional"})</span>
          </h4>
          <SchemaNote body={operation.body} />
          {operation.body.fields.length ? <FieldsTable label={`Body fields of ${operation.operationId}`} fields={operation.body.fields} /> : null}
        </div>
      ) : null}

      <div className="grid gap-4">
        <CodeBlock code={curlExample(operation, document, baseUrl)} language="bash" title="Example request" label={`Example request of ${operation.operationId}`} />
        {success ? (
          success.body && success.body.example !== null ? (
            <CodeBlock
              code={JSON.stringify(success.body.example, null, 2)}
              language="json"
              title={`Example response · ${success.status}`}
              label={`Example response of ${operation.operationId}`}
            />
          ) : (
            <figure className="rounded-lg border border-border bg-surface" aria-label={`Example response of ${operation.operationId}`}>
              <figcaption className="border-b border-border px-3 py-1.5 text-sm font-medium">Example response · {success.status}</figcaption>
              <p className="p-3 text-xs text-fg-muted">
                {success.body ? <>A <code className="font-mono">{success.body.mediaType}</code> body.</> : "No body."}
              </p>
            </figure>
          )
        ) : null}
      </div>

      <div className="space-y-2">
        <h4 className="text-sm font-semibold">Responses</h4>
        <ul className="space-y-1.5 text-sm">
          {operation.responses.map((response) => (
            <li key={response.status} className="flex flex-wrap gap-x-2">
              <code className="font-mono text-xs font-semibold">{response.status}</code>
              <span className="min-w-0 flex-1 text-fg-muted">
                <Described text={response.description} />
                {response.body?.schemaName ? (
                  <>
                    {" "}
                    (<a className="text-accent underline" href={`/api/v1/schemas/${response.body.schemaName}.json`}>{response.body.type}</a>)
                  </>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
        {success?.body && success.body.fields.length ? (
          <details className="group">
            <summary className="cursor-pointer text-sm text-accent">Response fields</summary>
            <div className="mt-2">
              <FieldsTable label={`Response fields of ${operation.operationId}`} fields={success.body.fields} />
            </div>
          </details>
        ) : null}
      </div>

      {operation.errors.length ? (
        <div className="space-y-2">
          <h4 className="text-sm font-semibold">Errors</h4>
          <ul aria-label={`Errors of ${operation.operationId}`} className="space-y-1 text-sm">
            {operation.errors.map((error) => (
              <li key={error.status} className="flex flex-wrap items-baseline gap-x-2">
                <code className="font-mono text-xs font-semibold">{error.status}</code>
                {error.codes.map((code) => (
                  <a key={code} href={`#${errorAnchor(code)}`} className="font-mono text-xs text-accent underline">
                    {code}
                  </a>
                ))}
                {/* What only this operation says of the status; what every operation says is under Errors. */}
                {common.has(error.description) ? null : (
                  <span className="min-w-0 basis-full text-fg-muted sm:basis-auto sm:flex-1">
                    <Described text={error.description.replace(/^(`[a-z_]+`: )/, "")} />
                  </span>
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

/** Descriptions of errors that many operations share word for word: those say nothing about one operation. */
function commonDescriptions(model: ReferenceModel): Set<string> {
  const operations = model.tags.flatMap((tag) => tag.operations);
  const counts = new Map<string, number>();
  for (const operation of operations) for (const error of operation.errors) counts.set(error.description, (counts.get(error.description) ?? 0) + 1);
  return new Set([...counts].filter(([, count]) => count >= 3).map(([description]) => description));
}

/** The whole reference of `document`, with examples against `baseUrl`. */
export function ApiReference({ document, baseUrl }: { document: OpenApiDocument; baseUrl: string }) {
  const model = referenceModel(document);
  const common = commonDescriptions(model);
  const count = model.tags.reduce((sum, tag) => sum + tag.operations.length, 0);
  return (
    <div className="lg:grid lg:grid-cols-[13rem_minmax(0,1fr)] lg:gap-8">
      <nav aria-label="API reference contents" className="hidden lg:block">
        <div className="sticky top-4 max-h-[calc(100dvh-2rem)] overflow-y-auto pr-2">
          <p className="mb-3 text-xs font-semibold tracking-wide text-fg-muted uppercase">Contents</p>
          <Contents model={model} />
        </div>
      </nav>
      <div className="min-w-0 space-y-10">
        <details className="rounded-lg border border-border bg-surface p-3 lg:hidden">
          <summary className="cursor-pointer text-sm font-medium">Contents ({count} operations)</summary>
          <nav aria-label="API reference contents" className="mt-3">
            <Contents model={model} />
          </nav>
        </details>

        <section id="authentication" aria-labelledby="authentication-heading" className="scroll-mt-4 space-y-3">
          <h2 id="authentication-heading" className="text-xl font-semibold">
            Authentication
          </h2>
          <p className="text-sm text-fg-muted">
            Each operation says which of these it accepts. In the examples, the credential is read from the environment variable shown.
          </p>
          <ul className="grid gap-3 md:grid-cols-2">
            {model.securitySchemes.map(({ name, anchor, scheme }) => (
              <li key={name} id={anchor} className="scroll-mt-4 space-y-1 rounded-lg border border-border bg-surface p-3 text-sm">
                <p className="flex flex-wrap items-baseline gap-2">
                  <code className="font-mono font-semibold">{name}</code>
                  <span className="text-xs text-fg-muted">{schemeSummary(scheme)}</span>
                </p>
                {scheme.description ? (
                  <p className="text-fg-muted">
                    <Described text={scheme.description} />
                  </p>
                ) : null}
                <p className="text-xs text-fg-muted">
                  Examples use <code className="font-mono">${credentialVariable(name)}</code>.
                </p>
              </li>
            ))}
          </ul>
        </section>

        {model.tags.map((tag) => (
          <section key={tag.name} id={tag.anchor} aria-labelledby={`${tag.anchor}-heading`} className="scroll-mt-4 space-y-4">
            <div className="space-y-1">
              <h2 id={`${tag.anchor}-heading`} className="text-xl font-semibold">
                {tag.name}
              </h2>
              {tag.description ? (
                <p className="text-sm text-fg-muted">
                  <Described text={tag.description} />
                </p>
              ) : null}
            </div>
            {tag.operations.map((operation) => (
              <Operation key={operation.anchor} operation={operation} document={document} baseUrl={baseUrl} common={common} />
            ))}
          </section>
        ))}

        <section id="errors" aria-labelledby="errors-heading" className="scroll-mt-4 space-y-3">
          <h2 id="errors-heading" className="text-xl font-semibold">
            Errors
          </h2>
          <p className="text-sm text-fg-muted">
            Every error is <code className="font-mono">application/problem+json</code> (RFC 9457) with <code className="font-mono">code</code>,{" "}
            <code className="font-mono">detail</code>, <code className="font-mono">request_id</code> and, for invalid input,{" "}
            <code className="font-mono">errors[]</code>. Match on <code className="font-mono">code</code>: several codes share a status.
          </p>
          <ul className="grid gap-3 md:grid-cols-2">
            {model.errorCodes.map(({ code, status, anchor }) => (
              <li key={code} id={anchor} className="scroll-mt-4 space-y-1 rounded-lg border border-border bg-surface p-3 text-sm">
                <h3 className="flex flex-wrap items-baseline gap-2">
                  <code className="font-mono font-semibold">{code}</code>
                  <span className="text-xs text-fg-muted">{status}</span>
                </h3>
                <p className="text-fg-muted">
                  <Described text={(ERROR_MEANING as Record<string, string>)[code] ?? ""} />
                </p>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}
