// npm run db:seed - the demo data: the local people's workspaces ("Acme", "Globex"), a
// second project and a handful of keys in Acme. Idempotent: a second run adds nothing.
// Goes through the data layer like everything else.
import { LOCAL_PEOPLE } from "@/lib/auth/local-people";
import { createApiKey, createProject, ensureWorkspaceForOrganization, listApiKeys, listProjects, revokeApiKey, type Caller } from "@/lib/data";

const DAY = 86_400_000;

async function seed() {
  for (const person of LOCAL_PEOPLE.filter((p) => p.role === "admin")) {
    const actor = { userId: person.userId, userName: person.name };
    const workspace = await ensureWorkspaceForOrganization(
      { id: person.orgId, name: person.orgName, slug: person.orgSlug },
      actor,
    );
    const caller: Caller = { workspaceId: workspace.id, actor };
    const projects = await listProjects(workspace.id);
    const main = projects[0]!;
    const existing = await listApiKeys(workspace.id, { projectId: main.id, limit: 10 });
    if (existing.total > 1) {
      console.log(`${workspace.name}: already seeded`);
      continue;
    }
    if (person.orgSlug === "acme") {
      if (projects.length === 1) await createProject(caller, { input: { name: "Mobile App" } });
      await createApiKey(caller, {
        projectId: main.id,
        input: {
          name: "Production API Key",
          environment: "live",
          description: "Web checkout service",
          scopes: ["flags:read", "events:write"],
        },
      });
      await createApiKey(caller, {
        projectId: main.id,
        input: {
          name: "Staging API Key",
          environment: "test",
          description: "Staging builds and QA",
          expiresAt: new Date(Date.now() + 90 * DAY),
        },
      });
      await createApiKey(caller, {
        projectId: main.id,
        input: {
          name: "server_prod",
          environment: "live",
          description: "Go servers, every project",
          allProjects: true,
        },
      });
      const old = await createApiKey(caller, { projectId: main.id, input: { name: "ios_prod_2023", environment: "live" } });
      await revokeApiKey(caller, { keyId: old.apiKey.id });
    } else {
      await createApiKey(caller, { projectId: main.id, input: { name: "Globex backend", environment: "live" } });
    }
    console.log(`${workspace.name}: seeded`);
  }
}

await seed();
process.exit(0);
