// The workspace's projects.
import { z } from "zod";
import { createProjectInputSchema, createdProjectDtoSchema, projectDtoSchema } from "@/lib/schemas/projects";
import { defineOperations } from "../operation";

export const projectOperations = defineOperations({
  listProjects: {
    method: "GET",
    path: "/api/v1/projects",
    tags: ["Projects"],
    summary: "List the workspace's projects",
    description: "Every project of the session's workspace, oldest first.",
    role: "member",
    permission: "projects:read",
    responses: { 200: { description: "The projects.", body: z.array(projectDtoSchema) } },
  },
  createProject: {
    method: "POST",
    path: "/api/v1/projects",
    tags: ["Projects"],
    summary: "Create a project (admin); the response holds its default key, once",
    description:
      "Creates the project and its default key, `{projectId}_default_{suffix}`, which the platform manages and nobody can revoke. The key itself is in this response only.",
    role: "admin",
    permission: "projects:write",
    body: createProjectInputSchema,
    idempotent: true,
    responses: { 201: { description: "The project and its default key.", body: createdProjectDtoSchema } },
  },
});
