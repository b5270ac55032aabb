// Leak reports from secret scanners, in the format of GitHub's secret scanning partner
// program. Client-safe.
import { z } from "zod";

export const REPORT_MAX_TOKENS = 1000;

const reportText = (name: string) =>
  z.string({ error: `${name} must be a string.` }).max(4096, `${name} is at most 4096 characters.`);

/** The report: an array of tokens found in public, with where they were found. */
export const leakReportInputSchema = z
  .array(
    z.object({
      token: reportText("token").min(1, "token must not be empty."),
      type: reportText("type"),
      url: reportText("url"),
      source: reportText("source"),
    }),
    { error: "The report is a JSON array of {token, type, url, source}." },
  )
  .max(REPORT_MAX_TOKENS, `A report holds at most ${REPORT_MAX_TOKENS} tokens.`);

/** One verdict: the raw token only for this server's own keys, the SHA-256 hex otherwise. */
export const leakReportAnswerSchema = z.union([
  z.strictObject({ token_raw: z.string(), token_type: z.string(), label: z.literal("true_positive") }),
  z.strictObject({ token_hash: z.string().regex(/^[0-9a-f]{64}$/), token_type: z.string(), label: z.literal("false_positive") }),
]);
export type LeakReportAnswer = z.infer<typeof leakReportAnswerSchema>;
