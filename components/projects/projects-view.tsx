"use client";

import Link from "next/link";
import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { RevealKeyDialog } from "@/components/api-keys/reveal-key-dialog";
import { exactTime, relativeTime } from "@/components/api-keys/format";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import type { ActionResult } from "@/lib/schemas/action-result";
import { projectNameSchema } from "@/lib/schemas/projects";

type ProjectRow = { id: string; name: string; slug: string; createdAt: string };
type CreateProject = (id: string, form: { name: string }) => Promise<ActionResult<{ projectId: string; name: string; key: string }>>;

export function ProjectsView({ projects, canWrite, action }: { projects: ProjectRow[]; canWrite: boolean; action: CreateProject }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [secret, setSecret] = useState<string | null>(null);
  const submissionId = useRef("");

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const name = String(new FormData(event.currentTarget).get("name") ?? "");
    const local = projectNameSchema.safeParse(name);
    if (!local.success) return setError(local.error.issues[0]?.message);
    setPending(true);
    setError(undefined);
    try {
      const result = await action(submissionId.current, { name });
      if (result.ok) {
        setOpen(false);
        setSecret(result.data.key);
        router.refresh();
      } else {
        setError(result.fieldErrors.name?.[0] ?? result.error.message);
      }
    } catch {
      setError("The project could not be created. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

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
          <Dialog
            open={open}
            onOpenChange={(next) => {
              setOpen(next);
              if (next) {
                submissionId.current = crypto.randomUUID();
                setError(undefined);
              }
            }}
          >
            <DialogTrigger asChild>
              <Button>
                <Plus className="h-4 w-4" aria-hidden />
                New project
              </Button>
            </DialogTrigger>
            <DialogContent title="Create project" description="Its default key is shown once, right after.">
              <form onSubmit={submit} noValidate className="space-y-5">
                <Field label="Project name" error={error}>
                  {(props) => <Input {...props} name="name" autoComplete="off" autoFocus />}
                </Field>
                <div className="flex justify-end gap-2">
                  <DialogClose asChild>
                    <Button variant="secondary">Cancel</Button>
                  </DialogClose>
                  <Button type="submit" disabled={pending}>
                    {pending ? "Creating…" : "Create project"}
                  </Button>
                </div>
              </form>
            </DialogContent>
          </Dialog>
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
