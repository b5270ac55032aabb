// A dialog's result never carries a key back whole, whichever field quoted it.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { generateKey } from "@/lib/keys/token";
import { toActionResult } from "./actions";

describe("toActionResult", () => {
  it("redacts keys in the message and every field error", () => {
    const { key } = generateKey({ environment: "test" });
    const result = toActionResult(
      new AppError("validation_failed", `Not valid: ${key}`, { errors: [{ location: "body.allowedIps", message: `"x${key}" is not an IP address.` }] }),
      "req_test",
    );
    expect(JSON.stringify(result)).not.toContain(key.slice(8));
    expect(result.ok ? null : result.fieldErrors).toEqual({ allowedIps: ['"xfp_test_[redacted]" is not an IP address.'] });
  });
});
