import { Readable } from "node:stream";
import { AppError, isAppError } from "@/lib/errors";
import { containsKey, looksLikeKey } from "@/lib/keys/token";

export const MAX_BODY_BYTES = 64 * 1024;

function tooLarge(maxBytes: number): AppError {
  const size = maxBytes >= 1024 * 1024 ? `${maxBytes / (1024 * 1024)} MiB` : `${maxBytes / 1024} KiB`;
  return new AppError("payload_too_large", `The request body is larger than ${size}.`);
}

const REQUEST_ABORTED = Symbol.for("keyport.RequestAborted");

/**
 * The client went away (hung up, reset) before its body was read. Nobody waits for an answer,
 * and it says nothing about our own health: it is logged at debug level and never recorded as
 * a verification. Branded like AppError, so either server bundle recognises the other's.
 */
export class RequestAborted extends Error {
  readonly [REQUEST_ABORTED] = true;

  constructor(cause?: unknown) {
    super("The client closed the connection before its request body was read.", { cause });
    this.name = "RequestAborted";
  }
}

export function isRequestAborted(error: unknown): error is RequestAborted {
  return typeof error === "object" && error !== null && (error as { [REQUEST_ABORTED]?: unknown })[REQUEST_ABORTED] === true;
}

/** A web stream's chunks as an async iterable (Node's IncomingMessage already is one). */
export async function* webStreamChunks(stream: ReadableStream<Uint8Array> | null): AsyncIterable<Uint8Array> {
  if (!stream) return;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * Where a body comes from: chunks (a web Request's stream, through webStreamChunks) or Node's
 * request itself, which is read through its events, without an async iterator's cost.
 */
export type BodySource = AsyncIterable<Uint8Array> | Readable;

/**
 * Reads a request body as text, refusing more than `maxBytes` (413) however it is sent: a
 * declared Content-Length over the limit is refused before reading, a stream that grows past
 * it is cut off. Both servers (Node's request and the web Request) read bodies through here.
 */
export async function readBodyText(body: BodySource, declaredLength: string | null | undefined, maxBytes = MAX_BODY_BYTES): Promise<string> {
  const bytes = await readBodyBytes(body, declaredLength, maxBytes);
  return bytes.byteLength === 0 ? "" : bytes.toString("utf8");
}

/**
 * The body's bytes as sent (for a signature over them), under the same limit. Reading stops
 * at the limit without destroying the stream: the answer still goes out on its connection.
 */
export async function readBodyBytes(body: BodySource, declaredLength: string | null | undefined, maxBytes = MAX_BODY_BYTES): Promise<Buffer> {
  if (Number(declaredLength ?? 0) > maxBytes) throw tooLarge(maxBytes);
  if (body instanceof Readable) return readStream(body, maxBytes);
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      size += chunk.byteLength;
      if (size > maxBytes) throw tooLarge(maxBytes);
      parts.push(chunk);
    }
  } catch (error) {
    // Reading a body fails only because the client went away; a 413 is ours to answer.
    throw isAppError(error) ? error : new RequestAborted(error);
  }
  return Buffer.concat(parts);
}

function readStream(stream: Readable, maxBytes: number): Promise<Buffer> {
  if (stream.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const settle = (outcome: () => void) => {
      stream.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
      outcome();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) settle(() => reject(tooLarge(maxBytes)));
      else parts.push(chunk);
    };
    const onEnd = () => settle(() => resolve(parts.length === 1 ? parts[0]! : Buffer.concat(parts, size)));
    const onError = (error: Error) => settle(() => reject(new RequestAborted(error)));
    const onClose = () => settle(() => reject(new RequestAborted()));
    stream.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
  });
}

/** Parses a JSON body; empty is `undefined`. Checks the content type of a non-empty body. */
export function parseJsonBody(text: string, contentType: string | null | undefined): unknown {
  if (text.trim() === "") return undefined;
  if (!/^application\/(.+\+)?json\b/i.test(contentType ?? "")) {
    throw new AppError("unsupported_media_type", "Send the body as JSON with `Content-Type: application/json`.");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
}

const KEY_PARAM_NAMES = new Set(["key", "api_key", "apikey", "token", "access_token", "authorization"]);

/** Keys are never accepted in a URL (they end up in logs and browser history). */
export function rejectKeysInQuery(search: string): void {
  if (search === "" || search === "?") return;
  for (const [name, value] of new URLSearchParams(search)) {
    if (KEY_PARAM_NAMES.has(name.toLowerCase()) || looksLikeKey(value) || containsKey(value) || containsKey(name)) {
      throw new AppError(
        "bad_request",
        "Keys and tokens are never accepted in the query string. Send them as `Authorization: Bearer <key>`.",
        { errors: [{ location: `query.${name}`, message: "Not accepted in a URL.", value: "[redacted]" }] },
      );
    }
  }
}
