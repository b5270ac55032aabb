// Who the client is, as the audit trail records it: the socket's address, and X-Forwarded-For
// only from a trusted proxy. Each request is sent from its own loopback address.
import pg from "pg";
import { expect, test } from "../support/api";
import { databaseUrl } from "../support/env";
import { rawRequest } from "../support/raw-http";
import { startOwnInstance, type ServerInstance } from "../support/server";
import { sessionToken } from "../support/tokens";

async function auditedIp(keyId: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT ip FROM audit_events WHERE target_key_id = $1 AND action = 'api_key.created'", [keyId]);
    return rows[0]?.ip ?? null;
  } finally {
    await client.end();
  }
}

async function createFrom(instance: ServerInstance & { dataDir: string }, projectId: string, from: string, headers: Record<string, string> = {}) {
  const response = await rawRequest(instance.origin, {
    method: "POST",
    path: `/api/v1/projects/${projectId}/keys`,
    localAddress: from,
    headers: { authorization: `Bearer ${sessionToken("acmeAdmin", instance.dataDir)}`, "content-type": "application/json", ...headers },
    body: JSON.stringify({ name: `from ${from}` }),
  });
  expect(response.status, response.body).toBe(201);
  return auditedIp(JSON.parse(response.body).key_id);
}

test("with no trusted proxy, the socket's address is the client, whatever the headers say", async ({ api }) => {
  const { project_id } = await api("acmeAdmin").createProject();
  const instance = await startOwnInstance("direct");
  try {
    expect(await createFrom(instance, project_id, "127.0.0.2")).toBe("127.0.0.2");
    expect(await createFrom(instance, project_id, "127.0.0.2", { "x-forwarded-for": "203.0.113.9" })).toBe("127.0.0.2");
    expect(await createFrom(instance, project_id, "127.0.0.4", { "x-keyport-client-ip": "203.0.113.9" })).toBe("127.0.0.4");
  } finally {
    await instance.stop();
  }
});

test("X-Forwarded-For is read only from a trusted proxy, to its first untrusted hop", async ({ api }) => {
  const { project_id } = await api("acmeAdmin").createProject();
  const instance = await startOwnInstance("proxied", { KEYPORT_TRUSTED_PROXIES: "127.0.0.3/32" });
  try {
    expect(await createFrom(instance, project_id, "127.0.0.3", { "x-forwarded-for": "203.0.113.9" })).toBe("203.0.113.9");
    // What the client put in front of the proxy's hop is not believed.
    expect(await createFrom(instance, project_id, "127.0.0.3", { "x-forwarded-for": "198.51.100.66, 203.0.113.9" })).toBe("203.0.113.9");
    // The same header from anyone else is ignored.
    expect(await createFrom(instance, project_id, "127.0.0.2", { "x-forwarded-for": "203.0.113.9" })).toBe("127.0.0.2");
  } finally {
    await instance.stop();
  }
});
