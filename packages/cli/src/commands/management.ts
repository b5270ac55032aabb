// keyport webhooks list, keyport management-keys list, keyport policy show: read-only views of
// the rest of the management API.
import { parse } from "../args";
import { print, table, type Command } from "../cli";

const none = (usage: string) => ({ min: 0, max: 0, usage });

export const managementCommands: Command[] = [
  {
    name: "webhooks list",
    usage: "keyport webhooks list [--json]",
    summary: "List webhook endpoints",
    async run(context) {
      parse(context.args, {}, none(this.usage));
      const endpoints = await context.client().webhooks.list();
      print(context, endpoints, () => table(endpoints, ["id", "url", "enabled", "events"]));
    },
  },
  {
    name: "management-keys list",
    usage: "keyport management-keys list [--json]",
    summary: "List management keys",
    async run(context) {
      parse(context.args, {}, none(this.usage));
      const keys = await context.client().managementKeys.list();
      print(context, keys, () => table(keys, ["id", "name", "start", "permissions", "expires_at", "revoked_at"]));
    },
  },
  {
    name: "policy show",
    usage: "keyport policy show [--json]",
    summary: "Show the workspace's key policy",
    async run(context) {
      parse(context.args, {}, none(this.usage));
      const policy = await context.client().policy.get();
      print(context, policy, () => JSON.stringify(policy, null, 2));
    },
  },
];
