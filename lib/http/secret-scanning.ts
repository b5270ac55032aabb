import "server-only";
import { verify } from "node:crypto";
import { applyLeakReport, type LeakVerdict } from "@/lib/data";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { parseJsonBody, readBodyBytes, webStreamChunks } from "./body";
import { zodFieldErrors } from "./problem";
import { leakReportAnswerSchema, leakReportInputSchema, type LeakReportAnswer } from "@/lib/schemas/secret-scanning";

// POST /api/v1/secret-scanning/report, in the format of GitHub's secret scanning partner
// program: a JSON array of tokens found in public places, signed with ECDSA P-256 / SHA-256
// over the raw body bytes. The signing keys are configured (KEYPORT_SECRET_SCANNING_PUBLIC_KEYS),
// never fetched; with none configured the route does not exist (404).

export const REPORT_MAX_BYTES = 1024 * 1024;
export const KEY_IDENTIFIER_HEADER = "github-public-key-identifier";
export const SIGNATURE_HEADER = "github-public-key-signature";

const unsigned = (detail: string) =>
  new AppError("unauthorized", detail, { headers: { "www-authenticate": 'Signature realm="keyport-secret-scanning"' } });

/** Whether leak reports are accepted here at all. */
export function secretScanningEnabled(): boolean {
  return env().KEYPORT_SECRET_SCANNING_PUBLIC_KEYS.length > 0;
}

/** Checks the report's signature over `body` against the configured key it names. */
export function checkSignature(body: Buffer, identifier: string | null, signature: string | null): void {
  if (!identifier || !signature) {
    throw unsigned(`Sign the report: send the \`Github-Public-Key-Identifier\` and \`Github-Public-Key-Signature\` headers.`);
  }
  const key = env().KEYPORT_SECRET_SCANNING_PUBLIC_KEYS.find((k) => k.identifier === identifier);
  if (!key) throw unsigned("The report is signed with a key this server does not know.");
  const signatureBytes = Buffer.from(signature.trim(), "base64");
  let valid = false;
  try {
    valid = signatureBytes.length > 0 && verify("sha256", body, { key: key.key, dsaEncoding: "der" }, signatureBytes);
  } catch {
    valid = false;
  }
  if (!valid) throw unsigned("The report's signature does not match its body.");
}

function toAnswer(verdict: LeakVerdict): LeakReportAnswer {
  return leakReportAnswerSchema.parse(
    verdict.label === "true_positive"
      ? { token_raw: verdict.token, token_type: verdict.type, label: "true_positive" }
      : { token_hash: verdict.hash, token_type: verdict.type, label: "false_positive" },
  );
}

/** Reads, authenticates and applies one report. */
export async function receiveLeakReport(
  request: Request,
  context: { requestId: string; ip: string | null },
): Promise<LeakReportAnswer[]> {
  if (!secretScanningEnabled()) {
    throw new AppError("not_found", "Leak reports are not configured on this server.");
  }
  const body = await readBodyBytes(webStreamChunks(request.body), request.headers.get("content-length"), REPORT_MAX_BYTES);
  checkSignature(body, request.headers.get(KEY_IDENTIFIER_HEADER), request.headers.get(SIGNATURE_HEADER));
  const raw = parseJsonBody(body.toString("utf8"), request.headers.get("content-type"));
  const parsed = leakReportInputSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError("validation_failed", "The report is not valid.", { errors: zodFieldErrors(parsed.error.issues, "body", raw) });
  }
  const verdicts = await applyLeakReport(parsed.data, context);
  return verdicts.map(toAnswer);
}
