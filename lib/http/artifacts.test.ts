// Which /go paths name a Go module proxy file: only the protocol's own names, never a path that
// climbs out of the artifacts folder.
import { describe, expect, it } from "vitest";
import { goProxyMediaType } from "./artifacts";

describe("goProxyMediaType", () => {
  it("knows the module proxy protocol's files", () => {
    expect(goProxyMediaType(["keyport.dev", "go", "keyport", "@v", "list"])).toBe("text/plain; charset=utf-8");
    expect(goProxyMediaType(["keyport.dev", "go", "keyport", "@v", "v0.1.0.info"])).toBe("application/json");
    expect(goProxyMediaType(["keyport.dev", "go", "keyport", "@v", "v0.1.0.mod"])).toBe("text/plain; charset=utf-8");
    expect(goProxyMediaType(["keyport.dev", "go", "keyport", "@v", "v0.1.0.zip"])).toBe("application/zip");
    expect(goProxyMediaType(["keyport.dev", "go", "keyport", "@latest"])).toBe("application/json");
  });

  it("refuses anything else, and any path that climbs", () => {
    expect(goProxyMediaType(["keyport.dev", "go", "keyport", "go.mod"])).toBeNull();
    expect(goProxyMediaType(["keyport.dev", "go", "keyport", "@v", "v0.1.0.tar"])).toBeNull();
    expect(goProxyMediaType(["..", "..", "@v", "list"])).toBeNull();
    expect(goProxyMediaType(["keyport.dev", "", "@v", "list"])).toBeNull();
    expect(goProxyMediaType(["a\\..", "@v", "x.zip"])).toBeNull();
  });
});
