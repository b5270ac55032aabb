// Where a webhook may be sent. Endpoints over plain http, and endpoints whose address is
// loopback, private, link-local or otherwise not public unicast, are refused unless private
// endpoints are allowed (allowPrivateWebhooks, in private.ts, says when). The rule is applied to
// the address a delivery actually connects to (see deliver.ts), so a name that resolves to a
// public address when the endpoint is added and to 127.0.0.1 later (DNS rebinding) is still
// refused. Nothing here reads configuration: whether private endpoints are allowed is an
// argument, so the data layer can check an endpoint without knowing how sign-in works.
import "server-only";
import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";

/** Whether an address is public unicast (IPv4-mapped IPv6 is judged as the IPv4 it maps). */
export function isPublicAddress(address: string): boolean {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(bare)) return false;
  return ipaddr.process(bare).range() === "unicast";
}

/** Why a connection to `address` is refused, or null when it may go ahead. */
export function addressRefusal(address: string, allowPrivate: boolean): string | null {
  if (allowPrivate || isPublicAddress(address)) return null;
  return `${address} is not a public address (loopback, private and link-local addresses are refused)`;
}

/**
 * Why an endpoint URL is refused when it is added, or null. The scheme and a literal address
 * are checked here; a name is resolved, and refused if any of its addresses is not public. A
 * name that does not resolve yet is accepted: each delivery checks the address it connects to.
 */
export async function endpointUrlRefusal(text: string, allowPrivate: boolean): Promise<string | null> {
  const url = new URL(text);
  if (url.protocol !== "https:" && !allowPrivate) return "Use an https:// URL: plain http is refused.";
  if (allowPrivate) return null;
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  if (ipaddr.isValid(host)) {
    return isPublicAddress(host) ? null : `${host} is not a public address: loopback, private and link-local addresses are refused.`;
  }
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch {
    return null;
  }
  const refused = addresses.find((entry) => !isPublicAddress(entry.address));
  return refused
    ? `${host} resolves to ${refused.address}, which is not a public address: loopback, private and link-local addresses are refused.`
    : null;
}
