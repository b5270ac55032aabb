// A small host app on another origin (127.0.0.2, a port of its own): one page that embeds the
// built @keyport/react, bundled with React by esbuild, served by a tiny Node server. It proves
// the component works where products use it: another origin, with only its token.
import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { build } from "esbuild";
import { root } from "./env";
import { freePort } from "./server";

export type HostApp = { origin: string; stop: () => Promise<void> };

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme Analytics</title>
<style>body { font-family: system-ui, sans-serif; margin: 16px; } @media (prefers-color-scheme: dark) { body { background: #101014; color: #eeeef2; } }</style>
</head><body><div id="root"></div><script type="module" src="/app.js"></script></body></html>`;

export async function startHostApp(): Promise<HostApp> {
  // The package as it is published: built by its own script.
  execFileSync(process.execPath, [path.join(root, "packages", "react", "build.mjs")], { stdio: "inherit" });
  const bundle = await build({
    entryPoints: [path.join(root, "e2e", "support", "host-app", "main.tsx")],
    bundle: true,
    write: false,
    format: "esm",
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"production"' },
    alias: { "@keyport/react": path.join(root, "packages", "react", "dist", "index.js") },
    nodePaths: [path.join(root, "node_modules")],
    logLevel: "warning",
  });
  const script = bundle.outputFiles[0]!.text;
  const port = await freePort();
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://host");
    if (url.pathname === "/app.js") {
      response.writeHead(200, { "content-type": "text/javascript; charset=utf-8" });
      response.end(script);
      return;
    }
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.2", resolve));
  return {
    origin: `http://127.0.0.2:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
