// What a database failure means to a caller: transient ones (the caller may retry) are 503s
// with Retry-After; anything else is a bug, left for the 500 path.
import { describe, expect, it } from "vitest";
import { databaseFailure } from "@/lib/data";

/** An error shaped as Prisma's pg adapter reports a PostgreSQL SQLSTATE. */
const sqlError = (originalCode: string) => ({ code: "P2010", meta: { driverAdapterError: { cause: { originalCode } } } });

describe("databaseFailure", () => {
  it.each([
    ["40P01", "a deadlock victim"],
    ["40001", "a serialization failure"],
    ["08006", "a connection failure"],
    ["53300", "too many connections"],
    ["57014", "a statement timeout"],
  ])("answers %s (%s) with a 503 to retry", (code) => {
    const failure = databaseFailure(sqlError(code));
    expect(failure).toMatchObject({ code: "service_unavailable", status: 503, headers: { "Retry-After": "1" } });
  });

  it.each([["23505"], ["42P01"], ["22P02"]])("leaves %s to the 500 path: retrying would not help", (code) => {
    expect(databaseFailure(sqlError(code))).toBeNull();
  });
});
