// npm run db:seed - the demo data: the local people's workspaces ("Acme", "Globex"), a
// second project and a handful of keys in Acme. Idempotent: a second run adds nothing.
// Goes through the data layer like everything else.
import { LOCAL_PEOPLE } from "@/lib/auth/local-people";
import { createApiKey, createProject, ensureWorkspaceForOrganization, listApiKeys, listProjects, revokeApiKey } from "@/lib/data";

const DAY = 86_400_000;

async function seed() {
  for (const person of LOCAL_PEOPLE.filter((p) => p.role === "admin")) {
    const actor = { userId: person.userId, userName: person.name };
    const workspace = await ensureWorkspaceForOrganization(
      { id: person.orgId, name: person.orgName, slug: person.orgSlug },
      actor,
    );
    const projects = await listProjects(workspace.id);
    const main = projects[0]!;
    const existing = await listApiKeys(workspace.id, { projectId: main.id, limit: 10 });
    if (existing.total > 1) {
      console.log(`${workspace.name}: already seeded`);
      continue;
    }
    if (person.orgSlug === "acme") {
      if (projects.length === 1) await createProject(workspace.id, actor, { name: "Mobile App" });
      await createApiKey(workspace.id, actor, main.id, {
        name: "Production API Key",
        environment: "live",
        description: "Web checkout service",
        scopes: ["flags:read", "events:write"],
      });
      await createApiKey(workspace.id, actor, main.id, {
        name: "Staging API Key",
        environment: "test",
        description: "Staging builds and QA",
        expiresAt: new Date(Date.now() + 90 * DAY),
      });
      await createApiKey(workspace.id, actor, main.id, {
        name: "server_prod",
        environment: "live",
        description: "Go servers, every project",
        allProjects: true,
      });
      const old = await createApiKey(workspace.id, actor, main.id, { name: "ios_prod_2023", environment: "live" });
      await revokeApiKey(workspace.id, actor, old.apiKey.id);
    } else {
      await createApiKey(workspace.id, actor, main.id, { name: "Globex backend", environment: "live" });
    }
    console.log(`${workspace.name}: seeded`);
  }
}

await seed();
process.exit(0);
