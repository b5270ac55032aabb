// Bundles the production server's two processes, each with the lib/ code it uses: server.ts
// (the front, which answers verify) into .next/keyport-server.mjs, app-server.ts (Next) into
// .next/keyport-app.mjs, and the front's verification-log writer thread
// (lib/data/verification-log-thread.ts) into .next/keyport-verification-writer.mjs. Packages
// stay external; `server-only` is the one import swapped, for the empty module it is on servers.
import { build } from "esbuild";
import path from "node:path";
import { root } from "./lib/paths.mjs";

await build({
  entryPoints: [
    { in: path.join(root, "server.ts"), out: "keyport-server" },
    { in: path.join(root, "app-server.ts"), out: "keyport-app" },
    { in: path.join(root, "lib", "data", "verification-log-thread.ts"), out: "keyport-verification-writer" },
  ],
  outdir: path.join(root, ".next"),
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  alias: { "server-only": path.join(root, "scripts", "server-only-stub.ts") },
  tsconfig: path.join(root, "tsconfig.json"),
  logLevel: "warning",
});
console.log("Built .next/keyport-server.mjs, .next/keyport-app.mjs and .next/keyport-verification-writer.mjs");
