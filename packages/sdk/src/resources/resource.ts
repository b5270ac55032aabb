// What every resource module shares: the typed openapi-fetch client, the helper types that name an
// operation's body, query and answer by its operationId, and `unwrap`, which turns openapi-fetch's
// `{ data, error, response }` into the answer or a typed KeyportError.
import type { Client } from "openapi-fetch";
import { errorFromResponse } from "../errors.js";
import type { operations, paths } from "../schema.js";

/** @internal */
export type ApiClient = Client<paths>;
export type OperationId = keyof operations;

type JsonOf<T> = T extends { content: { "application/json": infer Body } } ? Body : never;

/** The JSON body an operation takes. */
export type BodyOf<Id extends OperationId> = operations[Id] extends { requestBody?: infer Request } ? JsonOf<NonNullable<Request>> : never;
/** The query parameters an operation takes. */
export type QueryOf<Id extends OperationId> = NonNullable<operations[Id]["parameters"]["query"]>;
/** The JSON an operation answers with on success. */
export type ResultOf<Id extends OperationId> = operations[Id]["responses"] extends infer Responses
  ? Responses extends { 200: infer Ok }
    ? JsonOf<Ok>
    : Responses extends { 201: infer Created }
      ? JsonOf<Created>
      : Responses extends { 202: infer Accepted }
        ? JsonOf<Accepted>
        : Responses extends { 204: unknown }
          ? undefined
          : never
  : never;

/** @internal The answer's data, or the typed error its problem document describes. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw errorFromResponse(response, error);
  return data as T;
}

/** @internal The cursor of the next page, from a `Link: <…?cursor=…>; rel="next"` header. */
export function nextCursor(response: Response): string | null {
  const link = response.headers.get("link");
  const next = link?.split(",").find((part) => /rel="?next"?/.test(part));
  const url = next?.match(/<([^>]+)>/)?.[1];
  return url ? new URL(url, "http://keyport.invalid").searchParams.get("cursor") : null;
}

export abstract class Resource {
  /** @internal */
  protected readonly client: ApiClient;
  /** @internal Resources are made by the Keyport client. */
  constructor(client: ApiClient) {
    this.client = client;
  }
}
