// The operation catalogue: every operation of the REST API, each defined once. Route handlers
// (app/api/**/route.ts, through lib/http/route.ts) and the OpenAPI document (lib/openapi.ts)
// both come from it; test/routes.test.ts checks that every route file answers exactly the
// operations listed here, and the front server (lib/http/server-refusals.ts) reads its `Allow`.
import { allowHeader, type Method, type Operation } from "../operation";
import { apiKeyOperations } from "./api-keys";
import { auditOperations } from "./audit";
import { healthOperations } from "./health";
import { identityOperations } from "./identities";
import { leakReportOperations } from "./leak-reports";
import { managementKeyOperations } from "./management-keys";
import { policyOperations } from "./policies";
import { projectOperations } from "./projects";
import { referenceOperations } from "./reference";
import { verificationOperations } from "./verification";
import { webhookOperations } from "./webhooks";

const RESOURCES = [
  projectOperations,
  apiKeyOperations,
  identityOperations,
  verificationOperations,
  policyOperations,
  auditOperations,
  webhookOperations,
  managementKeyOperations,
  leakReportOperations,
  healthOperations,
  referenceOperations,
] as const;

/** Every operation, by operation id. */
export const operations = {
  ...projectOperations,
  ...apiKeyOperations,
  ...identityOperations,
  ...verificationOperations,
  ...policyOperations,
  ...auditOperations,
  ...webhookOperations,
  ...managementKeyOperations,
  ...leakReportOperations,
  ...healthOperations,
  ...referenceOperations,
};
export type OperationId = keyof typeof operations;

/** Every operation, in the order the document lists them. */
export const OPERATIONS: readonly Operation[] = RESOURCES.flatMap((resource) => Object.values(resource) as Operation[]);

type PathMethods = { segments: string[]; methods: Method[] };

/** Each path template once, split into segments, with the methods of its operations. */
const PATHS = new Map<string, PathMethods>();
for (const operation of OPERATIONS) {
  const entry = PATHS.get(operation.path) ?? { segments: operation.path.split("/"), methods: [] };
  entry.methods.push(operation.method);
  PATHS.set(operation.path, entry);
}

const isParam = (segment: string) => segment.startsWith("{") && segment.endsWith("}");

/**
 * The methods of the operations at a request path (`/api/v1/projects/3f…/keys`), or null when
 * no operation is there. Where templates overlap, a fixed segment wins over a parameter, as in
 * Next's routing: `…/keys/bulk-revoke` is not `…/keys/{keyId}`.
 */
export function methodsAt(pathname: string): readonly Method[] | null {
  const segments = (pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname).split("/");
  let best: PathMethods | null = null;
  for (const entry of PATHS.values()) {
    const matches =
      entry.segments.length === segments.length &&
      entry.segments.every((segment, i) => (isParam(segment) ? segments[i] !== "" : segment === segments[i]));
    if (matches && (!best || moreSpecific(entry.segments, best.segments))) best = entry;
  }
  return best?.methods ?? null;
}

/** Whether template `a` is more specific than `b` (of the same length): its first parameter that differs comes later. */
function moreSpecific(a: string[], b: string[]): boolean {
  const i = a.findIndex((segment, at) => isParam(segment) !== isParam(b[at]!));
  return i >= 0 && !isParam(a[i]!);
}

/** `Allow` at a request path, or null when no operation is there. */
export function allowAt(pathname: string): string | null {
  const methods = methodsAt(pathname);
  return methods ? allowHeader(methods) : null;
}
