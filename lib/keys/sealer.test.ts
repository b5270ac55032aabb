import { describe, expect, it } from "vitest";
import { createKeySealer } from "./sealer";
import { generateKey } from "./token";

// A freshly generated key: the repository holds no string shaped like a real one.
const KEY = generateKey({ environment: "live" }).key;

describe("the recoverable-key sealer", () => {
  it("opens what it sealed, and the sealed value does not hold the key", () => {
    const sealer = createKeySealer({ current: "first secret" });
    const sealed = sealer.seal(KEY);
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain(KEY.slice(8));
    expect(sealer.open(sealed)).toBe(KEY);
    // A fresh IV each time: the same key never seals to the same value.
    expect(sealer.seal(KEY)).not.toBe(sealed);
  });

  it("still opens values sealed under the previous secret after a rotation, and seals under the new one", () => {
    const before = createKeySealer({ current: "old secret" });
    const sealedBefore = before.seal(KEY);
    const after = createKeySealer({ current: "new secret", previous: "old secret" });
    expect(after.open(sealedBefore)).toBe(KEY);
    const sealedAfter = after.seal(KEY);
    expect(createKeySealer({ current: "new secret" }).open(sealedAfter)).toBe(KEY);
    // Sealed under the new secret: the old one alone cannot open it.
    expect(before.open(sealedAfter)).toBeNull();
  });

  it("opens nothing without the secret that sealed it, nor a value that was tampered with", () => {
    const sealed = createKeySealer({ current: "old secret" }).seal(KEY);
    expect(createKeySealer({ current: "new secret" }).open(sealed)).toBeNull();
    expect(createKeySealer({ current: "new secret", previous: "another secret" }).open(sealed)).toBeNull();
    const [format, iv, tag, data] = sealed.split(".") as [string, string, string, string];
    const flipped = (data[0] === "A" ? "B" : "A") + data.slice(1);
    expect(createKeySealer({ current: "old secret" }).open([format, iv, tag, flipped].join("."))).toBeNull();
    expect(createKeySealer({ current: "old secret" }).open("not sealed")).toBeNull();
  });

  it("refuses a value whose tag was shortened, which GCM would otherwise check on fewer bytes", () => {
    const sealer = createKeySealer({ current: "old secret" });
    const [format, iv, tag, data] = sealer.seal(KEY).split(".") as [string, string, string, string];
    const short = Buffer.from(tag, "base64url").subarray(0, 4).toString("base64url");
    expect(sealer.open([format, iv, short, data].join("."))).toBeNull();
  });
});
