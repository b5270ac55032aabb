// The body of POST /api/v1/keys/verify, parsed fast: the bodies SDKs send on every request
// are checked without building zod's result, and everything else goes through the REST
// schema, so the answer is always the schema's (verify-body.test.ts proves the two agree).
import { z } from "zod";
import { COST_MAX } from "@/lib/schemas/identities";
import type { Environment } from "@/lib/schemas/keys/domain";
import { verifyKeyBodySchema, type VerifyKeyBody } from "@/lib/schemas/keys/rest";

const UUID = z.regexes.uuid();
const isCost = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= COST_MAX;
const isEnvironment = (value: unknown): value is Environment => value === "live" || value === "test";

/**
 * A verify body, parsed exactly as verifyKeyBodySchema parses it. The bodies SDKs send on
 * every request, `{}` or only `app_id`, `environment` and `cost` with valid values, are checked
 * directly, without building zod's result; anything else, every invalid body included, goes
 * through the schema. `undefined` stands for a request without a body.
 */
export function parseVerifyKeyBody(raw: unknown): z.ZodSafeParseResult<VerifyKeyBody> {
  // No body is the empty object; a JSON `null` is refused by the schema like any non-object.
  if (raw === undefined) return { success: true, data: {} };
  if (raw !== null && typeof raw === "object" && Object.getPrototypeOf(raw) === Object.prototype) {
    const body = raw as Record<string, unknown>;
    for (const name in body) if (name !== "app_id" && name !== "environment" && name !== "cost") return verifyKeyBodySchema.safeParse(raw);
    const { app_id, environment, cost } = body;
    if (
      (app_id === undefined || (typeof app_id === "string" && UUID.test(app_id))) &&
      (environment === undefined || isEnvironment(environment)) &&
      (cost === undefined || isCost(cost))
    ) {
      const data: VerifyKeyBody = {};
      if (app_id !== undefined) data.app_id = app_id;
      if (environment !== undefined) data.environment = environment;
      if (cost !== undefined) data.cost = cost;
      return { success: true, data };
    }
  }
  return verifyKeyBodySchema.safeParse(raw);
}
