import "server-only";
import type { z } from "zod";
import { requireWorkspace, type WorkspaceSession } from "@/lib/auth/guard";
import type { Role } from "@/lib/auth/claims";
import { callerOf, runIdempotent, type Caller, type Transaction } from "@/lib/data";
import { AppError } from "@/lib/errors";
import { chargeWrite } from "@/lib/limits";
import { logRequest } from "@/lib/log";
import { parseJsonBody, readBodyText, rejectKeysInQuery, webStreamChunks } from "./body";
import { clientIp } from "./client-ip";
import { apiSecurityHeaders } from "./headers";
import { API_CACHE_CONTROL, JSON_CONTENT_TYPE, toProblem, toResponse, zodFieldErrors } from "./problem";
import { REQUEST_ID_HEADER, newRequestId } from "./request-id";

// The wrapper every REST route handler goes through: request id, query and body limits,
// the shared guard, problem+json for every error, one log line.

/** What a handler answers: a JSON body, or (for downloads) a stream with its own content type. */
export type ApiResult = { status: number; body?: unknown; stream?: ReadableStream<Uint8Array>; headers?: Record<string, string> };

export type ApiContext<P> = {
  request: Request;
  url: URL;
  params: P;
  requestId: string;
  ip: string | null;
  session: WorkspaceSession;
  /** Who calls the data layer: the session's workspace and person, on this request. */
  caller: Caller;
  /** The JSON body parsed with `schema` (422 with every issue when it does not fit). */
  body<S extends z.ZodType>(schema: S): Promise<z.output<S>>;
  /** The query string parsed with `schema`. */
  query<S extends z.ZodType>(schema: S): z.output<S>;
  /**
   * Runs `fn` under the request's Idempotency-Key, if it has one. Pass `tx` to the data layer:
   * the work and its stored response commit together.
   */
  idempotent(fn: (tx: Transaction) => Promise<ApiResult>): Promise<ApiResult>;
};

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

type Handler<P> = (ctx: ApiContext<P>) => Promise<ApiResult>;

export function apiRoute<P extends Record<string, string> = Record<string, never>>(
  options: { role: Role },
  handler: Handler<P>,
) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    const startedAt = performance.now();
    const requestId = newRequestId();
    const url = new URL(request.url);
    let response: Response;
    let code: string | undefined;
    try {
      rejectKeysInQuery(url.search);
      const session = await requireWorkspace({
        role: options.role,
        request,
        attempt: `${request.method} ${url.pathname}`,
        context: { requestId, ip: clientIp(request.headers) },
      });
      // Every write counts against the user's management write limit, shared with the dashboard.
      const limitHeaders = READ_METHODS.has(request.method) ? {} : await chargeWrite(session.workspaceId, session.userId);
      let bodyText: string | null = null;
      const readText = async () =>
        (bodyText ??= await readBodyText(webStreamChunks(request.body), request.headers.get("content-length")));
      const ctx: ApiContext<P> = {
        request,
        url,
        params: await context.params,
        requestId,
        ip: clientIp(request.headers),
        session,
        caller: callerOf(session, { requestId, ip: clientIp(request.headers) }),
        async body(schema) {
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
        query(schema) {
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
          "content-type": JSON_CONTENT_TYPE,
          "cache-control": API_CACHE_CONTROL,
          [REQUEST_ID_HEADER]: requestId,
          ...limitHeaders,
          ...result.headers,
        },
      });
    } catch (error) {
      const problem = toProblem(error, requestId);
      code = problem.body.code;
      response = toResponse(problem);
    }
    logRequest({ method: request.method, path: url.pathname, status: response.status, requestId, startedAt, code });
    return response;
  };
}
