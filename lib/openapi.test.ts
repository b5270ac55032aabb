// A client generated from the OpenAPI document, with openapi-typescript's defaults, must be
// usable as the API is: create takes just a name, outputs always carry `$schema`, and the
// headers the API sends are declared.
import openapiTS, { astToString } from "openapi-typescript";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

async function typecheck(document: object, script: string): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "keyport-openapi-"));
  const types = astToString(await openapiTS(JSON.parse(JSON.stringify(document))));
  writeFileSync(path.join(dir, "schema.d.ts"), types);
  writeFileSync(path.join(dir, "client.ts"), script);
  const program = ts.createProgram([path.join(dir, "client.ts")], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("the OpenAPI document", () => {
  it("generates a client that type-checks the way the API is used", async () => {
    const errors = await typecheck(
      openApiDocument("https://keys.example.com", "fp"),
      `import type { paths } from "./schema";
type Keys = paths["/api/v1/projects/{projectId}/keys"];
type CreateBody = NonNullable<Keys["post"]["requestBody"]>["content"]["application/json"];
type Created = Keys["post"]["responses"][201]["content"]["application/json"];
type Problem = Keys["post"]["responses"][422]["content"]["application/problem+json"];
type Verified = paths["/api/v1/keys/verify"]["post"]["responses"][200]["content"]["application/json"];

export const minimal: CreateBody = { name: "x" };
export const full: CreateBody = { name: "x", environment: "live", scopes: ["flags:read"], all_projects: true };
export function read(created: Created, problem: Problem, verified: Verified): string[] {
  const key: string = created.key;
  const schema: string = created.$schema;
  const status: number = problem.status;
  const valid: true = verified.valid;
  return [key, schema, String(status), String(valid)];
}
// @ts-expect-error a name is required
export const nameless: CreateBody = {};
`,
    );
    expect(errors).toEqual([]);
  }, 60_000);

  it("declares every status and header the API sends", () => {
    const document = openApiDocument(undefined, "fp") as unknown as {
      paths: Record<string, Record<string, { tags?: string[]; description?: string; responses: Record<string, { headers?: Record<string, unknown> }> }>>;
    };
    const operations = Object.values(document.paths).flatMap((item) =>
      Object.entries(item).filter(([method]) => ["get", "post", "delete"].includes(method)).map(([, op]) => op),
    );
    for (const op of operations) {
      expect(op.tags?.length, "tagged").toBeGreaterThan(0);
      expect(op.description, "described").toBeTruthy();
      expect(op.responses).toHaveProperty("405");
      if (op.tags?.includes("Health")) continue; // they neither read input nor fail with a problem
      for (const status of ["400", "500", "503"]) expect(op.responses, status).toHaveProperty(status);
      expect(Object.keys(op.responses["503"]!.headers ?? {})).toContain("Retry-After");
    }
    expect(Object.keys(document.paths["/api/health/ready"]!.get!.responses["503"]!.headers ?? {})).toContain("Retry-After");
    const list = document.paths["/api/v1/projects/{projectId}/keys"]!.get!;
    expect(Object.keys(list.responses["200"]!.headers ?? {})).toEqual(expect.arrayContaining(["Link", "x-total-count"]));
    const create = document.paths["/api/v1/projects/{projectId}/keys"]!.post!;
    for (const status of ["413", "415"]) expect(create.responses).toHaveProperty(status);
    expect(Object.keys(create.responses["201"]!.headers ?? {})).toContain("idempotency-replayed");
    expect(Object.keys(create.responses["401"]!.headers ?? {})).toContain("WWW-Authenticate");
    expect(document.paths["/api/v1/projects"]!.get!.responses).toHaveProperty("403");
  });
});
