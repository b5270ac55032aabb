import { methodNotAllowed } from "@/lib/http/fallback";
import { apiRoute } from "@/lib/http/route";
import { createProject, listProjects, toCreatedApiKeyDto, toProjectDto } from "@/lib/data";
import { createProjectInputSchema, createdProjectDtoSchema } from "@/lib/schemas/projects";

// GET /api/v1/projects - the workspace's projects
export const GET = apiRoute({ role: "member" }, async ({ session }) => {
  const projects = await listProjects(session.workspaceId);
  return { status: 200, body: projects.map(toProjectDto) };
});

// POST /api/v1/projects - create a project; the response holds its default key, this once
export const POST = apiRoute({ role: "admin" }, async (ctx) => {
  const input = await ctx.body(createProjectInputSchema);
  return ctx.idempotent(async (tx) => {
    const { project, defaultKey } = await createProject(ctx.caller, { input, tx });
    const body = createdProjectDtoSchema.parse({
      ...toProjectDto(project),
      default_key: toCreatedApiKeyDto(defaultKey.apiKey, defaultKey.key),
    });
    return { status: 201, body };
  });
});

// Every other method: 405 problem+json.
const notAllowed = methodNotAllowed(["GET", "POST"]);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as OPTIONS };
