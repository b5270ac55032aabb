// Where secret scanners report keys found in public places.
import { z } from "zod";
import { leakReportAnswerSchema, leakReportInputSchema } from "@/lib/schemas/secret-scanning";
import { defineOperations } from "../operation";

export const leakReportOperations = defineOperations({
  reportLeakedTokens: {
    method: "POST",
    path: "/api/v1/secret-scanning/report",
    tags: ["Leak reports"],
    summary: "Report leaked keys (secret scanners)",
    description:
      "In the format of GitHub's secret scanning partner program. The body is signed with ECDSA P-256 / SHA-256 over its raw bytes; the signature (base64 DER) and the signing key's identifier come in headers, checked against `KEYPORT_SECRET_SCANNING_PUBLIC_KEYS`. " +
      "Each token that is one of this server's keys is a `true_positive`: it is flagged, audited with the report's `url` and `source`, and revoked at once unless its workspace only flags leaks. Anything else is a `false_positive`, answered with its SHA-256. At most 1 MiB and 1,000 tokens; a token reported twice is revoked once and audited twice.",
    // Authenticated by the scanner's signature over the body, not a session.
    role: "public",
    headers: [
      { name: "Github-Public-Key-Identifier", required: true, description: "Which configured public key signed the report." },
      { name: "Github-Public-Key-Signature", required: true, description: "Base64 DER ECDSA P-256 signature of the raw body (SHA-256)." },
    ],
    body: leakReportInputSchema,
    responses: { 200: { description: "What each token is.", body: z.array(leakReportAnswerSchema) } },
    errors: {
      401: { description: "`unauthorized`: the signature is missing, made with an unknown key, or does not match the body.", headers: ["WWW-Authenticate"] },
      404: { description: "`not_found`: no scanner keys are configured, so leak reports are off." },
      413: { description: "`payload_too_large`: the report is over 1 MiB." },
      422: { description: "`validation_failed`: not an array of `{token, type, url, source}`, or more than 1,000 tokens." },
    },
  },
});
