"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Select } from "@/components/ui/input";

/** Switches the project in the URL (`?project=`), so every view stays a shareable link. */
export function ProjectSwitcher({ projects }: { projects: { id: string; name: string }[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const current = params.get("project") ?? projects[0]?.id ?? "";
  return (
    <label className="block">
      <span className="mb-1 block text-xs font-medium text-fg-muted">Project</span>
      <Select
        value={current}
        onChange={(event) => {
          const next = new URLSearchParams({ project: event.target.value });
          router.push(`${pathname}?${next.toString()}`);
        }}
      >
        {projects.map((project) => (
          <option key={project.id} value={project.id}>
            {project.name}
          </option>
        ))}
      </Select>
    </label>
  );
}
