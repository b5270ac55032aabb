import { AppError } from "@/lib/errors";
import { looksLikeKey } from "@/lib/keys/token";

export const MAX_BODY_BYTES = 64 * 1024;

/** Reads a request body as text, refusing more than 64 KiB (413) however it is sent. */
export async function readBodyText(request: Request, maxBytes = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("payload_too_large", `The request body is larger than ${maxBytes / 1024} KiB.`);
}

/** Parses a JSON body; empty is `undefined`. Checks the content type of a non-empty body. */
export function parseJsonBody(text: string, contentType: string | null): unknown {
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
export function rejectKeysInQuery(url: URL): void {
  for (const [name, value] of url.searchParams) {
    if (KEY_PARAM_NAMES.has(name.toLowerCase()) || looksLikeKey(value)) {
      throw new AppError(
        "bad_request",
        "Keys and tokens are never accepted in the query string. Send them as `Authorization: Bearer <key>`.",
        { errors: [{ location: `query.${name}`, message: "Not accepted in a URL.", value: "[redacted]" }] },
      );
    }
  }
}
