"use client";

import Link from "next/link";
import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createProjectAction } from "@/app/(dashboard)/projects/actions";
import { RevealKeyDialog } from "@/components/api-keys/reveal-key-dialog";
import { exactTime, relativeTime } from "@/components/api-keys/format";
import { ActionDialog } from "@/components/forms/action-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { createProjectInputSchema } from "@/lib/schemas/projects";

type ProjectRow = { id: string; name: string; slug: string; createdAt: string };

export function ProjectsView({ projects, canWrite }: { projects: ProjectRow[]; canWrite: boolean }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  // One submission id per opening: a double submit replays the first project.
  const create = useActionForm((form: { name: string }, { submissionId }) => createProjectAction(submissionId, form), {
    schema: createProjectInputSchema,
    failureMessage: "The project could not be created. Check your connection and try again.",
    onSuccess: ({ key }) => {
      setOpen(false);
      setSecret(key);
      router.refresh();
    },
  });

  return (
    <section className="space-y-4" aria-labelledby="projects-heading">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 id="projects-heading" className="text-2xl font-semibold">
            Projects
          </h1>
          <p className="text-sm text-fg-muted">Each project gets a default key that the platform manages.</p>
        </div>
        {canWrite ? (
          <ActionDialog
            open={open}
            onOpenChange={(next) => {
              setOpen(next);
              if (next) create.reset();
            }}
            trigger={
              <Button>
                <Plus className="h-4 w-4" aria-hidden />
                New project
              </Button>
            }
            title="Create project"
            description="Its default key is shown once, right after."
            onSubmit={(data) => create.submit({ name: String(data.get("name") ?? "") })}
            confirmLabel="Create project"
            pendingLabel="Creating…"
            pending={create.pending}
          >
            {/* Every message, the server's too, is the name's: the form has no other field. */}
            <Field label="Project name" error={create.fieldError("name") ?? create.error?.message}>
              {(props) => <Input {...props} name="name" autoComplete="off" autoFocus />}
            </Field>
          </ActionDialog>
        ) : null}
      </div>
      <Table>
        <caption className="sr-only">Projects</caption>
        <THead>
          <Tr>
            <Th scope="col">Name</Th>
            <Th scope="col">Project ID</Th>
            <Th scope="col">Created</Th>
          </Tr>
        </THead>
        <TBody>
          {projects.map((project) => (
            <Tr key={project.id}>
              <Td>
                <Link className="font-medium text-accent hover:underline" href={`/settings/api-keys?project=${project.id}`}>
                  {project.name}
                </Link>
                <div className="text-xs text-fg-muted">{project.slug}</div>
              </Td>
              <Td>
                <code className="font-mono text-xs break-all">{project.id}</code>
              </Td>
              <Td>
                <time dateTime={project.createdAt} title={exactTime(project.createdAt)} suppressHydrationWarning>
                  {relativeTime(project.createdAt)}
                </time>
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      <RevealKeyDialog
        secret={secret}
        title="Project created: its default key"
        onClose={() => setSecret(null)}
        returnFocusTo={() => document.querySelector<HTMLElement>("main button")}
      />
    </section>
  );
}
