// zod schemas for projects. Client-safe.
import { z } from "zod";
import { createdApiKeyDtoSchema } from "./keys/rest";
import { refuseKeys } from "./text";

export const projectNameSchema = refuseKeys(
  z
    .string({ error: "Enter a project name." })
    .trim()
    .min(1, "Enter a project name.")
    .max(64, "Use at most 64 characters.")
    .regex(/^[A-Za-z0-9 _.-]+$/, "Use letters, numbers, spaces, and _ - . only."),
);

export const createProjectInputSchema = z.strictObject({ name: projectNameSchema });

export const projectDtoSchema = z.strictObject({
  project_id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  created_at: z.iso.datetime({ offset: true }),
});
export type ProjectDto = z.infer<typeof projectDtoSchema>;

export const createdProjectDtoSchema = projectDtoSchema.extend({ default_key: createdApiKeyDtoSchema });
