import { describe, expect, it } from "vitest";
import { canonicalIpEntry, inRanges, parseIpAddress, parseIpRanges } from "./ip";

describe("IP addresses and ranges", () => {
  it("reads an address as clients and proxies write it", () => {
    expect(parseIpAddress("[2001:db8::7]:4711")?.toString()).toBe("2001:db8::7");
    expect(parseIpAddress("192.0.2.44:1234")?.toString()).toBe("192.0.2.44");
    expect(parseIpAddress("::ffff:127.0.0.2")?.toString()).toBe("127.0.0.2");
    expect(parseIpAddress("not-an-ip")).toBeNull();
  });

  it("refuses what is not an address or range, naming it", () => {
    expect(() => parseIpRanges(["10.0.0.0/33"])).toThrow(/10\.0\.0\.0\/33/);
    expect(() => parseIpRanges(["proxy.internal"])).toThrow(/proxy\.internal/);
  });

  it("matches an IPv4-mapped range as the IPv4 range it maps", () => {
    const ranges = parseIpRanges(["::ffff:10.0.0.0/104"]);
    expect(inRanges(parseIpAddress("10.9.9.9")!, ranges)).toBe(true);
    expect(inRanges(parseIpAddress("11.0.0.1")!, ranges)).toBe(false);
  });

  it("writes an allowlist entry in canonical form", () => {
    expect(canonicalIpEntry("203.0.113.77/24")).toBe("203.0.113.0/24");
    expect(canonicalIpEntry("2001:DB8:0:0::1/32")).toBe("2001:db8::/32");
    expect(canonicalIpEntry("::ffff:10.1.2.3")).toBe("10.1.2.3");
    expect(canonicalIpEntry("10.1.2.3/32")).toBe("10.1.2.3");
    expect(canonicalIpEntry("10.0.0.256")).toBeNull();
  });
});
