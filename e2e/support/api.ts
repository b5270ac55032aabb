import { test as base, expect } from "@playwright/test";
import { baseURL } from "./env";
import { sessionToken, type Person } from "./tokens";

export type ApiResponse<T = any> = { status: number; headers: Headers; body: T }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A small REST client for the suite: raw status, headers and JSON body. */
export class ApiClient {
  constructor(
    readonly token: string | null,
    readonly origin = baseURL,
  ) {}

  async call<T = any>(method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; raw?: string } = {}): Promise<ApiResponse<T>> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const headers: Record<string, string> = { ...options.headers };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let body: string | undefined = options.raw;
    if (options.body !== undefined) {
      headers["content-type"] ??= "application/json";
      body = JSON.stringify(options.body);
    }
    const response = await fetch(`${this.origin}${path}`, { method, headers, body, redirect: "manual" });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // leave as text
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  async createProject(name = `Project ${Math.random().toString(36).slice(2, 8)}`) {
    const response = await this.call("POST", "/api/v1/projects", { body: { name } });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { project_id: string; name: string; default_key: { key: string; key_id: string } };
  }

  async createKey(projectId: string, body: Record<string, unknown> = {}) {
    const response = await this.call("POST", `/api/v1/projects/${projectId}/keys`, { body: { name: "test key", ...body } });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { key: string; key_id: string; key_prefix: string; [field: string]: unknown };
  }

  listKeys(projectId: string, query = "") {
    return this.call("GET", `/api/v1/projects/${projectId}/keys${query}`);
  }

  revokeKey(projectId: string, keyId: string) {
    return this.call("DELETE", `/api/v1/projects/${projectId}/keys/${keyId}`);
  }
}

/** POST /api/v1/keys/verify with `key` as the bearer. */
export async function verify(key: string | null, body?: unknown, origin = baseURL) {
  return new ApiClient(key, origin).call("POST", "/api/v1/keys/verify", body === undefined ? {} : { body });
}

export const test = base.extend<{ api: (person: Person) => ApiClient }>({
  api: async ({}, use) => {
    await use((person) => new ApiClient(sessionToken(person)));
  },
});
export { expect };
