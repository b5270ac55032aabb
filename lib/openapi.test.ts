// A client generated from the OpenAPI document, with openapi-typescript's defaults, must be
// usable as the API is: create takes just a name, outputs always carry `$schema`, and the
// headers the API sends are declared.
import openapiTS, { astToString } from "openapi-typescript";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { promisify } from "node:util";
import { workspacePolicyBodySchema, toWorkspacePolicyDto, type WorkspacePolicy } from "@/lib/schemas/policy";
import { OPERATIONS } from "@/lib/api/operations";
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
  it("names the server each request asks for, leaves it out when there is none, and is otherwise one document that no caller can change", () => {
    const a = openApiDocument("https://a.example.com", "fp");
    const b = openApiDocument("https://b.example.com", "fp");
    const none = openApiDocument(undefined, "fp");
    expect(a.servers).toEqual([{ url: "https://a.example.com" }]);
    expect(b.servers).toEqual([{ url: "https://b.example.com" }]);
    expect("servers" in none).toBe(false);
    expect(Object.keys(a).slice(0, 3)).toEqual(["openapi", "info", "servers"]);
    const { servers: _a, ...restA } = a;
    const { servers: _b, ...restB } = b;
    expect(JSON.stringify(restB)).toBe(JSON.stringify(restA));
    expect(JSON.stringify(none)).toBe(JSON.stringify(restA));
    // Another key prefix is another document.
    expect(JSON.stringify(openApiDocument(undefined, "acme"))).toContain("acme_live_");
    expect(JSON.stringify(none)).not.toContain("acme_live_");
    expect(() => {
      (a.paths as Record<string, unknown>)["/changed"] = {};
    }).toThrow(TypeError);
    expect(Object.keys(openApiDocument(undefined, "fp").paths)).not.toContain("/changed");
  });

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

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; items?: Schema };
type Operation = { operationId: string; security?: unknown[]; parameters?: { name: string; schema: Schema }[]; responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }> };
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

describe("the OpenAPI document, for generated clients", () => {
  const document = openApiDocument("https://keys.example.com", "fp") as unknown as Document;
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => method !== "parameters")
      .map(([method, op]) => ({ path, method, op })),
  );

  it("passes @redocly/cli lint with no errors, offline", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "keyport-redocly-"));
    const file = path.join(dir, "openapi.json");
    writeFileSync(file, JSON.stringify(document));
    const bin = path.join(process.cwd(), "node_modules", ".bin", "redocly");
    const { stdout } = await promisify(execFile)(bin, ["lint", file, "--format=json", `--config=${path.join(process.cwd(), "redocly.yaml")}`], {
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
    const report = JSON.parse(stdout) as { totals: { errors: number }; problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[] };
    const errors = report.problems.filter((p) => p.severity === "error").map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
  }, 120_000);

  it("has every list as a bare array, and every answer one media type", () => {
    for (const { path, method, op } of operations) {
      const ok = op.responses["200"]?.content;
      if (!ok) continue;
      expect(Object.keys(ok), `${method} ${path}`).toHaveLength(1);
      const schema = (Object.values(ok)[0] as { schema: Schema }).schema;
      if (method === "get" && schema.type === "object") expect(schema.properties, `${method} ${path}`).not.toHaveProperty("data");
    }
    const exported = document.paths["/api/v1/audit-events/export"]!.get!;
    expect(Object.keys(exported.responses["200"]!.content!)).toEqual(["text/csv"]);
    expect(Object.keys(document.paths["/api/v1/audit-events"]!.get!.responses["200"]!.content!)).toEqual(["application/json"]);
  });

  it("declares Idempotency-Key, with its pattern, on every POST that creates something", () => {
    const creating = operations.filter(
      // A portal session's writes are one person's clicks in the portal, each answered once.
      ({ method, op }) =>
        method === "post" && !JSON.stringify(op.security ?? []).includes("portalSession") && (["201", "202"].some((s) => s in op.responses) || /Credits$/.test(op.operationId)),
    );
    expect(creating.map(({ op }) => op.operationId).sort()).toEqual(["changeApiKeyCredits", "changeIdentityCredits", "createApiKey", "createIdentity", "createManagementKey", "createPortalSession", "createProject", "createWebhook", "resendWebhookDelivery", "rollApiKey", "testWebhook"]);
    for (const { op } of creating) {
      const header = op.parameters?.find((p) => p.name === "Idempotency-Key");
      expect(header?.schema, op.operationId).toMatchObject({ minLength: 1, maxLength: 255, pattern: "^[\\x21-\\x7E]+$" });
      expect(new RegExp(header!.schema.pattern as string).test("a b")).toBe(false);
      expect(new RegExp(header!.schema.pattern as string).test("retry-1")).toBe(true);
    }
  });

  it("states enums, patterns and formats where they exist, and no noise", () => {
    const { schemas } = document.components;
    expect(schemas.AuditEvent!.properties!.action!.enum).toContain("api_key.created");
    expect(schemas.WebhookEndpoint!.properties!.events!.items!.enum).toContain("key.revoked");
    expect(schemas.WebhookEndpoint!.properties!.events!.uniqueItems).toBe(true);
    expect(schemas.WebhookEndpoint!.properties!.url!.format).toBe("uri");
    expect(schemas.CreateWebhookInputBody!.properties!.url!.format).toBe("uri");
    expect(schemas.CreateWebhookInputBody!.properties!.events!.uniqueItems).toBe(true);
    expect(schemas.WebhookDelivery!.properties!.event_type!.enum).toContain("webhook.test");
    expect(schemas.ErrorModel!.properties!.code!.enum).toEqual(expect.arrayContaining(["not_found", "not_recorded_yet", "validation_failed"]));
    expect(schemas.VerificationLookup!.properties!.outcome!.enum).toEqual(expect.arrayContaining(["valid", "invalid_api_key", "forbidden"]));
    const lookup = document.paths["/api/v1/requests/{requestId}"]!;
    expect((lookup as unknown as { parameters: { schema: Schema }[] }).parameters[0]!.schema.pattern).toMatch(/^\^req_/);
    expect(Object.keys(lookup.get!.responses["404"]!.headers!)).toContain("Retry-After");
    const text = JSON.stringify(document);
    expect(text).not.toContain("starts_with");
    expect(text).not.toContain(String(Number.MAX_SAFE_INTEGER));
    for (const health of ["/api/health", "/api/health/ready"]) expect(document.paths[health]!.get!.security).toEqual([]);
  });

  it("offers two security schemes, and states on every management operation the permission a management key needs", () => {
    const document = openApiDocument(undefined, "fp") as unknown as {
      components: { securitySchemes: Record<string, { scheme?: string; description?: string }> };
      paths: Record<string, Record<string, { operationId?: string; description?: string; security?: unknown[]; "x-keyport-permission"?: string }>>;
    };
    expect(document.components.securitySchemes.session!.scheme).toBe("bearer");
    expect(document.components.securitySchemes.managementKey!.description).toMatch(/kpm_/);
    const byId = new Map(OPERATIONS.map((op) => [op.operationId, op]));
    let checked = 0;
    for (const item of Object.values(document.paths)) {
      for (const op of Object.values(item)) {
        if (!op.operationId) continue;
        const permission = byId.get(op.operationId)!.permission;
        expect(op["x-keyport-permission"], op.operationId).toBe(permission);
        if (!permission) continue;
        checked++;
        expect(op.security, op.operationId).toEqual([{ session: [] }, { managementKey: [] }]);
        expect(op.description, op.operationId).toContain(`\`${permission}\``);
      }
    }
    // Portal operations take a portal session's token instead, with a portal permission.
    expect(checked).toBe(OPERATIONS.filter((op) => op.role !== "public" && op.role !== "portal").length);
    for (const op of OPERATIONS.filter((o) => o.role === "portal")) {
      expect(op.portalPermission, op.operationId).toBeTruthy();
      expect((document.paths[op.path]![op.method.toLowerCase()] as { security?: unknown[] }).security, op.operationId).toEqual([{ portalSession: [] }]);
    }
  });

  it("lets PUT /api/v1/workspace/policy take back what GET answered: violations is read-only and ignored", () => {
    const policy: WorkspacePolicy = { singleActiveKey: "off", requireExpiry: { live: false, test: false }, maxLifetimeDays: { live: null, test: null }, scopes: [], leakResponse: "revoke", recoverableKeys: "off" };
    const violation = { key_id: "0193a5b0-7d1c-7e3f-8a2b-3c4d5e6f7a8b", name: "k", environment: "live", project_id: null, policy: "require_expiry", detail: "No expiry." } as const;
    const got = toWorkspacePolicyDto(policy, [violation]);
    expect(workspacePolicyBodySchema.parse(got)).toEqual(policy);
    expect(document.components.schemas.WorkspacePolicyInputBody!.properties!.violations!.readOnly).toBe(true);
    expect(document.components.schemas.WorkspacePolicy!.properties!.violations!.readOnly).toBe(true);
  });
});
