// Builds the package to one ES module (dist/index.js), React left to the host app.
import { build } from "esbuild";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

await build({
  entryPoints: [path.join(here, "src", "index.ts")],
  outfile: path.join(here, "dist", "index.js"),
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2020",
  jsx: "automatic",
  external: ["react", "react/jsx-runtime"],
  legalComments: "none",
  logLevel: "warning",
});
