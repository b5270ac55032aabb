import "server-only";
import type { z } from "zod";
import { METHODS, allowHeader, type Endpoint, type Method } from "@/lib/api/operation";
import { requireWorkspace, type WorkspaceSession } from "@/lib/auth/guard";
import { requirePortalSession } from "@/lib/auth/portal";
import type { VerifiedPortalSession } from "@/lib/verify";
import { callerOf, runIdempotent, type Caller, type Transaction } from "@/lib/data";
import { AppError } from "@/lib/errors";
import { chargeWrite } from "@/lib/limits";
import { logRequest } from "@/lib/log";
import { parseJsonBody, readBodyText, rejectKeysInQuery, webStreamChunks } from "./body";
import { clientIp } from "./client-ip";
import { portalCorsHeaders, portalErrorCorsHeaders, portalPreflightHeaders } from "./cors";
import { apiSecurityHeaders } from "./headers";
import { API_CACHE_CONTROL, JSON_CONTENT_TYPE, toProblem, toResponse, zodFieldErrors } from "./problem";
import { REQUEST_ID_HEADER, newRequestId } from "./request-id";

// The wrapper every route handler goes through. A route file hands apiRoute the handlers of its
// operations (lib/api/operations), each bound to its operation with `handle`, and exports what
// it returns: a handler for every HTTP method, so that Next answers none itself. Each answers
// with a request id, the security headers, problem+json for every error and one log line; the
// operation's role, path parameters, query and body are checked the same way everywhere.

/** What a handler answers: a JSON body, or (for downloads) a stream with its own content type. */
export type ApiResult = { status: number; body?: unknown; stream?: ReadableStream<Uint8Array>; headers?: Record<string, string> };

/**
 * A handler's context. `B` and `Q` are its operation's body and query schemas: `body()` and
 * `query()` parse with those, and a handler of an operation without a body (or a query) has no
 * `body()` (or `query()`) to call.
 */
export type ApiContext<P, B = never, Q = never> = {
  request: Request;
  url: URL;
  params: P;
  requestId: string;
  ip: string | null;
  session: WorkspaceSession;
  /** Who calls the data layer: the session's workspace and person, on this request. */
  caller: Caller;
  /**
   * Runs `fn` under the request's Idempotency-Key, if it has one. Pass `tx` to the data layer:
   * the work and its stored response commit together.
   */
  idempotent(fn: (tx: Transaction) => Promise<ApiResult>): Promise<ApiResult>;
} & Parsers<B, Q>;

/** The body and query parsers of an operation that declares them. */
type Parsers<B, Q> = ([B] extends [never]
  ? unknown
  : {
      /** The JSON body parsed with the operation's schema (422 with every issue when it does not fit). */
      body(): Promise<z.output<B & z.ZodType>>;
    }) &
  ([Q] extends [never]
    ? unknown
    : {
        /** The query string parsed with the operation's schema. */
        query(): z.output<Q & z.ZodType>;
      });

/**
 * A portal operation's context: the portal session instead of a workspace session, and its
 * caller (the identity, on that session). No Idempotency-Key: the portal's writes are one
 * person's clicks, each shown once.
 */
export type PortalContext<P, B = never, Q = never> = Omit<ApiContext<P, B, Q>, "session" | "idempotent"> & { portal: VerifiedPortalSession };

/** A public operation's context: no session (nor its caller), and so no Idempotency-Key either. */
export type PublicContext<P, B = never, Q = never> = Omit<ApiContext<P, B, Q>, "session" | "caller" | "idempotent">;

/** The path parameters as Next hands them to a route: text, by the names in the path. */
type RawParams<E extends Endpoint> = E extends { params: infer P } ? { [K in keyof P]: string } : Record<string, never>;
/** The path parameters as a handler gets them: checked by the operation's schemas. */
type ParamsOf<E extends Endpoint> = E extends { params: infer P } ? { [K in keyof P]: P[K] extends { schema: z.ZodType<infer O> } ? O : never } : Record<string, never>;
type BodyOf<E extends Endpoint> = E extends { body: infer S extends z.ZodType } ? S : never;
type QueryOf<E extends Endpoint> = E extends { query: infer S extends z.ZodType } ? S : never;

/** What the handler of an endpoint gets: by its role, and whether it honours Idempotency-Key. */
export type ContextOf<E extends Endpoint> = E["role"] extends "public"
  ? PublicContext<ParamsOf<E>, BodyOf<E>, QueryOf<E>>
  : E["role"] extends "portal"
    ? PortalContext<ParamsOf<E>, BodyOf<E>, QueryOf<E>>
  : E extends { idempotent: true }
    ? ApiContext<ParamsOf<E>, BodyOf<E>, QueryOf<E>>
    : Omit<ApiContext<ParamsOf<E>, BodyOf<E>, QueryOf<E>>, "idempotent">;

/** One method of a route file, as Next calls it. */
export type RouteHandler<P = Record<string, string>> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

/** Every method a route file exports. */
export type RouteHandlers<P> = Record<Method | "HEAD" | "OPTIONS", RouteHandler<P>>;

/** A handler bound to its operation, for apiRoute. */
export type OperationHandler<E extends Endpoint = Endpoint> = { endpoint: E; answer: RouteHandler<RawParams<E>> };

/** What each exported method is, for the test that holds routes and the catalogue together. */
export type RouteAnswerKind = { kind: "operation"; endpoint: Endpoint } | { kind: "method_not_allowed" | "options" | "not_found" };
const ROUTE_ANSWER = Symbol.for("keyport.routeAnswer");

/** What a route file's exported method answers, or null when it does not come from this wrapper. */
export function routeAnswerKind(handler: unknown): RouteAnswerKind | null {
  return typeof handler === "function" ? ((handler as { [ROUTE_ANSWER]?: RouteAnswerKind })[ROUTE_ANSWER] ?? null) : null;
}

function tagged<F extends RouteHandler<never>>(handler: F, kind: RouteAnswerKind): F {
  return Object.assign(handler, { [ROUTE_ANSWER]: kind });
}

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** What answers a request: an endpoint's checks around a handler, in the shared framing. */
type Answerable = Omit<Endpoint, "method" | "path">;

// Handlers are checked against their endpoint's types where they are written (`handle`); in
// here the context is built once, for every kind.
type AnyContext = ApiContext<Record<string, string>, z.ZodType, z.ZodType> & { portal: VerifiedPortalSession };

function answerer(endpoint: Answerable, handler: (ctx: AnyContext) => Promise<ApiResult>): RouteHandler {
  return async (request: Request, context: { params: Promise<Record<string, string>> }): Promise<Response> => {
    const startedAt = performance.now();
    const requestId = newRequestId();
    const url = new URL(request.url);
    let response: Response;
    let code: string | undefined;
    const portalOperation = endpoint.role === "portal";
    let corsHeaders: Record<string, string> = {};
    try {
      rejectKeysInQuery(url.search);
      // A public operation has no session, and so no caller: its handler's context has neither,
      // nor `idempotent`. A portal operation has a portal session and its caller.
      let session!: WorkspaceSession;
      let caller!: Caller;
      let portal!: VerifiedPortalSession;
      if (portalOperation) {
        const context = { requestId, ip: clientIp(request.headers) };
        const authenticated = await requirePortalSession({
          request,
          ...(endpoint.portalPermission ? { permission: endpoint.portalPermission } : {}),
          context,
        });
        portal = authenticated.session;
        caller = authenticated.caller;
        corsHeaders = portalCorsHeaders(request.headers.get("origin"), portal.origins);
      } else if (endpoint.role !== "public") {
        session = await requireWorkspace({
          role: endpoint.role as Exclude<Endpoint["role"], "public" | "portal">,
          ...(endpoint.permission ? { permission: endpoint.permission } : {}),
          request: endpoint.session === "dashboard" ? undefined : request,
          attempt: endpoint.attempt ?? `${request.method} ${url.pathname}`,
          context: { requestId, ip: clientIp(request.headers) },
        });
        caller = callerOf(session, { requestId, ip: clientIp(request.headers) });
      }
      // Every write counts against the user's management write limit, shared with the dashboard
      // (a management key has a limit of its own: its id is the actor).
      // A portal session's writes count against its identity's limit, whichever session it uses.
      const limitHeaders =
        READ_METHODS.has(request.method) || endpoint.role === "public"
          ? {}
          : portalOperation
            ? await chargeWrite(portal.workspaceId, `identity:${portal.identityId}`)
            : await chargeWrite(session.workspaceId, session.userId);
      let bodyText: string | null = null;
      const readText = async () =>
        (bodyText ??= await readBodyText(webStreamChunks(request.body), request.headers.get("content-length")));
      const ctx: AnyContext = {
        request,
        url,
        params: pathParams(endpoint, await context.params),
        requestId,
        ip: clientIp(request.headers),
        session,
        caller,
        portal,
        async body() {
          const schema = declared(endpoint.body, "body");
          const raw = parseJsonBody(await readText(), request.headers.get("content-type"));
          // No body at all is an empty object; a JSON `null` is a value, and refused where an
          // object is required.
          const parsed = schema.safeParse(raw === undefined ? {} : raw);
          if (!parsed.success) {
            throw new AppError("validation_failed", "The request body is not valid.", {
              errors: zodFieldErrors(parsed.error.issues, "body", raw),
            });
          }
          return parsed.data;
        },
        query() {
          const schema = declared(endpoint.query, "query");
          const raw = Object.fromEntries(url.searchParams);
          const parsed = schema.safeParse(raw);
          if (!parsed.success) {
            throw new AppError("validation_failed", "The query parameters are not valid.", {
              errors: zodFieldErrors(parsed.error.issues, "query", raw),
            });
          }
          return parsed.data;
        },
        async idempotent(fn) {
          const result = await runIdempotent(
            ctx.caller,
            {
              operation: `${request.method} ${url.pathname}`,
              key: request.headers.get("idempotency-key"),
              request: [request.method, url.pathname, await readText()],
            },
            async (tx) => {
              const r = await fn(tx);
              return { status: r.status, body: r.body };
            },
          );
          const headers: Record<string, string> = result.replayed ? { "idempotency-replayed": "true" } : {};
          return { status: result.status, body: result.body, headers };
        },
      };
      const result = await handler(ctx);
      response = new Response(result.stream ?? (result.status === 204 ? null : JSON.stringify(result.body)), {
        status: result.status,
        headers: {
          ...apiSecurityHeaders(),
          ...(result.status === 204 ? {} : { "content-type": JSON_CONTENT_TYPE }),
          "cache-control": API_CACHE_CONTROL,
          [REQUEST_ID_HEADER]: requestId,
          ...limitHeaders,
          ...corsHeaders,
          ...result.headers,
        },
      });
    } catch (error) {
      const problem = toProblem(error, requestId);
      code = problem.body.code;
      response = toResponse(problem);
      if (portalOperation) {
        const cors = Object.keys(corsHeaders).length ? corsHeaders : await portalErrorCorsHeaders(request);
        for (const [name, value] of Object.entries(cors)) response.headers.set(name, value);
      }
    }
    logRequest({ method: request.method, path: url.pathname, status: response.status, requestId, startedAt, code });
    return response;
  };
}

/**
 * The path parameters, each checked by its schema: a 422 names the one that does not fit
 * (`projectId must be a UUID.`), before the handler runs.
 */
function pathParams(endpoint: Answerable, raw: Record<string, string>): Record<string, string> {
  if (!endpoint.params) return raw;
  const params: Record<string, string> = {};
  for (const [name, param] of Object.entries(endpoint.params)) {
    const parsed = param.schema.safeParse(raw[name]);
    if (!parsed.success) {
      throw new AppError("validation_failed", `${name} ${param.invalid ?? "is not valid"}.`, {
        errors: zodFieldErrors(parsed.error.issues, "path", raw[name]).map((e) => ({ ...e, location: `path.${name}` })),
      });
    }
    params[name] = parsed.data;
  }
  return params;
}

/** A handler parses only what its operation declares, so that the document says what it reads. */
function declared(schema: z.ZodType | undefined, what: "body" | "query"): z.ZodType {
  if (!schema) throw new Error(`This handler parses a ${what} that its operation does not declare.`);
  return schema;
}

/** Binds a handler to its operation (or another endpoint): its context is typed by it. */
export function handle<const E extends Endpoint>(endpoint: E, handler: (ctx: ContextOf<E>) => Promise<ApiResult>): OperationHandler<E> {
  const answer = answerer(endpoint, handler as unknown as (ctx: AnyContext) => Promise<ApiResult>);
  return { endpoint, answer: answer as unknown as RouteHandler<RawParams<E>> };
}

/**
 * Binds an operation to a handler that writes its whole exchange itself: the verify route's,
 * which answerVerify (lib/http/verify-exchange.ts) frames for both servers alike.
 */
export function handleExchange<const E extends Endpoint>(endpoint: E, handler: (request: Request) => Promise<Response>): OperationHandler<E> {
  return { endpoint, answer: handler };
}

/**
 * Every method export of a route file from the handlers of its operations (all of one path):
 * those methods, HEAD wherever GET is, OPTIONS answering 204 with `Allow`, and a 405 problem
 * with `Allow` for every other method.
 */
export function apiRoute<const H extends readonly OperationHandler[]>(...handlers: H): RouteHandlers<RawParams<H[number]["endpoint"]>> {
  const paths = new Set(handlers.map((h) => h.endpoint.path));
  const methods = handlers.map((h) => h.endpoint.method);
  if (paths.size !== 1 || new Set(methods).size !== methods.length) {
    throw new Error(`A route answers one path, each method once: ${handlers.map((h) => `${h.endpoint.method} ${h.endpoint.path}`).join(", ")}.`);
  }
  const allow = allowHeader(methods);
  const notAllowed = tagged(
    answerer({ role: "public" }, async () => {
      throw new AppError("method_not_allowed", `Use ${methods.join(" or ")} on this route.`, { headers: { allow } });
    }),
    { kind: "method_not_allowed" },
  );
  const routes = Object.fromEntries(METHODS.map((method) => [method, notAllowed])) as Record<string, RouteHandler>;
  routes.HEAD = notAllowed;
  // Next's own OPTIONS would list every exported method, these 405s included. On the portal's
  // routes it is also the CORS preflight.
  const portal = handlers.some((h) => h.endpoint.role === "portal");
  routes.OPTIONS = tagged(
    answerer({ role: "public" }, async (ctx) => ({
      status: 204,
      headers: { allow, ...(portal ? await portalPreflightHeaders(ctx.request, allow) : {}) },
    })),
    { kind: "options" },
  );
  for (const { endpoint, answer } of handlers) {
    const answering = tagged(answer as RouteHandler, { kind: "operation", endpoint });
    routes[endpoint.method] = answering;
    if (endpoint.method === "GET") routes.HEAD = answering;
  }
  return routes as unknown as RouteHandlers<RawParams<H[number]["endpoint"]>>;
}

/** Every method of the catch-all route: a 404 problem, so API clients never get an HTML page. */
export function notFoundRoute(detail: string): RouteHandlers<Record<string, string | string[]>> {
  const notFound = tagged(
    answerer({ role: "public" }, async () => {
      throw new AppError("not_found", detail);
    }),
    { kind: "not_found" },
  );
  return Object.fromEntries([...METHODS, "HEAD", "OPTIONS"].map((method) => [method, notFound])) as unknown as RouteHandlers<
    Record<string, string | string[]>
  >;
}
