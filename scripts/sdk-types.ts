// Writes the TypeScript SDK's types (packages/sdk/src/schema.ts) from the OpenAPI document the
// server serves, with openapi-typescript. `npm run sdk:types` runs it after an operation
// changes; a unit test (packages/sdk/src/schema.test.ts) fails while the file is stale.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { sdkSchemaSource } from "./lib/sdk-schema";

const target = path.join(import.meta.dirname, "..", "packages", "sdk", "src", "schema.ts");
writeFileSync(target, await sdkSchemaSource());
console.log(`Wrote ${path.relative(process.cwd(), target)}`);
