// Text that can be stored as it was sent. Client-safe.
//
// PostgreSQL cannot store NUL, and a lone UTF-16 surrogate has no UTF-8 form: the driver would
// silently store U+FFFD instead, so what is read back is not what was written. Both are
// refused with a message, as are other control characters (tab and newline excepted).
import { z } from "zod";
import { containsKey } from "@/lib/keys/shape";

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const ANY_CONTROL = /[\u0000-\u001f\u007f]/g;
const LONE_SURROGATE_SOURCE = "[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]";
const LONE_SURROGATE = new RegExp(LONE_SURROGATE_SOURCE);
const LONE_SURROGATES = new RegExp(LONE_SURROGATE_SOURCE, "g");

/** Why `value` cannot be stored as text, or null when it can. */
export function textProblem(value: string): string | null {
  if (CONTROL.test(value)) return "Remove control characters (such as NUL).";
  if (LONE_SURROGATE.test(value)) return "The text is not valid Unicode (it has a lone surrogate).";
  return null;
}

/**
 * Text for display made storable rather than refused (a signed claim is not the caller's to
 * correct): every control character dropped, each lone surrogate replaced with U+FFFD.
 */
export function cleanDisplayText(value: string): string {
  return value.replace(ANY_CONTROL, "").replace(LONE_SURROGATES, "\ufffd");
}

/** A string schema that refuses what cannot be stored faithfully. */
export function storableText(schema: z.ZodString = z.string()) {
  return schema.superRefine((value, ctx) => {
    const problem = textProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}

/** Why a key is refused in free text: the 422's message. */
export const KEY_IN_TEXT_MESSAGE =
  "This looks like an API key. Keys are secrets: keep them out of names, descriptions and URLs, which everyone in the workspace can read and the audit log keeps.";

/**
 * A string schema that refuses text holding a key or token of ours: a name or a description
 * is shown in the table, the audit log and its CSV, where a key must never sit in plaintext.
 */
export function refuseKeys<S extends z.ZodString>(schema: S): S {
  return schema.refine((value) => !containsKey(value), KEY_IN_TEXT_MESSAGE) as S;
}

/** Free text a person writes (a description, a URL): storable, and never a key. */
export function freeText(schema: z.ZodString = z.string()) {
  return refuseKeys(storableText(schema));
}
