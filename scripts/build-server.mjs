// Bundles server.ts (and the lib/ code it uses) into .next/keyport-server.mjs. Packages stay
// external; `server-only` is the one import swapped, for the empty module it is on servers.
import { build } from "esbuild";
import path from "node:path";
import { root } from "./lib/paths.mjs";

await build({
  entryPoints: [path.join(root, "server.ts")],
  outfile: path.join(root, ".next", "keyport-server.mjs"),
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  alias: { "server-only": path.join(root, "scripts", "server-only-stub.ts") },
  tsconfig: path.join(root, "tsconfig.json"),
  logLevel: "warning",
});
console.log("Built .next/keyport-server.mjs");
