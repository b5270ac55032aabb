// The key store verification reads: a key in steady use is read again before its cached life
// ends, so none of its requests waits on the database, and a revocation still wins.
import { afterEach, describe, expect, it } from "vitest";
import { createApiKey, revokeApiKey } from "@/lib/data";
import { hashKey } from "@/lib/keys/token";
import { newWorkspace, sleep } from "@/test/fixtures";
import { prisma } from "./client";
import { CachedKeyStore } from "./verify";
import { REFRESH_AHEAD_MS, REVOCATION_STALENESS_MS } from "./verify-cache";

const stores: CachedKeyStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

/** A store of its own, once its revocation listener has proved itself (its cache is served). */
async function trustedStore(): Promise<CachedKeyStore> {
  const store = new CachedKeyStore({ cache: true });
  stores.push(store);
  for (let i = 0; i < 100 && !store.isCacheTrusted; i++) await sleep(50);
  expect(store.isCacheTrusted).toBe(true);
  return store;
}

/** A new key's hash, and its id. */
async function newKey(): Promise<{ hash: string; id: string; caller: Awaited<ReturnType<typeof newWorkspace>>["caller"] }> {
  const { project, caller } = await newWorkspace("Key store");
  const created = await createApiKey(caller, { projectId: project.id, input: { name: "before" } });
  return { hash: hashKey(created.key), id: created.apiKey.id, caller };
}

/** Sleeps until `ms` after `from` (performance.now()). */
const until = (from: number, ms: number) => sleep(Math.max(0, from + ms - performance.now()));

describe("CachedKeyStore", () => {
  it("reads a key in use again during the last second of its cached life, answering from the cache meanwhile", async () => {
    const store = await trustedStore();
    const { hash, id } = await newKey();
    const cachedAt = performance.now();
    expect((await store.findByHash(hash))?.name).toBe("before");
    // Changed behind the cache's back (no key-change event): only a read of the database sees it.
    await prisma.apiKey.update({ where: { id }, data: { name: "after" } });

    // Before the last second: the cached result, and no read.
    await until(cachedAt, REVOCATION_STALENESS_MS - REFRESH_AHEAD_MS - 1000);
    expect((await store.findByHash(hash))?.name).toBe("before");

    // In the last second: this request is still answered from the cache, and starts the read.
    await until(cachedAt, REVOCATION_STALENESS_MS - REFRESH_AHEAD_MS + 100);
    expect((await store.findByHash(hash))?.name).toBe("before");
    // Before the old entry would have expired, the read's result is what is cached.
    let name: string | undefined = "before";
    while (name === "before" && performance.now() < cachedAt + REVOCATION_STALENESS_MS - 100) {
      await sleep(50);
      name = (await store.findByHash(hash))?.name;
    }
    expect(name).toBe("after");
    // Past the old entry's life, the key is still cached: its next read is due a second before
    // the new entry's end, so a key in steady use never misses.
    await until(cachedAt, REVOCATION_STALENESS_MS + 200);
    await prisma.apiKey.update({ where: { id }, data: { name: "later" } });
    expect((await store.findByHash(hash))?.name).toBe("after");
  }, 20_000);

  it("never caches the background read over a revocation heard meanwhile", async () => {
    const store = await trustedStore();
    for (let trial = 0; trial < 3; trial++) {
      const { hash, id, caller } = await newKey();
      const cachedAt = performance.now();
      expect((await store.findByHash(hash))?.revoked).toBe(false);
      await until(cachedAt, REVOCATION_STALENESS_MS - REFRESH_AHEAD_MS + 100 + trial * 100);
      // Starts the background read, then the key is revoked while that read may be in flight.
      expect((await store.findByHash(hash))?.revoked).toBe(false);
      await revokeApiKey(caller, { keyId: id });
      expect((await store.findByHash(hash))?.revoked).toBe(true);
      await sleep(300);
      expect((await store.findByHash(hash))?.revoked).toBe(true);
    }
  }, 40_000);
});
