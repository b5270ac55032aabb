// keyport login: asks for the URL and a management key (or takes --url and --management-key)
// and stores them in ~/.config/keyport/config.json, mode 0600.
import { parse } from "../args";
import { UsageError, print, type Command } from "../cli";
import { writeConfigFile } from "../config";

const usage = "keyport login [--url URL] [--management-key kpm_...] [--json]";

export const login: Command = {
  name: "login",
  usage,
  summary: "Store the Keyport URL and a management key in ~/.config/keyport/config.json",
  async run(context) {
    const { values } = parse(context.args, { url: { type: "string" }, "management-key": { type: "string" } }, { min: 0, max: 0, usage });
    const url = (values.url ?? (await context.io.prompt("Keyport URL: "))).trim().replace(/\/+$/, "");
    if (!/^https?:\/\/[^/]+/.test(url)) throw new UsageError("The URL must start with http:// or https://.");
    const managementKey = (values["management-key"] ?? (await context.io.prompt("Management key (kpm_...): "))).trim();
    if (!managementKey.startsWith("kpm_")) throw new UsageError("A management key starts with kpm_ (Settings → Management keys).");
    const file = writeConfigFile({ url, managementKey });
    print(context, { url, config: file }, () => `Logged in to ${url}. Saved to ${file} (readable by you only).`);
  },
};
