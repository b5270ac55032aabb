// @keyport/sdk: Keyport's TypeScript client. It needs only `fetch`, so it runs on Node 20 and
// later, in edge runtimes and in browsers. Its types are generated from Keyport's OpenAPI
// document (schema.ts), and its calls go through openapi-fetch, bundled in.
//
//   const keyport = new Keyport({ baseUrl: "https://keys.example.com", managementKey: process.env.KEYPORT_MANAGEMENT_KEY });
//   const key = await keyport.verifyKey(process.env.KEYPORT_API_KEY!, { appId, environment: "live" });
//   const created = await keyport.keys.create(projectId, { name: "worker", environment: "live" });
import createClient from "openapi-fetch";
import { AuditEvents } from "./resources/audit.js";
import { Identities } from "./resources/identities.js";
import { Keys } from "./resources/keys.js";
import { ManagementKeys } from "./resources/management-keys.js";
import { Policy } from "./resources/policy.js";
import { Projects } from "./resources/projects.js";
import { Requests } from "./resources/requests.js";
import { unwrap, type ApiClient, type BodyOf, type ResultOf } from "./resources/resource.js";
import { Webhooks } from "./resources/webhooks.js";
import { createTransport, type TransportOptions } from "./transport.js";
import type { components } from "./schema.js";

export * from "./errors.js";
export type { BodyOf, OperationId, QueryOf, ResultOf } from "./resources/resource.js";
export type { components, operations, paths } from "./schema.js";
export type { TransportOptions } from "./transport.js";

export type Environment = "live" | "test";

export type KeyportOptions = TransportOptions & {
  /** Where Keyport is, e.g. `https://keys.example.com`. */
  baseUrl: string;
  /** A management key (`kpm_…`) for the management API; verification needs none. */
  managementKey?: string;
};

export type VerifyOptions = {
  /** The project (app) the key must belong to. */
  appId?: string;
  /** The environment the key must be issued for. */
  environment?: Environment;
  /** Scopes the key must hold (a key with no scopes holds them all). */
  scopes?: string[];
  /**
   * Credits this verification spends from the key's and its identity's balances (default 1; 0
   * checks without spending, and an empty balance still refuses). A balance that cannot pay is a UsageExceededError.
   */
  cost?: number;
};

/** A valid key's details, and the request id of the verification (for the request lookup). */
export type VerifiedKey = ResultOf<"verifyKey"> & { requestId: string | null };

/** An API key as the management API shows it (never its secret). */
export type ApiKey = components["schemas"]["APIKey"];

/** An identity (a customer that owns keys) as the management API shows it. */
export type Identity = ResultOf<"getIdentity">;

export class Keyport {
  readonly projects: Projects;
  readonly keys: Keys;
  readonly auditEvents: AuditEvents;
  readonly webhooks: Webhooks;
  readonly policy: Policy;
  readonly managementKeys: ManagementKeys;
  readonly requests: Requests;
  readonly identities: Identities;
  private readonly client: ApiClient;

  constructor(options: KeyportOptions) {
    this.client = createClient({
      baseUrl: options.baseUrl.replace(/\/+$/, ""),
      fetch: createTransport(options),
      headers: options.managementKey ? { authorization: `Bearer ${options.managementKey}` } : {},
    });
    this.projects = new Projects(this.client);
    this.keys = new Keys(this.client);
    this.auditEvents = new AuditEvents(this.client);
    this.webhooks = new Webhooks(this.client);
    this.policy = new Policy(this.client);
    this.managementKeys = new ManagementKeys(this.client);
    this.requests = new Requests(this.client);
    this.identities = new Identities(this.client);
  }

  /** Verifies an SDK key: its details, or a typed error (InvalidApiKeyError, ForbiddenError, UsageExceededError, …). */
  async verifyKey(key: string, options: VerifyOptions = {}): Promise<VerifiedKey> {
    const body: BodyOf<"verifyKey"> = {};
    if (options.appId !== undefined) body.app_id = options.appId;
    if (options.environment !== undefined) body.environment = options.environment;
    if (options.scopes !== undefined) body.scopes = options.scopes;
    if (options.cost !== undefined) body.cost = options.cost;
    const call = this.client.POST("/api/v1/keys/verify", { body, headers: { authorization: `Bearer ${key}` } });
    const result = await unwrap(call);
    return { ...result, requestId: (await call).response.headers.get("request-id") };
  }
}
