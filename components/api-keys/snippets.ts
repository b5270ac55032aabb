// Copyable snippets that verify a key against this deployment, one per ready SDK. Pure, so the
// Go snippet can be checked by gofmt and go vet (snippets.test.ts).

export type SnippetTarget = { baseUrl: string; projectId: string };

export function curlSnippet({ baseUrl, projectId }: SnippetTarget): string {
  return `curl -X POST ${baseUrl}/api/v1/keys/verify \\
  -H "Authorization: Bearer $KEYPORT_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"app_id": "${projectId}"}'`;
}

/** Plain net/http: no SDK to install. gofmt-clean (tabs), and vets. */
export function goSnippet({ baseUrl, projectId }: SnippetTarget): string {
  return `package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
)

func main() {
	body, err := json.Marshal(map[string]string{"app_id": ${JSON.stringify(projectId)}})
	if err != nil {
		panic(err)
	}
	req, err := http.NewRequest(http.MethodPost, ${JSON.stringify(`${baseUrl}/api/v1/keys/verify`)}, bytes.NewReader(body))
	if err != nil {
		panic(err)
	}
	req.Header.Set("Authorization", "Bearer "+os.Getenv("KEYPORT_API_KEY"))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var result map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&result); err != nil {
		panic(err)
	}
	// 200: the key is valid; 401 or 403: a problem+json body says why.
	fmt.Println(resp.StatusCode, result)
}
`;
}

export function typeScriptSnippet({ baseUrl, projectId }: SnippetTarget): string {
  return `import { Keyport } from "./lib/sdk";

const keyport = new Keyport({ baseUrl: "${baseUrl}" });
const result = await keyport.verifyKey(process.env.KEYPORT_API_KEY!, {
  appId: "${projectId}",
  environment: "live",
});
console.log(result.keyId, result.scopes);`;
}
