// The snippets the SDK grid shows are code people paste: the Go one is formatted and vetted by
// Go's own tools (Debian's golang-go; `npm test` installs it when missing, as it does Chromium).
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cliSnippet, curlSnippet, goSnippet, installCommands, pythonSnippet, typeScriptSnippet } from "./snippets";

const target = { baseUrl: "https://keys.example.com", projectId: "3f0e2a3c-1b2c-4d5e-8f90-0a1b2c3d4e5f" };

describe("the SDK snippets", () => {
  it("Go: gofmt leaves it as it is, and go vet finds nothing", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "keyport-go-"));
    writeFileSync(path.join(dir, "main.go"), goSnippet(target));
    // The real module, from this repository (sdks/go), as `go get` from an instance would give it.
    const sdk = path.resolve(import.meta.dirname, "..", "..", "sdks", "go");
    writeFileSync(path.join(dir, "go.mod"), `module keyport.example/verify\n\ngo 1.19\n\nrequire keyport.dev/go/keyport v0.0.0\n\nreplace keyport.dev/go/keyport => ${sdk}\n`);
    const env = { ...process.env, GOCACHE: path.join(dir, ".cache"), GOPATH: path.join(dir, ".gopath"), GOFLAGS: "-mod=mod", GOPROXY: "off", GOTOOLCHAIN: "local" };
    expect(execFileSync("gofmt", ["-l", "main.go"], { cwd: dir, env, encoding: "utf8" })).toBe("");
    execFileSync("go", ["vet", "./..."], { cwd: dir, env, encoding: "utf8" });
  }, 120_000);

  it("each targets this deployment's verify route and project", () => {
    for (const snippet of [curlSnippet(target), goSnippet(target), typeScriptSnippet(target), pythonSnippet(target)]) {
      expect(snippet).toContain(target.baseUrl);
      expect(snippet).toContain(target.projectId);
      expect(snippet).toContain("KEYPORT_API_KEY");
    }
    expect(curlSnippet(target)).toContain("/api/v1/keys/verify");
    expect(goSnippet(target)).toContain('"keyport.dev/go/keyport"');
    expect(typeScriptSnippet(target)).toContain('from "@keyport/sdk"');
    expect(cliSnippet(target)).toContain(target.projectId);
  });

  it("install each SDK from this deployment's own URLs", () => {
    expect(installCommands(target.baseUrl)).toEqual({
      typescript: "npm install https://keys.example.com/sdk/keyport-sdk.tgz",
      cli: "npm install -g https://keys.example.com/sdk/keyport-cli.tgz",
      python: "pip install https://keys.example.com/sdk/keyport.tar.gz",
      go: "GOPROXY=https://keys.example.com/go GONOSUMDB=keyport.dev go get keyport.dev/go/keyport",
    });
  });
});
