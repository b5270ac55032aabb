// IP addresses and ranges, parsed and matched with ipaddr.js (IPv4, IPv6, IPv4-mapped IPv6),
// never regexes. Pure: used by the environment's trusted proxies, the keys' allowlists, the
// verifier and the client's address alike, and depends on nothing of ours.
import ipaddr from "ipaddr.js";

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;
export type IpRange = [IpAddress, number];

/** An address as a client or proxy writes it (`1.2.3.4`, `::1`, `[::1]`, `1.2.3.4:5678`), or null. */
export function parseIpAddress(text: string | undefined): IpAddress | null {
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
    const address = parseIpAddress(text);
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

export function inRanges(address: IpAddress, ranges: readonly IpRange[]): boolean {
  return ranges.some(([range, bits]) => address.kind() === range.kind() && address.match(range, bits));
}
