// Builds what every instance serves for people to install, at the product's version (this
// package.json's), from the repository and with no network:
//   .next/sdk/keyport-sdk.tgz   @keyport/sdk (packages/sdk): ESM bundle (openapi-fetch inside) + types
//   .next/sdk/keyport-cli.tgz   the `keyport` CLI (packages/cli): one file, @keyport/sdk inside
//   .next/sdk/keyport.tar.gz    the Python package (sdks/python) as an sdist
//   .next/sdk/go/…              the Go module (sdks/go) laid out as a Go module proxy answers
// The routes /sdk/{file} and /go/{…} (app/sdk, app/go) serve these files as they are.
import { build } from "esbuild";
import { zipSync } from "fflate";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { root } from "./lib/paths.mjs";

const version = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).version;
const out = path.join(root, ".next", "sdk");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const stage = mkdtempSync(path.join(os.tmpdir(), "keyport-sdks-"));

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** A package.json as published: the product's version, no scripts or development dependencies. */
function publishedManifest(dir, extra = {}) {
  const { scripts: _scripts, devDependencies: _dev, private: _private, ...manifest } = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  return JSON.stringify({ ...manifest, version, ...extra }, null, 2) + "\n";
}

/** `npm pack` of a staged folder, renamed to the stable name the instance serves. */
function pack(dir, name) {
  const [{ filename }] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", out], dir));
  renameSync(path.join(out, filename), path.join(out, name));
}

// @keyport/sdk: one ESM file for any runtime with fetch, and declarations from tsc.
{
  const source = path.join(root, "packages", "sdk");
  const dir = path.join(stage, "sdk");
  await build({
    entryPoints: [path.join(source, "src", "index.ts")],
    outfile: path.join(dir, "dist", "index.js"),
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    logLevel: "warning",
  });
  const config = ts.getParsedCommandLineOfConfigFile(path.join(source, "tsconfig.json"), { outDir: path.join(dir, "dist") }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  const emitted = ts.createProgram(config.fileNames, config.options).emit();
  const errors = emitted.diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) throw new Error(ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" }));
  writeFileSync(path.join(dir, "package.json"), publishedManifest(source, { dependencies: undefined }));
  for (const file of ["README.md", "CHANGELOG.md"]) cpSync(path.join(source, file), path.join(dir, file));
  pack(dir, "keyport-sdk.tgz");
}

// The CLI: a single executable file with the SDK bundled, so `npm install -g` needs nothing else.
{
  const source = path.join(root, "packages", "cli");
  const dir = path.join(stage, "cli");
  await build({
    entryPoints: [path.join(source, "src", "main.ts")],
    outfile: path.join(dir, "dist", "keyport.js"),
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    banner: { js: "#!/usr/bin/env node" },
    alias: { "@keyport/sdk": path.join(root, "packages", "sdk", "src", "index.ts") },
    define: { KEYPORT_CLI_VERSION: JSON.stringify(version) },
    logLevel: "warning",
  });
  writeFileSync(path.join(dir, "package.json"), publishedManifest(source, { dependencies: undefined }));
  for (const file of ["README.md", "CHANGELOG.md"]) cpSync(path.join(source, file), path.join(dir, file));
  pack(dir, "keyport-cli.tgz");
}

/** Every file under `dir` (relative paths, sorted), skipping caches and virtualenvs. */
function filesOf(dir, skip = /(^|\/)(__pycache__|\.venv|\.pytest_cache|build|dist|[^/]*\.egg-info)(\/|$)/) {
  const files = [];
  const walk = (relative) => {
    for (const name of readdirSync(path.join(dir, relative)).sort()) {
      const child = relative ? `${relative}/${name}` : name;
      if (skip.test(child)) continue;
      if (statSync(path.join(dir, child)).isDirectory()) walk(child);
      else files.push(child);
    }
  };
  walk("");
  return files;
}

// Python: an sdist (PKG-INFO, pyproject.toml, src/, tests/) that pip builds with setuptools.
{
  const source = path.join(root, "sdks", "python");
  const name = `keyport-${version}`;
  const dir = path.join(stage, "python", name);
  for (const file of filesOf(source)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    cpSync(path.join(source, file), path.join(dir, file));
  }
  const pyproject = readFileSync(path.join(source, "pyproject.toml"), "utf8").replace(/^version = ".*"$/m, `version = "${version}"`);
  writeFileSync(path.join(dir, "pyproject.toml"), pyproject);
  writeFileSync(
    path.join(dir, "PKG-INFO"),
    [
      "Metadata-Version: 2.1",
      "Name: keyport",
      `Version: ${version}`,
      "Summary: Keyport's Python client: verify API keys and manage them.",
      "Requires-Python: >=3.9",
      "Description-Content-Type: text/markdown",
      "",
      readFileSync(path.join(source, "README.md"), "utf8"),
    ].join("\n"),
  );
  run("tar", ["-czf", path.join(out, "keyport.tar.gz"), "--owner=0", "--group=0", "-C", path.dirname(dir), name], root);
}

// Go: the module proxy's files for one version (list, .info, .mod, .zip), so that
// `GOPROXY={url}/go go get keyport.dev/go/keyport` works against this instance.
{
  const source = path.join(root, "sdks", "go");
  const modulePath = /^module\s+(\S+)/m.exec(readFileSync(path.join(source, "go.mod"), "utf8"))[1];
  const tag = `v${version}`;
  const dir = path.join(out, "go", modulePath, "@v");
  mkdirSync(dir, { recursive: true });
  const entries = Object.fromEntries(filesOf(source).map((file) => [`${modulePath}@${tag}/${file}`, readFileSync(path.join(source, file))]));
  const info = JSON.stringify({ Version: tag, Time: new Date().toISOString().replace(/\.\d+Z$/, "Z") }) + "\n";
  writeFileSync(path.join(dir, "list"), `${tag}\n`);
  writeFileSync(path.join(dir, `${tag}.info`), info);
  writeFileSync(path.join(dir, `${tag}.mod`), readFileSync(path.join(source, "go.mod")));
  writeFileSync(path.join(dir, `${tag}.zip`), zipSync(entries, { mtime: new Date("2026-01-01T00:00:00Z") }));
  writeFileSync(path.join(out, "go", modulePath, "@latest"), info);
}

rmSync(stage, { recursive: true, force: true });
console.log(`Built the SDKs and the CLI (${version}) into .next/sdk`);
