import type { Metadata } from "next";
import { ProjectsView } from "@/components/projects/projects-view";
import { requirePageSession } from "@/lib/auth/page";
import { listProjects } from "@/lib/data";

export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsPage() {
  const session = await requirePageSession();
  const projects = await listProjects(session.workspaceId);
  return (
    <ProjectsView
      projects={projects.map((p) => ({ id: p.id, name: p.name, slug: p.slug, createdAt: p.createdAt.toISOString() }))}
      canWrite={session.role === "admin"}
    />
  );
}
