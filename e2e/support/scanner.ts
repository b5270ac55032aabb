import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { baseURL } from "./env";

// A secret scanner, as GitHub's partner program sends reports: a JSON array of tokens,
// signed with ECDSA P-256 / SHA-256 over the raw body, base64 DER in a header.

export type ReportItem = { token: string; type: string; url: string; source: string };

/** The scanner the suite's server trusts (its key pair is made by playwright.config.ts). */
export const suiteScanner = { identifier: "e2e-scanner", privateKey: createPrivateKey(process.env.KEYPORT_E2E_SCANNER_KEY!) };

/** A new scanner key pair, and the configuration that makes a server trust it. */
export function newScanner(identifier: string): { identifier: string; privateKey: KeyObject; config: string } {
  const pair = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const config = JSON.stringify({
    public_keys: [{ key_identifier: identifier, key: pair.publicKey.export({ type: "spki", format: "pem" }), is_current: true }],
  });
  return { identifier, privateKey: pair.privateKey, config };
}

export function signReport(body: string | Buffer, privateKey: KeyObject): string {
  return sign("sha256", Buffer.from(body), { key: privateKey, dsaEncoding: "der" }).toString("base64");
}

export function leak(token: string, url = "https://github.com/octo/app/blob/main/.env"): ReportItem {
  return { token, type: "keyport_api_key", url, source: "content" };
}

/** POSTs a report signed by `scanner` (or with the given headers instead) and reads the answer. */
export async function sendReport(
  items: ReportItem[] | string,
  options: { origin?: string; scanner?: { identifier: string; privateKey: KeyObject }; headers?: Record<string, string> } = {},
) {
  const body = typeof items === "string" ? items : JSON.stringify(items);
  const scanner = options.scanner ?? suiteScanner;
  const headers = options.headers ?? {
    "github-public-key-identifier": scanner.identifier,
    "github-public-key-signature": signReport(body, scanner.privateKey),
  };
  const response = await fetch(`${options.origin ?? baseURL}/api/v1/secret-scanning/report`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, headers: response.headers, body: parsed as any };
}
