import "server-only";
// The files each instance serves for people to install (built by scripts/build-sdks.mjs into
// .next/sdk): the npm packages and the Python sdist under /sdk, and the Go module under /go in
// the layout of the Go module proxy protocol. Public, like the OpenAPI document: they hold no
// secret, and tools (npm, pip, go) fetch them without a session.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { AppError } from "@/lib/errors";
import type { ApiResult } from "./route";

const ROOT = path.join(process.cwd(), ".next", "sdk");

/** The artifacts under /sdk, by name, with their media types. */
export const SDK_ARTIFACTS: Record<string, string> = {
  "keyport-sdk.tgz": "application/gzip",
  "keyport-cli.tgz": "application/gzip",
  "keyport.tar.gz": "application/gzip",
};

const GO_MEDIA_TYPES: Record<string, string> = { ".info": "application/json", ".mod": "text/plain; charset=utf-8", ".zip": "application/zip" };

/** The media type of a Go module proxy file (`@v/list`, `@v/v1.2.3.info|.mod|.zip`, `@latest`), or null. */
export function goProxyMediaType(segments: string[]): string | null {
  if (segments.some((segment) => segment === "" || segment === "." || segment === ".." || segment.includes("\\"))) return null;
  const last = segments.at(-1) ?? "";
  if (last === "@latest") return "application/json";
  if (segments.at(-2) !== "@v") return null;
  if (last === "list") return "text/plain; charset=utf-8";
  return GO_MEDIA_TYPES[path.extname(last)] ?? null;
}

/**
 * A built artifact as the route wrapper's answer (which adds the request id, the security
 * headers and its log line), or a 404 problem when it is not one, or was not built.
 */
export async function artifactResult(relative: string[], mediaType: string | null): Promise<ApiResult> {
  const body = mediaType ? await readFile(path.join(ROOT, ...relative)).catch(() => null) : null;
  if (!body) throw new AppError("not_found", "There is no such SDK artifact on this instance.");
  return {
    status: 200,
    stream: new Blob([new Uint8Array(body)]).stream(),
    headers: { "content-type": mediaType!, "content-length": String(body.byteLength), "cache-control": "no-cache" },
  };
}
