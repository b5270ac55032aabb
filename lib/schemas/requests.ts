// Request lookup: which key made a verification request. Client-safe.
import { z } from "zod";
import { ERROR_CODES } from "./problem";

/** A request id as every response carries it (`request-id: req_…`). */
export const requestIdSchema = z
  .string()
  .regex(/^req_[0-9A-Za-z]{1,64}$/, "A request id looks like req_ followed by letters and digits, as in the request-id header.");

export const verificationLookupDtoSchema = z.strictObject({
  request_id: requestIdSchema,
  at: z.iso.datetime({ offset: true }),
  /** `valid`, or the problem code it was refused with. */
  outcome: z.enum(["valid", "invalid", ...ERROR_CODES]),
  status: z.number().int(),
  reason: z.string().nullable(),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  key: z.strictObject({
    key_id: z.uuid(),
    name: z.string(),
    key_prefix: z.string(),
    environment: z.enum(["live", "test"]),
    project_id: z.uuid().nullable(),
  }),
});
export type VerificationLookupDto = z.infer<typeof verificationLookupDtoSchema>;
