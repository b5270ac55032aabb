import { describe, expect, it } from "vitest";
import { parseIpRanges } from "@/lib/net/ip";
import { resolveClientIp } from "./client-ip";

const trust = (...entries: string[]) => parseIpRanges(entries);

describe("who the client is", () => {
  it("is the socket's address when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    expect(resolveClientIp("127.0.0.2", "203.0.113.9", [])).toBe("127.0.0.2");
    expect(resolveClientIp("::ffff:127.0.0.2", undefined, [])).toBe("127.0.0.2");
    expect(resolveClientIp("::1", "203.0.113.9", trust("10.0.0.0/8"))).toBe("::1");
  });

  it("reads X-Forwarded-For only from a trusted proxy, right to left, to the first untrusted hop", () => {
    const proxies = trust("127.0.0.3", "10.0.0.0/8");
    expect(resolveClientIp("127.0.0.3", "203.0.113.9", proxies)).toBe("203.0.113.9");
    // A client that sends its own header cannot get past the proxy's hop: the proxy appends.
    expect(resolveClientIp("127.0.0.3", "198.51.100.66, 203.0.113.9", proxies)).toBe("203.0.113.9");
    // Trusted hops are skipped; the client is the last address no proxy of ours is.
    expect(resolveClientIp("127.0.0.3", "198.51.100.66, 203.0.113.9, 10.1.2.3", proxies)).toBe("203.0.113.9");
    // Nothing before an unreadable hop is believed.
    expect(resolveClientIp("127.0.0.3", "198.51.100.66, not-an-ip, 10.1.2.3", proxies)).toBe("10.1.2.3");
    // All trusted: the left-most.
    expect(resolveClientIp("127.0.0.3", "10.9.9.9, 10.1.2.3", proxies)).toBe("10.9.9.9");
  });

  it("matches IPv6, IPv4-mapped IPv6, bracketed and ported forms", () => {
    expect(resolveClientIp("::ffff:127.0.0.3", "2001:db8::7", trust("127.0.0.0/8"))).toBe("2001:db8::7");
    expect(resolveClientIp("::1", "[2001:db8::7]:4711", trust("::1"))).toBe("2001:db8::7");
    expect(resolveClientIp("2001:db8:1::5", "192.0.2.44:1234", trust("2001:db8:1::/48"))).toBe("192.0.2.44");
    expect(resolveClientIp("127.0.0.9", "192.0.2.44", trust("::ffff:127.0.0.0/104"))).toBe("192.0.2.44");
  });

  it("is unknown when the socket's address is", () => {
    expect(resolveClientIp(undefined, "203.0.113.9", trust("127.0.0.1"))).toBeNull();
  });
});
