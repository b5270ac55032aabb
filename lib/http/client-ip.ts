// Who the client is: the address of the socket, unless that socket is a trusted proxy
// (KEYPORT_TRUSTED_PROXIES), in which case X-Forwarded-For is read from the right, each trusted
// proxy vouching for the hop before it, and the first address that is not a trusted proxy is
// the client. A header from anyone else is ignored, so nobody can claim another address.
// Addresses and ranges are parsed and matched by lib/net/ip.ts.
import { inRanges, parseIpAddress, type IpRange } from "@/lib/net/ip";

/** The header through which the production server hands the resolved address to Next. */
export const CLIENT_IP_HEADER = "x-keyport-client-ip";

/** The client's address, as described above; null when even the socket's is unknown. */
export function resolveClientIp(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trustedProxies: readonly IpRange[],
): string | null {
  const peer = parseIpAddress(socketAddress);
  if (!peer) return null;
  let client = peer;
  if (forwardedFor && inRanges(peer, trustedProxies)) {
    const hops = forwardedFor.split(",");
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = parseIpAddress(hops[i]);
      if (!hop) break; // nothing before an unreadable hop can be vouched for
      client = hop;
      if (!inRanges(hop, trustedProxies)) break;
    }
  }
  return client.toString();
}

/** The client's address as the production server resolved it for this request, if it did. */
export function clientIp(headers: Headers): string | null {
  return headers.get(CLIENT_IP_HEADER);
}
