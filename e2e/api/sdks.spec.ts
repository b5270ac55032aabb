// The SDKs and the CLI people install, against the suite's server: the TypeScript SDK's own
// behaviour (verify outcomes, retries, idempotency, a management lifecycle with a kpm_ key),
// then each artifact as the instance serves it, installed into an empty project the way a user
// would (npm and pip from the URL, Go through the module proxy at /go), compiled and run.
import { chmodSync, readFileSync, statSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import {
  ForbiddenError,
  InvalidApiKeyError,
  InvalidRequestError,
  Keyport,
  KeyportError,
  NetworkError,
  ConflictError,
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
  UsageExceededError,
} from "../../packages/sdk/src";
import { ApiClient, expect, test } from "../support/api";
import { baseURL, root } from "../support/env";
import { managementKey, run, runOk, tempDir, type Ran } from "../support/sdks";
import { sessionToken } from "../support/tokens";

const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);

/**
 * The verification outcomes every SDK is held to, by what the key is made with and what it is
 * asked: the SDK's error class and the problem's code.
 */
const VERIFY_OUTCOMES = [
  { name: "invalid", code: "invalid_api_key", status: 401, ErrorClass: InvalidApiKeyError },
  { name: "wrong environment", code: "forbidden", status: 403, ErrorClass: ForbiddenError },
  { name: "usage exceeded", code: "usage_exceeded", status: 429, ErrorClass: UsageExceededError },
] as const;

test.describe("@keyport/sdk", () => {
  test("verifyKey: valid, invalid, the wrong environment, no credits left, a session token, a bad app id", async ({ api }) => {
    const ada = api("acmeAdmin");
    const { project_id } = await ada.createProject();
    const key = await ada.createKey(project_id, { name: "sdk key", environment: "live" });
    const spent = await ada.createKey(project_id, { name: "no credits", credits: { remaining: 0 } });
    const attempts: string[] = [];
    const counting: typeof fetch = async (input, init) => {
      attempts.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    };
    const keyport = new Keyport({ baseUrl: `${baseURL}/`, fetch: counting });

    const valid = await keyport.verifyKey(key.key, { appId: project_id, environment: "live" });
    expect(valid).toMatchObject({ valid: true, key_id: key.key_id, project_id, environment: "live", name: "sdk key", expires_at: null });
    expect(valid.requestId).toMatch(/^req_/);

    const asked = {
      invalid: () => keyport.verifyKey(`${key.key.slice(0, -1)}${key.key.endsWith("A") ? "B" : "A"}`),
      "wrong environment": () => keyport.verifyKey(key.key, { environment: "test" }),
      "usage exceeded": () => keyport.verifyKey(spent.key, { cost: 1 }),
    };
    for (const outcome of VERIFY_OUTCOMES) {
      attempts.length = 0;
      const error = await failure(asked[outcome.name]());
      // None of these is retried: each would answer the same again.
      expect(attempts, outcome.name).toHaveLength(1);
      expect(error, outcome.name).toBeInstanceOf(outcome.ErrorClass);
      expect(error).toMatchObject({ status: outcome.status, code: outcome.code });
      expect((error as KeyportError).requestId).toMatch(/^req_/);
      expect((error as KeyportError).problem).toMatchObject({ code: outcome.code, status: outcome.status });
    }
    expect(await failure(keyport.verifyKey(sessionToken("acmeAdmin")))).toBeInstanceOf(UnauthorizedError);
    expect(await failure(keyport.verifyKey(key.key, { appId: "not-a-uuid" }))).toBeInstanceOf(InvalidRequestError);
    expect(await failure(new Keyport({ baseUrl: "http://127.0.0.1:1" }).verifyKey(key.key))).toBeInstanceOf(NetworkError);
  });

  test("a 429 is retried after its Retry-After, a long one is thrown at once, and 401, 403 and 422 are never retried", async ({ api }) => {
    const ada = api("acmeAdmin");
    const { project_id } = await ada.createProject();
    const attempts: string[] = [];
    const counting: typeof fetch = async (input, init) => {
      attempts.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    };
    const keyport = new Keyport({ baseUrl: baseURL, fetch: counting });

    // One verification per second: the second waits out Retry-After (1 s) and then succeeds.
    const quick = await ada.createKey(project_id, { name: "one per second", rate_limit: { limit: 1, window_s: 1 } });
    // Two at once: one is refused with Retry-After: 1, waits it out and then succeeds.
    const started = Date.now();
    const both = await Promise.all([keyport.verifyKey(quick.key), keyport.verifyKey(quick.key)]);
    expect(both.map((result) => result.key_id)).toEqual([quick.key_id, quick.key_id]);
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);

    // One per minute: Retry-After is past the 10 s the client waits out, so it throws at once.
    const slow = await ada.createKey(project_id, { name: "one per minute", rate_limit: { limit: 1, window_s: 60 } });
    await keyport.verifyKey(slow.key);
    attempts.length = 0;
    const limited = await failure(keyport.verifyKey(slow.key));
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(limited).toMatchObject({ status: 429, code: "rate_limited" });
    expect((limited as RateLimitedError).retryAfter).toBeGreaterThan(10);
    expect(attempts).toHaveLength(1);

    const plain = await ada.createKey(project_id, { name: "no limit" });
    for (const [status, call] of [
      [401, () => keyport.verifyKey("fp_live_notakeyatall")],
      [403, () => keyport.verifyKey(plain.key, { environment: "test" })],
      [422, () => keyport.verifyKey(plain.key, { appId: "not-a-uuid" })],
    ] as const) {
      attempts.length = 0;
      expect(await failure(call())).toMatchObject({ status });
      expect(attempts, String(status)).toHaveLength(1);
    }
  });

  test("a POST keeps its Idempotency-Key across retries, so a retried create makes one key", async ({ api }) => {
    const ada = api("acmeAdmin");
    const { project_id } = await ada.createProject();
    const kpm = await managementKey();
    const sent: { key: string | null; replayed: string | null }[] = [];
    // The first answer is lost on the way back (a 503 from a proxy, say): the client must retry.
    const lossy: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const response = await fetch(request);
      sent.push({ key: request.headers.get("idempotency-key"), replayed: response.headers.get("idempotency-replayed") });
      if (sent.length === 1) return new Response(null, { status: 503, headers: { "retry-after": "0" } });
      return response;
    };
    const keyport = new Keyport({ baseUrl: baseURL, managementKey: kpm, fetch: lossy });
    const created = await keyport.keys.create(project_id, { name: "made once", environment: "test" });
    expect(sent).toHaveLength(2);
    expect(sent[0]!.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[1]!.key).toBe(sent[0]!.key);
    expect(sent[1]!.replayed).toBe("true");
    const named = (await ada.listKeys(project_id, "?q=made%20once")).body as { key_id: string }[];
    expect(named.map((key) => key.key_id)).toEqual([created.key_id]);
  });

  test("a management lifecycle with a kpm_ key: project, create, list, roll, verify, revoke, bulk revoke, usage, audit", async () => {
    const kpm = await managementKey();
    const keyport = new Keyport({ baseUrl: baseURL, managementKey: kpm });
    const project = await keyport.projects.create({ name: `SDK lifecycle ${Date.now()}` });
    expect(project.default_key.key).toMatch(/^fp_live_/);
    expect((await keyport.projects.list()).map((p) => p.project_id)).toContain(project.project_id);

    const created = await keyport.keys.create(project.project_id, { name: "lifecycle", environment: "live" });
    expect(created.key).toMatch(/^fp_live_/);
    expect((await keyport.verifyKey(created.key, { appId: project.project_id })).key_id).toBe(created.key_id);
    const listed = await keyport.keys.list(project.project_id, { status: "active" });
    expect(listed.map((key) => key.key_id)).toContain(created.key_id);
    expect(JSON.stringify(listed)).not.toContain(created.key);

    const rolled = await keyport.keys.roll(project.project_id, created.key_id, { grace_period: "none" });
    expect(rolled.rolled_from).toBe(created.key_id);
    expect(await failure(keyport.verifyKey(created.key))).toBeInstanceOf(InvalidApiKeyError);
    expect((await keyport.verifyKey(rolled.key)).key_id).toBe(rolled.key_id);
    expect(await failure(keyport.keys.roll(project.project_id, created.key_id, { grace_period: "none" }))).toMatchObject({ status: 409 });

    expect(await keyport.keys.revoke(project.project_id, rolled.key_id)).toMatchObject({ success: true });
    expect(await failure(keyport.verifyKey(rolled.key))).toBeInstanceOf(InvalidApiKeyError);

    const extra = await keyport.keys.create(project.project_id, { name: "bulk", environment: "test" });
    const bulk = await keyport.keys.bulkRevoke(project.project_id, [extra.key_id, rolled.key_id]);
    expect(bulk.results.map((result) => result.status).sort()).toEqual(["already_revoked", "revoked"]);

    const usage = await keyport.keys.usage(project.project_id, created.key_id, { granularity: "hour" });
    expect(usage.length).toBeGreaterThan(0);
    const all: string[] = [];
    for await (const key of keyport.keys.all(project.project_id, { limit: 1 })) all.push(key.key_id);
    expect(all).toEqual(expect.arrayContaining([project.default_key.key_id, created.key_id, rolled.key_id, extra.key_id]));

    const events = await keyport.auditEvents.list({ key_id: created.key_id });
    expect(events.map((event) => event.action)).toEqual(expect.arrayContaining(["api_key.created", "api_key.rolled"]));
    expect(events.find((event) => event.action === "api_key.created")?.actor.type).toBe("management_key");
    expect(await keyport.auditEvents.export({ key_id: created.key_id })).toContain("api_key.rolled");
    expect(Array.isArray(await keyport.webhooks.list())).toBe(true);
    expect(await keyport.policy.get()).toHaveProperty("single_active_key");
    expect((await keyport.managementKeys.list()).length).toBeGreaterThan(0);

    // A key without the permission gets a 403 that names it, with the problem and request id.
    const reader = new Keyport({ baseUrl: baseURL, managementKey: await managementKey("acmeAdmin", ["projects:read"]) });
    const refused = await failure(reader.keys.create(project.project_id, { name: "nope" }));
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect((refused as ForbiddenError).problem?.detail).toContain("keys:write");
    expect((refused as ForbiddenError).requestId).toMatch(/^req_/);
  });

  test("an identity's lifecycle with a kpm_ key: create, list, update, a key it owns, credits, ledger, delete with its keys", async () => {
    const keyport = new Keyport({ baseUrl: baseURL, managementKey: await managementKey() });
    const project = await keyport.projects.create({ name: `SDK identities ${Date.now()}` });
    const external = `ts-customer-${Date.now()}`;
    const identity = await keyport.identities.create({ external_id: external, name: "TS customer", meta: { plan: "pro" }, credits: { remaining: 2 } });
    expect(identity).toMatchObject({ external_id: external, name: "TS customer", meta: { plan: "pro" }, credits: { remaining: 2 }, key_count: 0 });
    expect(await failure(keyport.identities.create({ external_id: external }))).toBeInstanceOf(ConflictError);
    expect((await keyport.identities.list({ external_id: external })).map((i) => i.id)).toEqual([identity.id]);
    const every: string[] = [];
    for await (const found of keyport.identities.all({ q: external, limit: 1 })) every.push(found.id);
    expect(every).toEqual([identity.id]);
    expect(await keyport.identities.update(identity.id, { name: "Renamed", meta: { plan: "team" } })).toMatchObject({ name: "Renamed", meta: { plan: "team" } });

    const owned = await keyport.keys.create(project.project_id, { name: "owned", identity_id: identity.id });
    expect(owned.identity_id).toBe(identity.id);
    expect((await keyport.identities.get(identity.id)).key_count).toBe(1);
    const verified = await keyport.verifyKey(owned.key, { cost: 2 });
    expect(verified).toMatchObject({ identity: { id: identity.id, external_id: external, meta: { plan: "team" } }, credits: { remaining: 0 } });
    const exceeded = await failure(keyport.verifyKey(owned.key));
    expect(exceeded).toBeInstanceOf(UsageExceededError);
    expect(exceeded).toMatchObject({ status: 429, code: "usage_exceeded" });

    expect(await keyport.identities.addCredits(identity.id, 5, "top up")).toMatchObject({ credits: { remaining: 5 }, entry: { kind: "add", amount: 5, balance: 5, reason: "top up" } });
    expect(await failure(keyport.identities.addCredits(identity.id, -1))).toBeInstanceOf(InvalidRequestError);
    expect((await keyport.identities.setCredits(identity.id, 3)).credits?.remaining).toBe(3);
    const ledger = await keyport.identities.ledger(identity.id);
    expect(ledger.slice(0, 2).map((entry) => [entry.kind, entry.balance])).toEqual([["set", 3], ["add", 5]]);
    expect(ledger[0]!.actor.type).toBe("management_key");
    expect((await keyport.verifyKey(owned.key)).credits).toEqual({ remaining: 2 });
    expect((await keyport.keys.setCredits(project.project_id, owned.key_id, 10, "own")).credits?.remaining).toBe(10);
    expect((await keyport.keys.addCredits(project.project_id, owned.key_id, 1)).credits?.remaining).toBe(11);
    expect((await keyport.keys.ledger(project.project_id, owned.key_id)).map((entry) => entry.kind).slice(0, 2)).toEqual(["add", "set"]);

    expect(await failure(keyport.identities.delete(identity.id))).toBeInstanceOf(ConflictError);
    expect(await keyport.identities.delete(identity.id, { revokeKeys: true })).toMatchObject({ success: true, revoked_keys: 1 });
    expect(await failure(keyport.identities.get(identity.id))).toBeInstanceOf(NotFoundError);
    expect(await failure(keyport.verifyKey(owned.key))).toBeInstanceOf(InvalidApiKeyError);
  });

  test("deactivate, then the key verifies as invalid, then reactivate and it verifies again; reveal says why it cannot", async () => {
    const keyport = new Keyport({ baseUrl: baseURL, managementKey: await managementKey() });
    const project = await keyport.projects.create({ name: `SDK deactivate ${Date.now()}` });
    const created = await keyport.keys.create(project.project_id, { name: "paused", environment: "live" });
    expect((await keyport.verifyKey(created.key)).key_id).toBe(created.key_id);

    expect(await keyport.keys.deactivate(project.project_id, created.key_id)).toMatchObject({ key_id: created.key_id, status: "deactivated", is_active: false });
    expect(await failure(keyport.verifyKey(created.key))).toBeInstanceOf(InvalidApiKeyError);
    expect((await keyport.keys.deactivate(project.project_id, created.key_id)).status).toBe("deactivated");
    expect((await keyport.keys.list(project.project_id, { status: "deactivated" })).map((key) => key.key_id)).toEqual([created.key_id]);

    expect(await keyport.keys.reactivate(project.project_id, created.key_id)).toMatchObject({ status: "active", deactivated_at: null });
    expect((await keyport.verifyKey(created.key)).key_id).toBe(created.key_id);

    // The default key cannot be deactivated. A revoked key is never revealed, whatever the
    // workspace's recoverable-keys policy (which other tests change), nor reactivated.
    expect(await failure(keyport.keys.deactivate(project.project_id, project.default_key.key_id))).toBeInstanceOf(ConflictError);
    await keyport.keys.revoke(project.project_id, created.key_id);
    const reveal = await failure(keyport.keys.reveal(project.project_id, created.key_id));
    expect(reveal).toBeInstanceOf(ConflictError);
    expect((reveal as ConflictError).problem?.detail).toBeTruthy();
    expect(await failure(keyport.keys.reactivate(project.project_id, created.key_id))).toBeInstanceOf(ConflictError);
  });
});

/** A fresh project with a key to verify and a management key, for the installed artifacts. */
async function fixture() {
  const ada = new ApiClient(sessionToken("acmeAdmin"));
  const { project_id } = await ada.createProject();
  const key = await ada.createKey(project_id, { name: "consumer key", environment: "live" });
  return { projectId: project_id, key: key.key, keyId: key.key_id, kpm: await managementKey() };
}

test.describe("the artifacts each instance serves", () => {
  test("are at their stable URLs, at the product's version", async () => {
    const version = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).version as string;
    for (const name of ["keyport-sdk.tgz", "keyport-cli.tgz", "keyport.tar.gz"]) {
      const response = await fetch(`${baseURL}/sdk/${name}`);
      expect(response.status, name).toBe(200);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(500);
    }
    expect(await (await fetch(`${baseURL}/go/keyport.dev/go/keyport/@v/list`)).text()).toBe(`v${version}\n`);
    expect(await (await fetch(`${baseURL}/go/keyport.dev/go/keyport/@v/v${version}.info`)).json()).toMatchObject({ Version: `v${version}` });
    expect(await (await fetch(`${baseURL}/go/keyport.dev/go/keyport/@v/v${version}.mod`)).text()).toContain("module keyport.dev/go/keyport");
    expect((await fetch(`${baseURL}/go/keyport.dev/go/keyport/@v/v${version}.zip`)).headers.get("content-type")).toBe("application/zip");
    const missing = await fetch(`${baseURL}/sdk/secrets.tgz`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: "not_found" });
    expect((await fetch(`${baseURL}/go/keyport.dev/go/keyport/@v/..%2F..%2Fpackage.json`)).status).toBe(404);
    // Each package's own version is the product's.
    for (const name of ["sdk", "cli"]) {
      const manifest = JSON.parse(readFileSync(path.join(root, "packages", name, "package.json"), "utf8"));
      expect(manifest.version, `packages/${name}`).toBe(version);
    }
    expect(readFileSync(path.join(root, "sdks", "python", "pyproject.toml"), "utf8")).toContain(`version = "${version}"`);
    expect(readFileSync(path.join(root, "sdks", "python", "src", "keyport", "__init__.py"), "utf8")).toContain(`__version__ = "${version}"`);
    expect(readFileSync(path.join(root, "sdks", "go", "client.go"), "utf8")).toContain(`const Version = "${version}"`);
  });

  test("npm: the served @keyport/sdk installs into an empty project, compiles with tsc --strict and verifies", async () => {
    test.setTimeout(180_000);
    const { projectId, key, kpm } = await fixture();
    const dir = tempDir("ts-consumer");
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    await runOk("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", `${baseURL}/sdk/keyport-sdk.tgz`], { cwd: dir });
    writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          outDir: "dist",
          typeRoots: [path.join(root, "node_modules", "@types")],
          types: ["node"],
        },
        include: ["main.ts"],
      }),
    );
    writeFileSync(
      path.join(dir, "main.ts"),
      `import { Keyport, InvalidApiKeyError } from "@keyport/sdk";

const keyport = new Keyport({ baseUrl: process.env.KEYPORT_URL!, managementKey: process.env.KEYPORT_MANAGEMENT_KEY });
const verified = await keyport.verifyKey(process.env.KEYPORT_API_KEY!, { appId: process.env.PROJECT_ID, environment: "live" });
const created = await keyport.keys.create(process.env.PROJECT_ID!, { name: "from npm", environment: "test" });
const rolled = await keyport.keys.roll(process.env.PROJECT_ID!, created.key_id, { grace_period: "none" });
await keyport.keys.revoke(process.env.PROJECT_ID!, rolled.key_id);
const revoked = await keyport.verifyKey(rolled.key).then(() => "valid", (error: unknown) => error instanceof InvalidApiKeyError ? error.code : "other");
console.log(JSON.stringify({ keyId: verified.key_id, created: created.key.startsWith("fp_test_"), revoked }));
`,
    );
    await runOk(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", dir]);
    const out = await runOk(process.execPath, [path.join(dir, "dist", "main.js")], {
      env: { KEYPORT_URL: baseURL, KEYPORT_MANAGEMENT_KEY: kpm, KEYPORT_API_KEY: key, PROJECT_ID: projectId },
    });
    expect(JSON.parse(out)).toMatchObject({ created: true, revoked: "invalid_api_key" });
    // A type error is a compile error: the package's types are strict, not `any`.
    writeFileSync(path.join(dir, "main.ts"), `import { Keyport } from "@keyport/sdk";\nawait new Keyport({ baseUrl: "x" }).keys.create("p", { nom: "x" });\n`);
    const wrong = await run(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", dir]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout).toContain("nom");
  });
});

test.describe("the keyport CLI, installed from the instance", () => {
  test.describe.configure({ mode: "serial" });
  let bin = "";
  let home = "";
  let data: Awaited<ReturnType<typeof fixture>>;
  const keyport = (args: string[], env: Record<string, string | undefined> = {}, input?: string): Promise<Ran> =>
    run(bin, args, { env: { HOME: home, XDG_CONFIG_HOME: undefined, KEYPORT_URL: baseURL, KEYPORT_MANAGEMENT_KEY: data.kpm, ...env }, input });
  const json = async (args: string[], env?: Record<string, string | undefined>) => {
    const ran = await keyport([...args, "--json"], env);
    expect(ran.code, `${args.join(" ")}: ${ran.stderr}`).toBe(0);
    return JSON.parse(ran.stdout);
  };

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const prefix = tempDir("cli");
    home = tempDir("cli-home");
    await runOk("npm", ["install", "--global", "--prefix", prefix, "--prefer-offline", "--no-audit", "--no-fund", `${baseURL}/sdk/keyport-cli.tgz`]);
    bin = path.join(prefix, "bin", "keyport");
    data = await fixture();
  });

  test("keyport login writes ~/.config/keyport/config.json, mode 0600; the environment takes precedence", async () => {
    const login = await keyport(["login"], { KEYPORT_URL: undefined, KEYPORT_MANAGEMENT_KEY: undefined }, `${baseURL}/\n${data.kpm}\n`);
    expect(login.code, login.stderr).toBe(0);
    const file = path.join(home, ".config", "keyport", "config.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ url: baseURL, management_key: data.kpm });
    // With only the file, commands work.
    const projects = await json(["projects", "list"], { KEYPORT_URL: undefined, KEYPORT_MANAGEMENT_KEY: undefined });
    expect(projects.map((p: { project_id: string }) => p.project_id)).toContain(data.projectId);
    // The environment wins over the file: a wrong key in it is an API error (1).
    const wrong = await keyport(["projects", "list"], { KEYPORT_MANAGEMENT_KEY: "kpm_wrong" });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/request id req_/);
    // Flags, and a bad answer is a usage error.
    expect((await keyport(["login", "--url", baseURL, "--management-key", "fp_live_x"])).code).toBe(2);
    const flagged = await keyport(["login", "--url", baseURL, "--management-key", data.kpm, "--json"]);
    expect(JSON.parse(flagged.stdout)).toEqual({ url: baseURL, config: file });
    chmodSync(file, 0o644);
    await keyport(["login", "--url", baseURL, "--management-key", data.kpm]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  test("keys create|list|show|roll|revoke|verify print JSON, and a new key is printed once and never stored", async () => {
    const { projectId } = data;
    const created = await json(["keys", "create", "--project", projectId, "--name", "cli key", "--environment", "test", "--description", "from the CLI", "--expires-at", "2030-01-01"]);
    expect(created).toMatchObject({ name: "cli key", environment: "test", description: "from the CLI", expires_at: "2030-01-01T00:00:00.000Z" });
    expect(created.key).toMatch(/^fp_test_/);
    const human = await keyport(["keys", "create", "--project", projectId, "--name", "cli human"]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/key\s+fp_live_/);
    expect(human.stdout).toContain("shown once");

    const listed = await json(["keys", "list", "--project", projectId, "--environment", "test"]);
    expect(listed.map((key: { key_id: string }) => key.key_id)).toContain(created.key_id);
    expect(JSON.stringify(listed)).not.toContain(created.key);
    const table = await keyport(["keys", "list", "--project", projectId]);
    expect(table.stdout.split("\n")[0]).toMatch(/^KEY_ID\s+NAME\s+KEY_PREFIX/);
    expect(table.stdout).toContain("cli key");

    expect(await json(["keys", "show", created.key_id, "--project", projectId])).toMatchObject({ key_id: created.key_id, status: "active" });
    const verified = await json(["keys", "verify", created.key, "--environment", "test"], { KEYPORT_MANAGEMENT_KEY: "" });
    expect(verified).toMatchObject({ valid: true, key_id: created.key_id });
    expect(verified.requestId).toMatch(/^req_/);

    const rolled = await json(["keys", "roll", created.key_id, "--project", projectId, "--grace-period", "none"]);
    expect(rolled).toMatchObject({ rolled_from: created.key_id });
    expect(await json(["keys", "revoke", rolled.key_id, "--project", projectId])).toEqual({ $schema: expect.any(String), success: true });
    expect(await json(["keys", "show", rolled.key_id, "--project", projectId])).toMatchObject({ status: "revoked" });

    // No secret reaches the config file.
    const config = path.join(home, ".config", "keyport", "config.json");
    if (existsSync(config)) {
      const stored = readFileSync(config, "utf8");
      for (const secret of [created.key, rolled.key]) expect(stored).not.toContain(secret);
    }
  });

  test("projects, audit, webhooks, management keys and policy print JSON", async () => {
    const project = await json(["projects", "create", "--name", `CLI ${Date.now()}`]);
    expect(project.default_key.key).toMatch(/^fp_live_/);
    expect((await json(["projects", "list"])).map((p: { project_id: string }) => p.project_id)).toContain(project.project_id);
    const events = await json(["audit", "list", "--since", "1h", "--action", "project.created", "--limit", "5"]);
    expect(events.map((event: { project_id: string }) => event.project_id)).toContain(project.project_id);
    expect(Array.isArray(await json(["webhooks", "list"]))).toBe(true);
    expect((await json(["management-keys", "list"])).length).toBeGreaterThan(0);
    expect(await json(["policy", "show"])).toHaveProperty("leak_response");
    expect(JSON.parse((await keyport(["--version", "--json"])).stdout).version).toMatch(/^\d+\.\d+\.\d+/);
  });

  test("identities list|create|show|delete and credits add|set, keys deactivate|reactivate print JSON; their exit codes", async () => {
    const external = `cli-customer-${Date.now()}`;
    const created = await json(["identities", "create", "--external-id", external, "--name", "CLI customer", "--meta", '{"plan":"pro"}', "--credits", "1"]);
    expect(created).toMatchObject({ external_id: external, name: "CLI customer", meta: { plan: "pro" }, credits: { remaining: 1 } });
    expect((await json(["identities", "list", "--external-id", external])).map((i: { id: string }) => i.id)).toEqual([created.id]);
    const listed = await keyport(["identities", "list", "--search", external]);
    expect(listed.code).toBe(0);
    expect(listed.stdout.split("\n")[0]).toMatch(/^ID\s+EXTERNAL_ID\s+NAME\s+CREDITS/);
    expect(listed.stdout).toContain(external);
    expect(await json(["identities", "show", created.id])).toMatchObject({ id: created.id, key_count: 0 });
    expect(await json(["identities", "credits", "add", created.id, "4", "--reason", "from the CLI"])).toMatchObject({
      credits: { remaining: 5 },
      entry: { kind: "add", reason: "from the CLI" },
    });
    expect((await json(["identities", "credits", "set", created.id, "0"])).credits.remaining).toBe(0);

    // A key it owns: verify spends the identity's credits (none left), and deactivate refuses the key.
    const owner = new Keyport({ baseUrl: baseURL, managementKey: data.kpm });
    const owned = await owner.keys.create(data.projectId, { name: "cli owned", identity_id: created.id });
    const exceeded = await keyport(["keys", "verify", owned.key, "--json"], { KEYPORT_MANAGEMENT_KEY: "" });
    expect(exceeded.code).toBe(1);
    expect(JSON.parse(exceeded.stderr).error).toMatchObject({ status: 429, code: "usage_exceeded" });
    await json(["identities", "credits", "set", created.id, "10"]);
    expect(await json(["keys", "deactivate", owned.key_id, "--project", data.projectId])).toMatchObject({ key_id: owned.key_id, status: "deactivated" });
    expect(await json(["keys", "show", owned.key_id, "--project", data.projectId])).toMatchObject({ status: "deactivated" });
    const refused = await keyport(["keys", "verify", owned.key, "--json"], { KEYPORT_MANAGEMENT_KEY: "" });
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stderr).error.code).toBe("invalid_api_key");
    expect(await json(["keys", "reactivate", owned.key_id, "--project", data.projectId])).toMatchObject({ status: "active" });
    expect(await json(["keys", "verify", owned.key], { KEYPORT_MANAGEMENT_KEY: "" })).toMatchObject({ valid: true, identity: { external_id: external } });

    // Deleting an identity that owns an active key is an API error (1) until --revoke-keys.
    const conflict = await keyport(["identities", "delete", created.id, "--json"]);
    expect(conflict.code).toBe(1);
    expect(JSON.parse(conflict.stderr).error).toMatchObject({ status: 409, code: "conflict" });
    expect(await json(["identities", "delete", created.id, "--revoke-keys"])).toMatchObject({ success: true, revoked_keys: 1 });
    const gone = await keyport(["identities", "show", created.id, "--json"]);
    expect(gone.code).toBe(1);
    expect(JSON.parse(gone.stderr).error).toMatchObject({ status: 404, code: "not_found" });
    const human = await keyport(["identities", "delete", created.id]);
    expect(human.code).toBe(1);
    expect(human.stderr).toMatch(/^Error: .+ \(request id req_\w+\)/);

    for (const args of [
      ["identities", "create"],
      ["identities", "create", "--external-id", "x", "--meta", "[1]"],
      ["identities", "create", "--external-id", "x", "--credits", "lots"],
      ["identities", "show"],
      ["identities", "delete", created.id, "--force"],
      ["identities", "credits", "add", created.id],
      ["identities", "credits", "set", created.id, "-1"],
      ["keys", "deactivate", owned.key_id],
      ["keys", "reactivate", "--project", data.projectId],
    ]) {
      const ran = await keyport([...args, "--json"]);
      expect(ran.code, args.join(" ")).toBe(2);
      expect(JSON.parse(ran.stderr).error.code, args.join(" ")).toBe("usage");
    }
  });

  test("exit codes: 1 for an API error with its detail and request id, 2 for a usage error", async () => {
    const invalid = await keyport(["keys", "verify", "fp_live_notakey", "--json"]);
    expect(invalid.code).toBe(1);
    expect(JSON.parse(invalid.stderr).error).toMatchObject({ status: 401, code: "invalid_api_key", request_id: expect.stringMatching(/^req_/) });
    const human = await keyport(["keys", "verify", "fp_live_notakey"]);
    expect(human.code).toBe(1);
    expect(human.stderr).toMatch(/^Error: .+ \(request id req_\w+\)/);
    const missing = await keyport(["keys", "show", "00000000-0000-4000-8000-000000000000", "--project", data.projectId, "--json"]);
    expect(missing.code).toBe(1);
    const forbidden = await keyport(["audit", "list", "--json"], { KEYPORT_MANAGEMENT_KEY: await managementKey("acmeAdmin", ["projects:read"]) });
    expect(forbidden.code).toBe(1);
    expect(JSON.parse(forbidden.stderr).error.detail).toContain("audit:read");

    for (const args of [
      [],
      ["nonsense"],
      ["keys", "create", "--project", data.projectId],
      ["keys", "create", "--project", data.projectId, "--name", "x", "--environment", "prod"],
      ["keys", "list"],
      ["keys", "list", "--project", data.projectId, "--bogus"],
      ["keys", "roll", "--project", data.projectId],
      ["audit", "list", "--since", "yesterday-ish"],
    ]) {
      const ran = await keyport([...args, "--json"]);
      expect(ran.code, args.join(" ")).toBe(2);
      if (args.length > 0) expect(JSON.parse(ran.stderr).error.code, args.join(" ")).toBe("usage");
    }
    const unconfigured = await keyport(["projects", "list"], { KEYPORT_URL: undefined, KEYPORT_MANAGEMENT_KEY: undefined, HOME: tempDir("empty-home") });
    expect(unconfigured.code).toBe(2);
    expect(unconfigured.stderr).toContain("keyport login");
    expect((await keyport(["keys", "create", "--help"])).code).toBe(0);
  });
});

test.describe("the Go module", () => {
  test("go vet is clean and go test passes against this server, skipping nothing", async () => {
    test.setTimeout(240_000);
    const dir = path.join(root, "sdks", "go");
    const env = { GOFLAGS: "-mod=mod", GOPROXY: "off", KEYPORT_URL: baseURL, KEYPORT_MANAGEMENT_KEY: await managementKey() };
    await runOk("go", ["vet", "./..."], { cwd: dir, env });
    const tested = await runOk("go", ["test", "-count=1", "-v", "./..."], { cwd: dir, env });
    expect(tested).not.toContain("--- SKIP");
    expect(tested).toContain("--- PASS: TestOperationsMatchTheOpenAPIDocument");
    expect(tested).toContain("--- PASS: TestManagementLifecycle");
    expect(tested).toContain("--- PASS: TestIdentityLifecycle");
  });

  test("an empty module gets it through GOPROXY={url}/go, builds and verifies", async () => {
    test.setTimeout(240_000);
    const { projectId, key, kpm } = await fixture();
    const dir = tempDir("go-consumer");
    writeFileSync(path.join(dir, "go.mod"), "module consumer\n\ngo 1.19\n");
    writeFileSync(
      path.join(dir, "main.go"),
      `package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"

	"keyport.dev/go/keyport"
)

func main() {
	ctx := context.Background()
	client := keyport.NewClient(os.Getenv("KEYPORT_URL"), keyport.WithManagementKey(os.Getenv("KEYPORT_MANAGEMENT_KEY")))
	verified, err := client.VerifyKey(ctx, os.Getenv("KEYPORT_API_KEY"), &keyport.VerifyOptions{AppID: os.Getenv("PROJECT_ID"), Environment: "live"})
	if err != nil {
		panic(err)
	}
	created, err := client.Keys.Create(ctx, os.Getenv("PROJECT_ID"), keyport.CreateKeyParams{Name: "from go", Environment: "test"})
	if err != nil {
		panic(err)
	}
	rolled, err := client.Keys.Roll(ctx, os.Getenv("PROJECT_ID"), created.KeyID, keyport.RollKeyParams{GracePeriod: "none"})
	if err != nil {
		panic(err)
	}
	if err := client.Keys.Revoke(ctx, os.Getenv("PROJECT_ID"), rolled.KeyID); err != nil {
		panic(err)
	}
	_, err = client.VerifyKey(ctx, rolled.Key, nil)
	var kerr keyport.Error
	errors.As(err, &kerr)
	_ = json.NewEncoder(os.Stdout).Encode(map[string]string{"key_id": verified.KeyID, "revoked": kerr.Code})
}
`,
    );
    // A module cache of its own, so the module really comes through this instance's proxy.
    const env = { GOPATH: path.join(dir, "gopath"), GOPROXY: `${baseURL}/go`, GONOSUMDB: "keyport.dev", GOFLAGS: "-mod=mod" };
    await runOk("go", ["get", "keyport.dev/go/keyport@latest"], { cwd: dir, env });
    expect(readFileSync(path.join(dir, "go.mod"), "utf8")).toMatch(/keyport\.dev\/go\/keyport v\d+\.\d+\.\d+/);
    await runOk("go", ["build", "-o", "consumer", "."], { cwd: dir, env });
    const out = await runOk(path.join(dir, "consumer"), [], { env: { KEYPORT_URL: baseURL, KEYPORT_MANAGEMENT_KEY: kpm, KEYPORT_API_KEY: key, PROJECT_ID: projectId } });
    expect(JSON.parse(out)).toEqual({ key_id: expect.any(String), revoked: "invalid_api_key" });
    await run("chmod", ["-R", "u+w", dir]);
  });
});

test.describe("the Python package", () => {
  test.describe.configure({ mode: "serial" });
  let python = "";

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    // A fresh virtualenv with the package pip installs from this instance's URL.
    const venv = tempDir("py-venv");
    await runOk("python3", ["-m", "venv", venv]);
    python = path.join(venv, "bin", "python");
    await runOk(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", `${baseURL}/sdk/keyport.tar.gz`]);
  });

  test("its unittest suite passes against this server, on the installed package, skipping nothing", async () => {
    test.setTimeout(120_000);
    const tests = path.join(root, "sdks", "python");
    const ran = await run(python, ["-m", "unittest", "discover", "-v", "-s", "tests", "-t", "."], {
      cwd: tests,
      env: { KEYPORT_URL: baseURL, KEYPORT_MANAGEMENT_KEY: await managementKey(), PYTHONPATH: "" },
    });
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stderr).toMatch(/Ran \d+ tests/);
    expect(ran.stderr).not.toContain("skipped");
    expect(ran.stderr).toMatch(/test_identity_lifecycle .+ \.\.\. ok/);
    // The tests ran the installed package, not the source folder.
    const where = await runOk(python, ["-c", "import keyport; print(keyport.__file__)"], { cwd: tests });
    expect(where).toContain("site-packages");
  });

  test("a script on the installed package verifies, creates, rolls and revokes", async () => {
    const { projectId, key, kpm } = await fixture();
    const out = await runOk(
      python,
      [
        "-c",
        `import json, os, keyport
client = keyport.Client(os.environ["KEYPORT_URL"], management_key=os.environ["KEYPORT_MANAGEMENT_KEY"])
verified = client.verify_key(os.environ["KEYPORT_API_KEY"], app_id=os.environ["PROJECT_ID"], environment="live")
created = client.keys.create(os.environ["PROJECT_ID"], name="from pip", environment="test")
rolled = client.keys.roll(os.environ["PROJECT_ID"], created["key_id"], grace_period="none")
client.keys.revoke(os.environ["PROJECT_ID"], rolled["key_id"])
try:
    client.verify_key(rolled["key"])
    revoked = "valid"
except keyport.InvalidApiKeyError as error:
    revoked = error.code
print(json.dumps({"key_id": verified["key_id"], "revoked": revoked, "version": keyport.__version__}))`,
      ],
      { cwd: tempDir("py-consumer"), env: { KEYPORT_URL: baseURL, KEYPORT_MANAGEMENT_KEY: kpm, KEYPORT_API_KEY: key, PROJECT_ID: projectId } },
    );
    const version = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).version;
    expect(JSON.parse(out)).toEqual({ key_id: expect.any(String), revoked: "invalid_api_key", version });
  });
});
