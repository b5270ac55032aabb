// Who the client is: the address of the socket, unless that socket is a trusted proxy
// (KEYPORT_TRUSTED_PROXIES), in which case X-Forwarded-For is read from the right, each trusted
// proxy vouching for the hop before it, and the first address that is not a trusted proxy is
// the client. A header from anyone else is ignored, so nobody can claim another address.
// Addresses are parsed and matched with ipaddr.js (IPv4, IPv6, IPv4-mapped IPv6), never regexes.
import ipaddr from "ipaddr.js";

export type IpRange = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** The header through which the production server hands the resolved address to Next. */
export const CLIENT_IP_HEADER = "x-keyport-client-ip";

/** An address as a client or proxy writes it (`1.2.3.4`, `::1`, `[::1]`, `1.2.3.4:5678`), or null. */
function parseAddress(text: string | undefined): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (!text) return null;
  let candidate = text.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(candidate);
  if (bracketed) candidate = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(candidate)) candidate = candidate.slice(0, candidate.lastIndexOf(":"));
  return ipaddr.isValid(candidate) ? ipaddr.process(candidate) : null;
}

/** Parses CIDRs and single addresses; throws with the entry that is not one. */
export function parseIpRanges(entries: readonly string[]): IpRange[] {
  return entries.map((entry) => {
    const text = entry.trim();
    if (ipaddr.isValidCIDR(text)) {
      const [address, bits] = ipaddr.parseCIDR(text);
      // An IPv4-mapped range (::ffff:10.0.0.0/104) matches the IPv4 addresses it maps.
      if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
        return [(address as ipaddr.IPv6).toIPv4Address(), bits - 96];
      }
      return [address, bits];
    }
    const address = parseAddress(text);
    if (!address) throw new Error(`"${entry}" is not an IP address or CIDR range.`);
    return [address, address.kind() === "ipv4" ? 32 : 128];
  });
}

/**
 * An allowlist entry in canonical form (`10.1.2.3`, `203.0.113.0/24`, `2001:db8::/32`), or
 * null when it is not an address or CIDR range. Host bits of a range are cleared, and an
 * IPv4-mapped IPv6 entry becomes the IPv4 one it maps.
 */
export function canonicalIpEntry(entry: string): string | null {
  let range: IpRange;
  try {
    [range] = parseIpRanges([entry]) as [IpRange];
  } catch {
    return null;
  }
  const [address, bits] = range;
  const full = address.kind() === "ipv4" ? 32 : 128;
  if (bits === full) return address.toString();
  const network =
    address.kind() === "ipv4"
      ? ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${bits}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${bits}`);
  return `${network.toString()}/${bits}`;
}

export function inRanges(address: ipaddr.IPv4 | ipaddr.IPv6, ranges: readonly IpRange[]): boolean {
  return ranges.some(([range, bits]) => address.kind() === range.kind() && address.match(range, bits));
}

/** The client's address, as described above; null when even the socket's is unknown. */
export function resolveClientIp(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trustedProxies: readonly IpRange[],
): string | null {
  const peer = parseAddress(socketAddress);
  if (!peer) return null;
  let client = peer;
  if (forwardedFor && inRanges(peer, trustedProxies)) {
    const hops = forwardedFor.split(",");
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = parseAddress(hops[i]);
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
