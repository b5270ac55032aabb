// What the SDK grid and the SDK docs pages show for this deployment: how to install each SDK
// from this instance, and a snippet that verifies a key with it. Pure, so the Go snippet can be
// checked by gofmt and go vet against the real module (snippets.test.ts).

export type SnippetTarget = { baseUrl: string; projectId: string };

/** The Go module's path (sdks/go/go.mod). */
export const GO_MODULE = "keyport.dev/go/keyport";

/** One command that installs each SDK from this deployment. */
export function installCommands(baseUrl: string) {
  return {
    typescript: `npm install ${baseUrl}/sdk/keyport-sdk.tgz`,
    cli: `npm install -g ${baseUrl}/sdk/keyport-cli.tgz`,
    python: `pip install ${baseUrl}/sdk/keyport.tar.gz`,
    go: `GOPROXY=${baseUrl}/go GONOSUMDB=keyport.dev go get ${GO_MODULE}`,
  } as const;
}

export function curlSnippet({ baseUrl, projectId }: SnippetTarget): string {
  return `curl -X POST ${baseUrl}/api/v1/keys/verify \\
  -H "Authorization: Bearer $KEYPORT_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"app_id": "${projectId}"}'`;
}

/** The Go module: gofmt-clean (tabs), and vets. */
export function goSnippet({ baseUrl, projectId }: SnippetTarget): string {
  return `package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"${GO_MODULE}"
)

func main() {
	client := keyport.NewClient(${JSON.stringify(baseUrl)})
	key, err := client.VerifyKey(context.Background(), os.Getenv("KEYPORT_API_KEY"), &keyport.VerifyOptions{
		AppID:       ${JSON.stringify(projectId)},
		Environment: "live",
	})
	var kerr keyport.Error
	if errors.As(err, &kerr) {
		// 401 invalid_api_key, 403 forbidden, ...: the problem says why.
		fmt.Println(kerr.StatusCode, kerr.Code, kerr.Detail, kerr.RequestID)
		return
	} else if err != nil {
		panic(err)
	}
	fmt.Println(key.KeyID, key.Scopes)
}
`;
}

export function typeScriptSnippet({ baseUrl, projectId }: SnippetTarget): string {
  return `import { Keyport } from "@keyport/sdk";

const keyport = new Keyport({ baseUrl: "${baseUrl}" });
const result = await keyport.verifyKey(process.env.KEYPORT_API_KEY!, {
  appId: "${projectId}",
  environment: "live",
});
console.log(result.key_id, result.scopes);`;
}

export function pythonSnippet({ baseUrl, projectId }: SnippetTarget): string {
  return `import os
import keyport

client = keyport.Client("${baseUrl}")
try:
    key = client.verify_key(os.environ["KEYPORT_API_KEY"], app_id="${projectId}", environment="live")
    print(key["key_id"], key["scopes"])
except keyport.KeyportError as error:
    print(error.status, error.code, error.detail, error.request_id)`;
}

export function cliSnippet({ baseUrl, projectId }: SnippetTarget): string {
  return `keyport login --url ${baseUrl}      # asks for a management key (kpm_…)
keyport keys list --project ${projectId}
keyport keys create --project ${projectId} --name worker --environment live
KEYPORT_URL=${baseUrl} keyport keys verify "$KEYPORT_API_KEY" --app-id ${projectId} --json`;
}
