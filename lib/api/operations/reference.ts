// The API describing itself: this document, and the JSON Schema a response's `$schema` names.
import { z } from "zod";
import { defineOperations } from "../operation";

export const referenceOperations = defineOperations({
  getOpenApiDocument: {
    method: "GET",
    path: "/api/v1/openapi.json",
    tags: ["Reference"],
    summary: "This OpenAPI document",
    description: "Generated from the operations the server answers and the schemas it validates with. Its server is `KEYPORT_PUBLIC_URL`, or the host the request was sent to. Cacheable for 5 minutes.",
    role: "public",
    responses: { 200: { description: "The OpenAPI 3.1 document.", body: z.looseObject({ openapi: z.literal("3.1.0") }) } },
  },
  getJsonSchema: {
    method: "GET",
    path: "/api/v1/schemas/{name}",
    tags: ["Reference"],
    summary: "The JSON Schema of a named body",
    description:
      "What a response's `$schema` points at (`/api/v1/schemas/CreateAPIKeyOutputBody.json`): one of this document's `components.schemas`, as a JSON Schema (draft 2020-12) of its own. Cacheable for 5 minutes.",
    role: "public",
    params: { name: { schema: z.string(), description: "A schema's name, with or without `.json`: `ErrorModel.json`." } },
    responses: { 200: { description: "The JSON Schema.", body: z.looseObject({ $schema: z.string(), $id: z.string() }) } },
    errors: { 404: { description: "`not_found`: there is no schema by that name." } },
  },
});
