import { describe, expect, it } from "vitest";
import { looksLikePhone } from "./phone";

const from = (headers: Record<string, string>) => looksLikePhone(new Headers(headers));

describe("looksLikePhone", () => {
  it("believes the mobile Client Hint over the User-Agent", () => {
    expect(from({ "sec-ch-ua-mobile": "?1", "user-agent": "Mozilla/5.0 (X11; Linux x86_64)" })).toBe(true);
    expect(from({ "sec-ch-ua-mobile": "?0", "user-agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile Safari/537.36" })).toBe(false);
  });

  it("reads phones from the User-Agent when there is no hint, tablets and desktops not", () => {
    expect(from({ "user-agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Mobile/15E148 Safari/604.1" })).toBe(true);
    expect(from({ "user-agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36" })).toBe(true);
    expect(from({ "user-agent": "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 Chrome/131.0 Safari/537.36" })).toBe(false);
    expect(from({ "user-agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/18.0 Safari/605.1.15" })).toBe(false);
    expect(from({})).toBe(false);
  });
});
