// keyport identities list|create|show|delete, and identities credits add|set ID AMOUNT.
import type { Identity } from "@keyport/sdk";
import { count, jsonObject, parse, required, wholeNumber } from "../args";
import { print, record, table, type Command } from "../cli";

const COLUMNS = ["id", "external_id", "name", "credits", "key_count", "created_at"];
const FIELDS = ["id", "external_id", "name", "meta", "credits", "rate_limit", "key_count", "created_at", "updated_at"];

const usages = {
  list: "keyport identities list [--search TEXT] [--external-id ID] [--limit N] [--json]",
  create: "keyport identities create --external-id ID [--name N] [--meta JSON] [--credits N] [--json]",
  show: "keyport identities show ID [--json]",
  delete: "keyport identities delete ID [--revoke-keys] [--json]",
  add: "keyport identities credits add ID AMOUNT [--reason TEXT] [--json]",
  set: "keyport identities credits set ID AMOUNT [--reason TEXT] [--json]",
};

/** The balance in a table cell: its remaining credits, or "unlimited". */
const rowOf = (identity: Identity) => ({ ...identity, credits: identity.credits ? identity.credits.remaining : "unlimited" });

function creditsCommand(op: "add" | "set"): Command {
  const usage = usages[op];
  return {
    name: `identities credits ${op}`,
    usage,
    summary: op === "add" ? "Add credits to an identity" : "Set an identity's credits",
    async run(context) {
      const { values, positionals } = parse(context.args, { reason: { type: "string" } }, { min: 2, max: 2, usage });
      const amount = wholeNumber(positionals[1]!, "AMOUNT");
      const identities = context.client().identities;
      const changed = await (op === "add" ? identities.addCredits : identities.setCredits).call(identities, positionals[0]!, amount, values.reason);
      print(context, changed, () => `Credits of ${positionals[0]}: ${changed.credits ? changed.credits.remaining : "unlimited"}.`);
    },
  };
}

export const identityCommands: Command[] = [
  {
    name: "identities list",
    usage: usages.list,
    summary: "List identities (your customers), newest first",
    async run(context) {
      const options = { search: { type: "string" }, "external-id": { type: "string" }, limit: { type: "string" } } as const;
      const { values } = parse(context.args, options, { min: 0, max: 0, usage: usages.list });
      const identities = await context.client().identities.list({ q: values.search, external_id: values["external-id"], limit: count(values.limit, "limit") });
      print(context, identities, () => table(identities.map(rowOf), COLUMNS));
    },
  },
  {
    name: "identities create",
    usage: usages.create,
    summary: "Create an identity",
    async run(context) {
      const options = { "external-id": { type: "string" }, name: { type: "string" }, meta: { type: "string" }, credits: { type: "string" } } as const;
      const { values } = parse(context.args, options, { min: 0, max: 0, usage: usages.create });
      const created = await context.client().identities.create({
        external_id: required(values["external-id"], "external-id", usages.create),
        name: values.name,
        meta: jsonObject(values.meta, "meta"),
        credits: values.credits === undefined ? undefined : { remaining: wholeNumber(values.credits, "--credits") },
      });
      print(context, created, () => record(rowOf(created), FIELDS));
    },
  },
  {
    name: "identities show",
    usage: usages.show,
    summary: "Show one identity",
    async run(context) {
      const { positionals } = parse(context.args, {}, { min: 1, max: 1, usage: usages.show });
      const identity = await context.client().identities.get(positionals[0]!);
      print(context, identity, () => record(rowOf(identity), FIELDS));
    },
  },
  {
    name: "identities delete",
    usage: usages.delete,
    summary: "Delete an identity (--revoke-keys revokes its active keys with it)",
    async run(context) {
      const { values, positionals } = parse(context.args, { "revoke-keys": { type: "boolean" } }, { min: 1, max: 1, usage: usages.delete });
      const deleted = await context.client().identities.delete(positionals[0]!, { revokeKeys: values["revoke-keys"] ?? false });
      print(context, deleted, () => `Deleted ${positionals[0]}${deleted.revoked_keys ? `, and revoked ${deleted.revoked_keys} key(s)` : ""}.`);
    },
  },
  creditsCommand("add"),
  creditsCommand("set"),
];
