// The RFC 9457 problem document every API error is, in the ErrorModel shape (`$schema`, `type`, `title`, `status`, `detail`, `instance`, `errors[]`).
import { z } from "zod";
import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";

export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

export const problemSchema = z.strictObject({
  $schema: z.string(),
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string(),
  code: z.enum(ERROR_CODES),
  request_id: z.string().regex(/^req_[0-9A-Za-z]+$/),
  errors: z.array(z.object({ location: z.string(), message: z.string(), value: z.unknown() })),
});
export type Problem = z.infer<typeof problemSchema>;
