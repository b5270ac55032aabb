// Leak reports from a secret scanner: signed over the raw body, true positives revoked at once
// on every instance (or only flagged, as the workspace chooses), false positives answered
// with their hash, everything else refused.
import { createHash } from "node:crypto";
import pg from "pg";
import { expect, test, verify } from "../support/api";
import { databaseUrl } from "../support/env";
import { leak, newScanner, sendReport, signReport, suiteScanner } from "../support/scanner";
import { startOwnInstance } from "../support/server";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const leakAudits = (keyId: string) =>
  query<{ actor_id: string; metadata: Record<string, string> }>(
    "SELECT actor_id, metadata FROM audit_events WHERE target_key_id = $1 AND action = 'api_key.leaked' ORDER BY created_at",
    [keyId],
  );

test("a true positive is revoked at once on both instances; the same token twice revokes once and audits twice", async ({ api }) => {
  test.setTimeout(120_000);
  const scanner = newScanner("two-instances");
  const config = { KEYPORT_SECRET_SCANNING_PUBLIC_KEYS: scanner.config };
  const [a, b] = await Promise.all([startOwnInstance("leak-a", config), startOwnInstance("leak-b", config)]);
  try {
    const ada = api("acmeAdmin");
    const { project_id } = await ada.createProject();
    const key = await ada.createKey(project_id, { name: "leaky" });
    // Both instances have the key cached as valid.
    for (const instance of [a, b]) expect((await verify(key.key, undefined, instance.origin)).status).toBe(200);

    const url = "https://github.com/octo/app/blob/main/config.js";
    const report = await sendReport([leak(key.key, url), leak(key.key, url)], { origin: a.origin, scanner });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body).toEqual([
      { token_raw: key.key, token_type: "keyport_api_key", label: "true_positive" },
      { token_raw: key.key, token_type: "keyport_api_key", label: "true_positive" },
    ]);
    // The instance that took the report refuses the key at once; the other within moments.
    expect((await verify(key.key, undefined, a.origin)).status).toBe(401);
    const reportedAt = performance.now();
    let status = 200;
    while (status === 200 && performance.now() - reportedAt < 2000) status = (await verify(key.key, undefined, b.origin)).status;
    expect(status).toBe(401);

    const listed = (await ada.listKeys(project_id)).body.find((k: { key_id: string }) => k.key_id === key.key_id);
    expect(listed).toMatchObject({ is_active: false });
    expect(listed.leaked_at).not.toBeNull();
    const audits = await leakAudits(key.key_id);
    expect(audits.map((e) => e.metadata.action)).toEqual(["revoked", "already_revoked"]);
    expect(audits[0]).toMatchObject({ actor_id: "secret-scanning", metadata: { url, source: "content" } });
    const [revocations] = await query<{ n: string }>(
      "SELECT count(*) AS n FROM audit_events WHERE target_key_id = $1 AND action = 'api_key.revoked'",
      [key.key_id],
    );
    expect(Number(revocations!.n)).toBe(0); // revoked by the leak event itself, once
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

test("a false positive gets its SHA-256 back, never the token", async () => {
  // Shaped like keys, built here so that no key-shaped string sits in the repository.
  const tokens = ["fp_live_" + "notARealKeyAtAll".padEnd(31, "0"), "fp_live_" + "a".repeat(37), "ghp_somethingElse", "fp_test_x"];
  const report = await sendReport(tokens.map((t) => leak(t)));
  expect(report.status).toBe(200);
  expect(report.body).toEqual(tokens.map((t) => ({ token_hash: sha256(t), token_type: "keyport_api_key", label: "false_positive" })));
  expect(JSON.stringify(report.body)).not.toContain("notARealKey");
});

test("a leaked default key is flagged, not revoked: it cannot be", async ({ api }) => {
  const ada = api("acmeAdmin");
  const project = await ada.createProject();
  const report = await sendReport([leak(project.default_key.key)]);
  expect(report.body[0].label).toBe("true_positive");
  expect((await verify(project.default_key.key)).status).toBe(200);
  expect((await leakAudits(project.default_key.key_id)).map((e) => e.metadata.action)).toEqual(["flagged_default_key"]);
});

test("a missing, unknown or wrong signature is a 401, and changes nothing", async ({ api }) => {
  const ada = api("acmeAdmin");
  const { project_id } = await ada.createProject();
  const key = await ada.createKey(project_id);
  const body = JSON.stringify([leak(key.key)]);
  const other = newScanner("e2e-scanner"); // the right identifier, the wrong private key
  const cases: [string, Record<string, string>][] = [
    ["no headers", {}],
    ["no signature", { "github-public-key-identifier": suiteScanner.identifier }],
    ["unknown key", { "github-public-key-identifier": "nobody", "github-public-key-signature": signReport(body, suiteScanner.privateKey) }],
    ["wrong key", { "github-public-key-identifier": suiteScanner.identifier, "github-public-key-signature": signReport(body, other.privateKey) }],
    ["another body's signature", { "github-public-key-identifier": suiteScanner.identifier, "github-public-key-signature": signReport(body + " ", suiteScanner.privateKey) }],
    ["not base64 DER", { "github-public-key-identifier": suiteScanner.identifier, "github-public-key-signature": "bm90IGEgc2lnbmF0dXJl" }],
    ["empty signature", { "github-public-key-identifier": suiteScanner.identifier, "github-public-key-signature": "" }],
  ];
  for (const [label, headers] of cases) {
    const response = await sendReport(body, { headers });
    expect(response.status, label).toBe(401);
    expect(response.body.code, label).toBe("unauthorized");
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  }
  expect((await verify(key.key)).status).toBe(200);
  expect(await leakAudits(key.key_id)).toEqual([]);
});

test("the signature covers the raw bytes: a body re-encoded after signing is refused", async ({ api }) => {
  const ada = api("acmeAdmin");
  const { project_id } = await ada.createProject();
  const key = await ada.createKey(project_id);
  const signed = JSON.stringify([leak(key.key)], null, 2);
  const headers = { "github-public-key-identifier": suiteScanner.identifier, "github-public-key-signature": signReport(signed, suiteScanner.privateKey) };
  expect((await sendReport(JSON.stringify(JSON.parse(signed)), { headers })).status).toBe(401);
  expect((await sendReport(signed, { headers })).status).toBe(200);
  expect((await verify(key.key)).status).toBe(401);
});

test("reports are bounded: 1,000 tokens and 1 MiB; a body that is not a report is a 422", async () => {
  const many = Array.from({ length: 1001 }, (_, i) => leak(`fp_live_${i}`));
  const tooMany = await sendReport(many);
  expect(tooMany.status).toBe(422);
  expect(tooMany.body.detail).toBeTruthy();
  expect(JSON.stringify(tooMany.body.errors)).toMatch(/at most 1000 tokens/);
  const large = await sendReport([{ ...leak("fp_live_x"), url: "u".repeat(1024 * 1024) }]);
  expect(large.status).toBe(413);
  for (const body of ['{"token": "x"}', '[{"token": 5, "type": "t", "url": "u", "source": "s"}]', "[1]", "null"]) {
    const response = await sendReport(body);
    expect(response.status, body).toBe(422);
  }
  expect((await sendReport("[not json")).status).toBe(400);
  const exactly = await sendReport(Array.from({ length: 1000 }, (_, i) => leak(`fp_live_${i}`)));
  expect(exactly.status).toBe(200);
  expect(exactly.body).toHaveLength(1000);
});

test("with no scanner keys configured, the route answers 404", async () => {
  const instance = await startOwnInstance("no-scanner", { KEYPORT_SECRET_SCANNING_PUBLIC_KEYS: "" });
  try {
    const response = await sendReport([leak("fp_live_x")], { origin: instance.origin });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe("not_found");
  } finally {
    await instance.stop();
  }
});
