// keyport audit list
import { count, moment, parse } from "../args";
import { print, table, type Command } from "../cli";

const usage = "keyport audit list [--since DATE|24h] [--until DATE] [--action A] [--actor ID] [--key KEY_ID] [--limit N] [--json]";

export const auditCommands: Command[] = [
  {
    name: "audit list",
    usage,
    summary: "List audit events, newest first",
    async run(context) {
      const options = {
        since: { type: "string" },
        until: { type: "string" },
        action: { type: "string" },
        actor: { type: "string" },
        key: { type: "string" },
        limit: { type: "string" },
      } as const;
      const { values } = parse(context.args, options, { min: 0, max: 0, usage });
      const events = await context.client().auditEvents.list({
        from: moment(values.since, "since"),
        to: moment(values.until, "until"),
        action: values.action as never,
        actor: values.actor,
        key_id: values.key,
        limit: count(values.limit, "limit"),
      });
      const rows = events.map((event) => ({ ...event, actor: `${event.actor.name} (${event.actor.type})` }));
      print(context, events, () => table(rows, ["created_at", "action", "actor", "key_id", "request_id"]));
    },
  },
];
