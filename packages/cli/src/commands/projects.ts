// keyport projects list|create
import { parse, required } from "../args";
import { print, record, table, type Command } from "../cli";

const listUsage = "keyport projects list [--json]";
const createUsage = "keyport projects create --name NAME [--json]";

export const projectCommands: Command[] = [
  {
    name: "projects list",
    usage: listUsage,
    summary: "List the workspace's projects",
    async run(context) {
      parse(context.args, {}, { min: 0, max: 0, usage: listUsage });
      const projects = await context.client().projects.list();
      print(context, projects, () => table(projects, ["project_id", "name", "slug", "created_at"]));
    },
  },
  {
    name: "projects create",
    usage: createUsage,
    summary: "Create a project (its default key is printed once)",
    async run(context) {
      const { values } = parse(context.args, { name: { type: "string" } }, { min: 0, max: 0, usage: createUsage });
      const created = await context.client().projects.create({ name: required(values.name, "name", createUsage) });
      print(
        context,
        created,
        () => `${record(created, ["project_id", "name"])}\ndefault key  ${created.default_key.key}\n\nThe default key is shown once: store it now.`,
      );
    },
  },
];
