// One request id per request: in the response header, the error body, the server's log
// line and the audit event.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { ApiClient, expect, test, verify } from "../support/api";
import { databaseUrl, embedded } from "../support/env";
import { expectProblem } from "../support/problem";
import { startInstance } from "../support/server";
import { sessionToken } from "../support/tokens";

test("request ids tie the response, the log line and the audit event together; no key is logged", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "keyport-logs-"));
  const instance = await startInstance({ DATABASE_URL: databaseUrl, KEYPORT_DATA_DIR: dir, ...(embedded ? { KEYPORT_EMBEDDED: "1" } : {}) });
  try {
    const ada = new ApiClient(sessionToken("acmeAdmin", dir), instance.origin);
    const { project_id } = await ada.createProject("Observability");
    const created = await ada.call("POST", `/api/v1/projects/${project_id}/keys`, { body: { name: "traced" } });
    const createdId = created.headers.get("request-id")!;
    const failed = await ada.call("POST", `/api/v1/projects/${project_id}/keys`, { body: { name: "" } });
    const problem = expectProblem(failed, 422, "validation_failed") as unknown as { request_id: string };
    const mistyped = created.body.key.slice(0, -1) + (created.body.key.endsWith("0") ? "1" : "0");
    const refused = await verify(mistyped, undefined, instance.origin);
    await verify(created.body.key, undefined, instance.origin);
    await new Promise((r) => setTimeout(r, 300));

    const lines = instance
      .logs()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l));
    const line = (id: string) => lines.find((l) => l.request_id === id);
    expect(line(createdId)).toMatchObject({ msg: "request", status: 201, method: "POST" });
    expect(line(problem.request_id)).toMatchObject({ status: 422, code: "validation_failed" });
    // The reason an SDK key was refused is in the log, never in the response.
    expect(line(refused.headers.get("request-id")!)).toMatchObject({ status: 401, reason: "bad_checksum" });
    expect(instance.logs()).not.toContain(created.body.key.slice(8));

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const audit = await client.query("SELECT action, request_id FROM audit_events WHERE target_key_id = $1", [created.body.key_id]);
      expect(audit.rows).toEqual([{ action: "api_key.created", request_id: createdId }]);
    } finally {
      await client.end();
    }
  } finally {
    await instance.stop();
  }
});
