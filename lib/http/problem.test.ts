// A problem never repeats a key back, wherever the client put it: its detail, a message, a
// location or a value, glued to other text or not.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { generateKey } from "@/lib/keys/token";
import { toProblem } from "./problem";

describe("toProblem", () => {
  it("redacts keys in the detail, messages, locations and values", () => {
    const { key } = generateKey({ environment: "live" });
    const secret = key.slice("fp_live_".length);
    const error = new AppError("validation_failed", `Unrecognized key: "${key}"`, {
      errors: [
        { location: `body.${key}`, message: `Unrecognized key: "${key}"`, value: { [key]: [`x${key}`, { nested: `_${key}` }] } },
        { location: "body.allowed_ips.0", message: `"${key}" is not an IP address or CIDR range.`, value: key },
        { location: "query.cursor", message: "Not valid.", value: `abc_${key}` },
        { location: "path.keyId", message: "Must be a UUID.", value: `9${key}` },
        { location: "body.name", message: "Not valid.", value: `kpm_${secret}` },
      ],
    });
    const problem = toProblem(error, "req_test");
    expect(JSON.stringify(problem.body)).not.toContain(secret);
    expect(problem.body.detail).toBe('Unrecognized key: "fp_live_[redacted]"');
    expect(problem.body.errors[1]!.message).toBe('"fp_live_[redacted]" is not an IP address or CIDR range.');
  });
});
