// The SDK's committed types (schema.ts) must be what openapi-typescript makes of the OpenAPI
// document as the server serves it now: a changed operation fails here until
// `npm run sdk:types` is run and its output committed.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sdkSchemaSource } from "@/scripts/lib/sdk-schema";

describe("@keyport/sdk's generated types", () => {
  it("match the live OpenAPI document (run `npm run sdk:types` when this fails)", async () => {
    const committed = readFileSync(path.join(import.meta.dirname, "schema.ts"), "utf8");
    expect(committed === (await sdkSchemaSource()), "packages/sdk/src/schema.ts is stale: run `npm run sdk:types`").toBe(true);
  }, 60_000);
});
