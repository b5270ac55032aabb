import { expect } from "@playwright/test";
import type { ApiResponse } from "./api";

export const REQUEST_ID = /^req_[0-9A-Za-z]{24}$/;
const PROBLEM_FIELDS = ["$schema", "code", "detail", "errors", "instance", "request_id", "status", "title", "type"];

/** Asserts an RFC 9457 problem in the documented ErrorModel shape, agreeing with the HTTP status. */
export function expectProblem(response: ApiResponse, status: number, code: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const requestId = response.headers.get("request-id");
  expect(requestId).toMatch(REQUEST_ID);
  expect(Object.keys(response.body).sort()).toEqual(PROBLEM_FIELDS);
  expect(response.body).toMatchObject({ status, code, request_id: requestId, $schema: "/api/v1/schemas/ErrorModel.json" });
  expect(typeof response.body.detail).toBe("string");
  expect(JSON.stringify(response.body)).not.toMatch(/\bat .+\.(ts|js):\d+/); // never a stack trace
  return response.body as { detail: string; errors: { location: string; message: string; value: unknown }[] };
}
