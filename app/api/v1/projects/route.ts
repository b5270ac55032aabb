import { operations } from "@/lib/api/operations";
import { apiRoute, handle } from "@/lib/http/route";
import { createProject, listProjects, toCreatedApiKeyDto, toProjectDto } from "@/lib/data";
import { createdProjectDtoSchema } from "@/lib/schemas/projects";

// GET /api/v1/projects - the workspace's projects
const list = handle(operations.listProjects, async ({ session }) => {
  const projects = await listProjects(session.workspaceId);
  return { status: 200, body: projects.map(toProjectDto) };
});

// POST /api/v1/projects - create a project; the response holds its default key, this once
const create = handle(operations.createProject, async (ctx) => {
  const input = await ctx.body();
  return ctx.idempotent(async (tx) => {
    const { project, defaultKey } = await createProject(ctx.caller, { input, tx });
    const body = createdProjectDtoSchema.parse({
      ...toProjectDto(project),
      default_key: toCreatedApiKeyDto(defaultKey.apiKey, defaultKey.key),
    });
    return { status: 201, body };
  });
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = apiRoute(list, create);
