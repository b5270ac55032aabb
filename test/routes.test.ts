// Routes and the operation catalogue are one: every app/api route file answers exactly the
// operations the catalogue lists at its path (and so the OpenAPI document), and every method
// of every route file comes from the route wrapper, so Next answers none itself.
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { OPERATIONS } from "@/lib/api/operations";
import { routeAnswerKind } from "@/lib/http/route";
import { openApiDocument } from "@/lib/openapi";

const ROOT = path.resolve(import.meta.dirname, "..");
const APP = path.join(ROOT, "app");
const EXPORTED = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** Every route.ts under `dir`, with the URL path its folders make (route groups leave none). */
function routeFiles(dir: string): { file: string; path: string }[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((entry) => path.basename(entry) === "route.ts")
    .map((entry) => {
      const folders = path.dirname(path.join(path.relative(APP, dir), entry)).split(path.sep);
      const segments = folders
        .filter((folder) => !/^\(.*\)$/.test(folder))
        .map((folder) => folder.replace(/^\[\.\.\.(\w+)\]$/, "{...$1}").replace(/^\[(\w+)\]$/, "{$1}"));
      return { file: path.join(dir, entry), path: `/${segments.join("/")}` };
    });
}

/** What each route file answers: `METHOD /path` for each operation it hands to apiRoute. */
async function answered(files: { file: string; path: string }[]) {
  const operations: string[] = [];
  const problems: string[] = [];
  for (const { file, path: routePath } of files) {
    const route = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const method of EXPORTED) {
      const kind = routeAnswerKind(route[method]);
      if (!kind) problems.push(`${method} ${routePath}: not answered by the route wrapper (lib/http/route.ts)`);
      else if (kind.kind === "operation" && method !== "HEAD") {
        if (kind.endpoint.method !== method) problems.push(`${method} ${routePath} answers ${kind.endpoint.method} ${kind.endpoint.path}`);
        if (kind.endpoint.path !== routePath) problems.push(`${method} ${routePath} is defined at ${kind.endpoint.path}`);
        operations.push(`${method} ${routePath}`);
      }
    }
  }
  return { operations: operations.sort(), problems };
}

describe("the API's routes", () => {
  const files = routeFiles(path.join(APP, "api"));
  const catchAll = files.filter((f) => f.path.includes("{..."));
  const routes = files.filter((f) => !catchAll.includes(f));

  it("answer exactly the operations of the catalogue, and the document lists exactly those", async () => {
    const { operations, problems } = await answered(routes);
    expect(problems).toEqual([]);
    const catalogue = OPERATIONS.map((op) => `${op.method} ${op.path}`).sort();
    expect(operations, "route files (left) against the catalogue (right)").toEqual(catalogue);
    const document = openApiDocument(undefined, "fp") as unknown as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(document.paths)
      .flatMap(([template, item]) => Object.keys(item).filter((key) => key !== "parameters").map((method) => `${method.toUpperCase()} ${template}`))
      .sort();
    expect(documented).toEqual(operations);
  }, 60_000);

  it("leave nothing to Next: every method of every route file, the catch-all's and the dashboard's too, comes from the wrapper", async () => {
    expect(catchAll.map((f) => f.path)).toEqual(["/api/{...path}"]);
    const route = (await import(pathToFileURL(catchAll[0]!.file).href)) as Record<string, unknown>;
    for (const method of EXPORTED) expect(routeAnswerKind(route[method])?.kind, method).toBe("not_found");
    const elsewhere = routeFiles(APP).filter((f) => !f.path.startsWith("/api/"));
    expect(elsewhere.map((f) => f.path).sort()).toEqual(["/go/{...path}", "/portal/{code}", "/sdk/{artifact}", "/settings/audit-log/export"]);
    const { operations, problems } = await answered(elsewhere);
    expect(problems).toEqual([]);
    expect(operations).toEqual(["GET /go/{...path}", "GET /portal/{code}", "GET /sdk/{artifact}", "GET /settings/audit-log/export"]);
  }, 60_000);
});
