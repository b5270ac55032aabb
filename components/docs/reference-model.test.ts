// The reference is the document: every operation of it, in its sections; examples the API
// itself accepts (each request example passes the operation's own body schema, each answer
// example its answer's schema); every error code explained once; extensions and security
// schemes shown whatever they are.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { OPERATIONS } from "@/lib/api/operations";
import { openApiDocument } from "@/lib/openapi";
import { ERROR_MEANING } from "./error-meanings";
import { curlExample, documentOperations, referenceModel, type OpenApiDocument } from "./reference-model";

const document = openApiDocument("https://keys.example.com", "fp") as unknown as OpenApiDocument;
const model = referenceModel(document);
const views = model.tags.flatMap((tag) => tag.operations);

describe("the API reference", () => {
  it("shows every operation of the document once, PATCH and PUT included", () => {
    const shown = views.map((view) => `${view.method} ${view.path}`);
    expect(shown.sort()).toEqual(documentOperations(document).sort());
    expect(new Set(shown).size).toBe(shown.length);
    expect(shown).toEqual(expect.arrayContaining(["PATCH /api/v1/projects/{projectId}/keys/{keyId}", "PATCH /api/v1/webhooks/{webhookId}", "PUT /api/v1/workspace/policy"]));
    expect(new Set(views.map((view) => view.anchor)).size).toBe(views.length);
  });

  it("gives each body a field table and an example the operation's own schema accepts", () => {
    for (const operation of OPERATIONS) {
      const view = views.find((v) => v.method === operation.method && v.path === operation.path)!;
      if (!operation.body) {
        expect(view.body, operation.operationId).toBeNull();
        continue;
      }
      expect(view.body, operation.operationId).not.toBeNull();
      const parsed = (operation.body as z.ZodType).safeParse(view.body!.example);
      expect(parsed.success ? [] : parsed.error.issues, `${operation.operationId}: ${JSON.stringify(view.body!.example)}`).toEqual([]);
      expect(view.body!.fields.length, operation.operationId).toBeGreaterThan(0);
    }
    const create = views.find((v) => v.operationId === "createApiKey")!;
    expect(create.body!.fields.find((f) => f.name === "name")).toMatchObject({ required: true, type: "string" });
    expect(create.body!.fields.find((f) => f.name === "name")!.constraints).toContain("1–64 characters");
    expect(create.body!.fields.find((f) => f.name === "environment")).toMatchObject({ required: false, type: '"live" | "test"' });
    expect(create.body!.fields.map((f) => f.name)).toContain("rate_limit.window_s");
  });

  it("gives each answer with a JSON body an example its schema accepts", () => {
    for (const operation of OPERATIONS) {
      const view = views.find((v) => v.method === operation.method && v.path === operation.path)!;
      for (const [status, spec] of Object.entries(operation.responses)) {
        if (!spec.body || (spec.mediaType ?? "application/json") !== "application/json") continue;
        const shown = view.responses.find((r) => r.status === status)!;
        // `$schema` is added to answers by the document (and the server), not by their schema.
        const { $schema: _url, ...example } = shown.body!.example as Record<string, unknown>;
        const schema = spec.body as z.ZodType;
        const parsed = schema.safeParse(shown.body!.example).success ? schema.safeParse(shown.body!.example) : schema.safeParse(example);
        expect(parsed.success ? [] : parsed.error.issues, `${operation.operationId} ${status}: ${JSON.stringify(shown.body!.example)}`).toEqual([]);
      }
    }
  });

  it("makes a curl request per operation, with its credential, parameters and body", () => {
    const curl = curlExample(views.find((v) => v.operationId === "updateWebhook")!, document, "https://keys.example.com");
    expect(curl).toContain("curl -X PATCH https://keys.example.com/api/v1/webhooks/3f0e2a3c-1b2c-4d5e-8f90-0a1b2c3d4e5f");
    expect(curl).toContain('-H "Authorization: Bearer $KEYPORT_SESSION"');
    expect(curl).toContain("-d '{");
    const verify = curlExample(views.find((v) => v.operationId === "verifyKey")!, document, "https://keys.example.com");
    expect(verify).toContain("$KEYPORT_SDK_KEY");
    const health = curlExample(views.find((v) => v.operationId === "getLiveness")!, document, "https://keys.example.com/");
    expect(health).toBe("curl https://keys.example.com/api/health");
    for (const view of views) expect(curlExample(view, document, "https://keys.example.com"), view.operationId).toMatch(/^curl /);
  });

  it("explains every error code once, and links each operation to codes it can answer", () => {
    expect(model.errorCodes.map((e) => e.code).sort()).toEqual(Object.keys(document["x-error-codes"]!).sort());
    for (const { code } of model.errorCodes) expect((ERROR_MEANING as Record<string, string>)[code], code).toBeTruthy();
    const update = views.find((v) => v.operationId === "updateWebhook")!;
    expect(update.errors.flatMap((e) => e.codes)).toEqual(expect.arrayContaining(["not_found", "validation_failed", "unauthorized"]));
    for (const view of views) for (const error of view.errors) expect(error.codes.length, `${view.operationId} ${error.status}`).toBeGreaterThan(0);
  });

  it("shows each operation's x-keyport-permission and every security scheme the document declares", () => {
    const schemes = Object.keys(document.components!.securitySchemes!);
    expect(model.securitySchemes.map((s) => s.name).sort()).toEqual(schemes.sort());
    expect(schemes).toEqual(expect.arrayContaining(["session", "managementKey"]));
    const list = views.find((v) => v.operationId === "listProjects")!;
    expect(list.permission).toBe("projects:read");
    expect(list.security).toEqual([["session"], ["managementKey"]]);
    for (const view of views) {
      const op = (document.paths as Record<string, Record<string, Record<string, unknown>>>)[view.path]?.[view.method.toLowerCase()];
      expect(view.permission, view.operationId).toBe((op?.["x-keyport-permission"] as string | undefined) ?? null);
    }
  });
});
