// The TypeScript SDK (lib/sdk) against the real server: typed results and typed errors.
import {
  ForbiddenError,
  InvalidApiKeyError,
  InvalidRequestError,
  Keyport,
  NetworkError,
  RateLimitedError,
  UnauthorizedError,
} from "../../lib/sdk";
import { expect, test } from "../support/api";
import { baseURL } from "../support/env";
import { sessionToken } from "../support/tokens";

test("verifyKey returns a typed result and maps each problem to its error class", async ({ api }) => {
  const ada = api("acmeAdmin");
  const { project_id } = await ada.createProject();
  const key = await ada.createKey(project_id, { name: "sdk key", environment: "live", scopes: ["flags:read"] });
  const keyport = new Keyport({ baseUrl: `${baseURL}/` });

  const result = await keyport.verifyKey(key.key, { appId: project_id, environment: "live", scopes: ["flags:read"] });
  expect(result).toMatchObject({ valid: true, keyId: key.key_id, projectId: project_id, environment: "live", scopes: ["flags:read"], expiresAt: null, name: "sdk key" });
  expect(result.requestId).toMatch(/^req_/);

  const failure = async (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e);
  const invalid = await failure(keyport.verifyKey(`${key.key.slice(0, -1)}${key.key.endsWith("A") ? "B" : "A"}`));
  expect(invalid).toBeInstanceOf(InvalidApiKeyError);
  expect(invalid).toMatchObject({ status: 401, code: "invalid_api_key" });
  expect((invalid as InvalidApiKeyError).requestId).toMatch(/^req_/);
  expect(await failure(keyport.verifyKey(key.key, { environment: "test" }))).toBeInstanceOf(ForbiddenError);
  expect(await failure(keyport.verifyKey(sessionToken("acmeAdmin")))).toBeInstanceOf(UnauthorizedError);
  expect(await failure(keyport.verifyKey(key.key, { appId: "not-a-uuid" }))).toBeInstanceOf(InvalidRequestError);
  const offline = await failure(new Keyport({ baseUrl: "http://127.0.0.1:1" }).verifyKey(key.key));
  expect(offline).toBeInstanceOf(NetworkError);
});

test("a rate-limited verification raises RateLimitedError with retryAfter from Retry-After", async ({ api }) => {
  const ada = api("acmeAdmin");
  const { project_id } = await ada.createProject();
  const key = await ada.createKey(project_id, { name: "sdk limited", rate_limit: { limit: 2, window_s: 45 } });
  const keyport = new Keyport({ baseUrl: baseURL });
  await keyport.verifyKey(key.key);
  await keyport.verifyKey(key.key);
  const limited = await keyport.verifyKey(key.key).then(() => null, (e: unknown) => e);
  expect(limited).toBeInstanceOf(RateLimitedError);
  expect(limited).toMatchObject({ status: 429, code: "rate_limited" });
  const retryAfter = (limited as RateLimitedError).retryAfter;
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(45);
});
