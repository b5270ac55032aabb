// keyport keys list|create|show|roll|deactivate|reactivate|revoke --project P, and keys verify KEY.
import type { ApiKey } from "@keyport/sdk";
import { count, list, moment, oneOf, parse, required } from "../args";
import { print, record, table, type Command, type Context } from "../cli";

const ENVIRONMENTS = ["live", "test"] as const;
const COLUMNS = ["key_id", "name", "key_prefix", "environment", "status", "scopes", "expires_at", "last_used_at"];
const FIELDS = ["key_id", "name", "key_prefix", "environment", "status", "project_id", "scopes", "description", "created_at", "created_by", "expires_at", "last_used_at", "revoked_at", "deactivated_at", "identity_id", "credits", "rolled_from", "rolled_to"];

const usages = {
  list: "keyport keys list --project P [--environment live|test] [--status active|deactivated|revoked|expired] [--search TEXT] [--limit N] [--json]",
  create: "keyport keys create --project P --name N [--environment live|test] [--description D] [--expires-at DATE] [--scopes a,b] [--json]",
  show: "keyport keys show KEY_ID --project P [--json]",
  roll: "keyport keys roll KEY_ID --project P [--grace-period none|1h|24h|7d] [--json]",
  deactivate: "keyport keys deactivate KEY_ID --project P [--json]",
  reactivate: "keyport keys reactivate KEY_ID --project P [--json]",
  revoke: "keyport keys revoke KEY_ID --project P [--json]",
  verify: "keyport keys verify KEY [--app-id P] [--environment live|test] [--scopes a,b] [--json]",
};

const project = { project: { type: "string" } } as const;

/** The key's secret, printed once and never stored: the only place it appears. */
function createdText(created: { key: string } & Record<string, unknown>): string {
  return `${record(created, ["key_id", "name", "environment", "expires_at"])}\nkey          ${created.key}\n\nThis key is shown once: store it in your secret manager now.`;
}

async function findKey(context: Context, projectId: string, keyId: string): Promise<ApiKey | null> {
  for await (const key of context.client().keys.all(projectId, { limit: 100 })) if (key.key_id === keyId) return key;
  return null;
}

export const keyCommands: Command[] = [
  {
    name: "keys list",
    usage: usages.list,
    summary: "List a project's keys",
    async run(context) {
      const options = { ...project, environment: { type: "string" }, status: { type: "string" }, search: { type: "string" }, limit: { type: "string" } } as const;
      const { values } = parse(context.args, options, { min: 0, max: 0, usage: usages.list });
      const keys = await context.client().keys.list(required(values.project, "project", usages.list), {
        environment: oneOf(values.environment, "environment", ENVIRONMENTS),
        status: oneOf(values.status, "status", ["active", "deactivated", "revoked", "expired"] as const),
        q: values.search,
        limit: count(values.limit, "limit"),
      });
      print(context, keys, () => table(keys, COLUMNS));
    },
  },
  {
    name: "keys create",
    usage: usages.create,
    summary: "Create a key (printed once, never stored)",
    async run(context) {
      const options = {
        ...project,
        name: { type: "string" },
        environment: { type: "string" },
        description: { type: "string" },
        "expires-at": { type: "string" },
        scopes: { type: "string" },
      } as const;
      const { values } = parse(context.args, options, { min: 0, max: 0, usage: usages.create });
      const projectId = required(values.project, "project", usages.create);
      const created = await context.client().keys.create(projectId, {
        name: required(values.name, "name", usages.create),
        environment: oneOf(values.environment, "environment", ENVIRONMENTS),
        description: values.description,
        expires_at: moment(values["expires-at"], "expires-at"),
        scopes: list(values.scopes),
      });
      print(context, created, () => createdText(created));
    },
  },
  {
    name: "keys show",
    usage: usages.show,
    summary: "Show one key",
    async run(context) {
      const { values, positionals } = parse(context.args, project, { min: 1, max: 1, usage: usages.show });
      const projectId = required(values.project, "project", usages.show);
      const key = await findKey(context, projectId, positionals[0]!);
      if (!key) throw new NotFound(`No key ${positionals[0]} in project ${projectId}.`);
      print(context, key, () => record(key, FIELDS));
    },
  },
  {
    name: "keys roll",
    usage: usages.roll,
    summary: "Roll a key: a new key (printed once), the old one stops after the grace period",
    async run(context) {
      const { values, positionals } = parse(context.args, { ...project, "grace-period": { type: "string" } }, { min: 1, max: 1, usage: usages.roll });
      const rolled = await context.client().keys.roll(required(values.project, "project", usages.roll), positionals[0]!, {
        grace_period: oneOf(values["grace-period"], "grace-period", ["none", "1h", "24h", "7d"] as const) ?? "none",
      });
      print(context, rolled, () => createdText(rolled));
    },
  },
  {
    name: "keys deactivate",
    usage: usages.deactivate,
    summary: "Deactivate a key: refused until it is reactivated",
    async run(context) {
      const { values, positionals } = parse(context.args, project, { min: 1, max: 1, usage: usages.deactivate });
      const key = await context.client().keys.deactivate(required(values.project, "project", usages.deactivate), positionals[0]!);
      print(context, key, () => `Deactivated ${key.key_id}.`);
    },
  },
  {
    name: "keys reactivate",
    usage: usages.reactivate,
    summary: "Reactivate a deactivated key",
    async run(context) {
      const { values, positionals } = parse(context.args, project, { min: 1, max: 1, usage: usages.reactivate });
      const key = await context.client().keys.reactivate(required(values.project, "project", usages.reactivate), positionals[0]!);
      print(context, key, () => `Reactivated ${key.key_id}.`);
    },
  },
  {
    name: "keys revoke",
    usage: usages.revoke,
    summary: "Revoke a key",
    async run(context) {
      const { values, positionals } = parse(context.args, project, { min: 1, max: 1, usage: usages.revoke });
      const revoked = await context.client().keys.revoke(required(values.project, "project", usages.revoke), positionals[0]!);
      print(context, revoked, () => `Revoked ${positionals[0]}.`);
    },
  },
  {
    name: "keys verify",
    usage: usages.verify,
    summary: "Verify an SDK key (needs only the URL)",
    async run(context) {
      const options = { "app-id": { type: "string" }, environment: { type: "string" }, scopes: { type: "string" } } as const;
      const { values, positionals } = parse(context.args, options, { min: 1, max: 1, usage: usages.verify });
      const verified = await context.client({ managementKey: false }).verifyKey(positionals[0]!, {
        appId: values["app-id"],
        environment: oneOf(values.environment, "environment", ENVIRONMENTS),
        scopes: list(values.scopes),
      });
      print(context, verified, () => `Valid.\n${record(verified, ["key_id", "name", "project_id", "environment", "scopes", "expires_at", "requestId"])}`);
    },
  },
];

/** A record the API lists but that is not there: reported like the API's 404 (exit code 1). */
export class NotFound extends Error {}
